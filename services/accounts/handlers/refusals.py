"""Domain refusals turned into typed error replies, in Spanish."""

from collections.abc import Iterator
from contextlib import contextmanager

from contracts.errors import ErrorCode, ErrorReply, FieldProblem
from contracts.requests import Principal
from contracts.roles import NotAllowed, OutOfScope
from services.accounts.domain.permissions import InvalidChange, LastAdmin
from services.runtime.requests import RequestRefused

SIGN_IN_FAILED = (
    "Usuario, contraseña o código de verificación incorrectos, o la cuenta no está activa."
)


def refuse(code: ErrorCode, detail: str, **extra: object) -> RequestRefused:
    return RequestRefused(ErrorReply.of(code, detail, **extra))


def field_refusal(detail: str, field: str, reasons: list[str]) -> RequestRefused:
    error = ErrorReply.of(ErrorCode.INVALID_REQUEST, detail)
    problems = [FieldProblem(field=field, reason=reason) for reason in reasons]
    return RequestRefused(error.model_copy(update={"fields": problems}))


@contextmanager
def permission_refusals() -> Iterator[None]:
    try:
        yield
    except NotAllowed:
        raise refuse(ErrorCode.FORBIDDEN, "Su rol no permite esta acción.") from None
    except OutOfScope:
        raise refuse(
            ErrorCode.FORBIDDEN, "La cuenta o candidatura no pertenece a su partido o ámbito."
        ) from None
    except InvalidChange:
        raise refuse(
            ErrorCode.CONFLICT, "La cuenta no admite ese cambio en su estado actual."
        ) from None
    except LastAdmin:
        raise refuse(
            ErrorCode.CONFLICT,
            "No se puede: es la última cuenta de administración activa y el sistema quedaría "
            "sin quien lo administre. Emita y active antes otra cuenta de administración.",
        ) from None


def signed_in(principal: Principal | None) -> Principal:
    if principal is None:
        raise refuse(ErrorCode.UNAUTHENTICATED, "Inicie sesión para continuar.")
    return principal
