"""The audit service's refusals, as typed error replies in Spanish."""

from contracts.errors import ErrorCode, ErrorReply
from contracts.requests import Principal
from services.runtime.requests import RequestRefused


def refuse(code: ErrorCode, detail: str) -> RequestRefused:
    return RequestRefused(ErrorReply.of(code, detail))


def log_read_refused(principal: Principal | None) -> RequestRefused:
    """domain/access.py's LogReadRefused, for the caller it refused."""
    if principal is None:
        return refuse(ErrorCode.UNAUTHENTICATED, "Inicie sesión para consultar la bitácora.")
    return refuse(
        ErrorCode.FORBIDDEN,
        "Solo la administración y soporte consultan la bitácora; los partidos y las "
        "candidaturas, las entradas sobre sus propias candidaturas.",
    )


def beyond_the_log(current: int, size: int) -> RequestRefused:
    return refuse(ErrorCode.NOT_FOUND, f"La bitácora tiene {current} entradas; no llega a {size}.")
