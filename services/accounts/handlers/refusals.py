"""How a handler calls a step: in a transaction of its own, with the refusals of the
domain and the steps turned into typed error replies, in Spanish — the one mapping of
the accounts service."""

from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Concatenate, ParamSpec, TypeVar

from contracts.errors import ErrorCode, ErrorReply, FieldProblem
from contracts.requests import Principal
from contracts.roles import NotAllowed, OutOfScope
from contracts.spanish_dates import short_moment
from services.accounts.domain.account_model import TeamMadeByItsAdmin
from services.accounts.domain.codes import BadCode, BadTicket
from services.accounts.domain.handover import (
    AlreadyDelivered,
    DeliveryInFuture,
    NotASubstitute,
    NothingIssued,
    NothingToPrint,
)
from services.accounts.domain.lockout import LockedOut
from services.accounts.domain.passwords import UnacceptablePassword
from services.accounts.domain.permissions import (
    InvalidChange,
    IssuedPerScope,
    LastAdmin,
    NotAService,
)
from services.accounts.domain.totp import CodeMismatch
from services.accounts.domain.usernames import UsernameTaken
from services.accounts.steps.locating import (
    NotIndependent,
    UnknownAccount,
    UnknownElection,
    UnknownParty,
)
from services.accounts.steps.notifying import UnknownNotice
from services.accounts.steps.renewing import RefreshReused, SessionEnded
from services.accounts.steps.signing_in import SignInFailed
from services.runtime.connections import Connection
from services.runtime.requests import RequestRefused
from services.runtime.service_deps import ServiceDeps

P = ParamSpec("P")
T = TypeVar("T")

SIGN_IN_FAILED = (
    "Usuario, contraseña o código de verificación incorrectos, o la cuenta no está activa."
)

FIXED: dict[type[Exception], tuple[ErrorCode, str]] = {
    NotAllowed: (ErrorCode.FORBIDDEN, "Su rol no permite esta acción."),
    OutOfScope: (
        ErrorCode.FORBIDDEN,
        "La cuenta o candidatura no pertenece a su partido o ámbito.",
    ),
    InvalidChange: (ErrorCode.CONFLICT, "La cuenta no admite ese cambio en su estado actual."),
    LastAdmin: (
        ErrorCode.CONFLICT,
        "No se puede: es la última cuenta de administración activa y el sistema quedaría "
        "sin quien lo administre. Emita y active antes otra cuenta de administración.",
    ),
    IssuedPerScope: (
        ErrorCode.INVALID_REQUEST,
        "Las cuentas de partido y de candidatura se emiten por partido o candidatura.",
    ),
    TeamMadeByItsAdmin: (
        ErrorCode.INVALID_REQUEST,
        "En esta elección el Instituto emite solo la cuenta de administración del partido o "
        "de la candidatura independiente; esa cuenta crea sus cuentas de captura, validación "
        "y supervisión.",
    ),
    NotAService: (ErrorCode.FORBIDDEN, "Los avisos los envían los servicios del sistema."),
    UnknownAccount: (ErrorCode.NOT_FOUND, "No existe esa cuenta."),
    UnknownNotice: (ErrorCode.NOT_FOUND, "No existe ese aviso en su bandeja."),
    LockedOut: (
        ErrorCode.TOO_MANY_REQUESTS,
        "Demasiados intentos fallidos. Espere unos minutos e intente de nuevo.",
    ),
    SignInFailed: (ErrorCode.UNAUTHENTICATED, SIGN_IN_FAILED),
    SessionEnded: (ErrorCode.UNAUTHENTICATED, "La sesión terminó; inicie sesión de nuevo."),
    RefreshReused: (
        ErrorCode.UNAUTHENTICATED,
        "Esta sesión se cerró por seguridad: su renovación ya se había usado. "
        "Inicie sesión de nuevo.",
    ),
    BadCode: (
        ErrorCode.NOT_FOUND,
        "El código de activación no es válido, ya se usó o venció.",
    ),
    BadTicket: (
        ErrorCode.NOT_FOUND,
        "La inscripción del segundo factor venció o se inició otra; vuelva a activar la "
        "cuenta con el mismo código de activación.",
    ),
    NothingToPrint: (
        ErrorCode.CONFLICT,
        "No hay códigos de activación pendientes de entregar para este ámbito.",
    ),
    NothingIssued: (ErrorCode.CONFLICT, "Aún no se emiten cuentas para este ámbito."),
    DeliveryInFuture: (
        ErrorCode.INVALID_REQUEST,
        "La fecha de entrega no puede estar en el futuro.",
    ),
}
NAMED = (
    UnknownElection,
    UnknownParty,
    NotIndependent,
    UsernameTaken,
    AlreadyDelivered,
    NotASubstitute,
    UnacceptablePassword,
    CodeMismatch,
)
REFUSED: tuple[type[Exception], ...] = (*FIXED, *NAMED)


def refuse(code: ErrorCode, detail: str, **extra: object) -> RequestRefused:
    return RequestRefused(ErrorReply.of(code, detail, **extra))


def field_refusal(detail: str, field: str, reasons: list[str]) -> RequestRefused:
    error = ErrorReply.of(ErrorCode.INVALID_REQUEST, detail)
    problems = [FieldProblem(field=field, reason=reason) for reason in reasons]
    return RequestRefused(error.model_copy(update={"fields": problems}))


def refusal_of(error: Exception) -> RequestRefused:
    match error:
        case UnknownElection(election_id):
            return refuse(ErrorCode.NOT_FOUND, f"La elección «{election_id}» no está configurada.")
        case UnknownParty(party_id):
            return refuse(ErrorCode.NOT_FOUND, f"El partido «{party_id}» no está en la elección.")
        case NotIndependent(candidacy_id):
            return refuse(
                ErrorCode.NOT_FOUND, f"«{candidacy_id}» no es una candidatura independiente."
            )
        case UsernameTaken(username):
            return refuse(ErrorCode.CONFLICT, f"El usuario «{username}» ya existe.")
        case AlreadyDelivered(delivered_at, time_zone):
            return refuse(
                ErrorCode.CONFLICT,
                "La entrega de estas cuentas ya se registró "
                f"({short_moment(delivered_at, time_zone)}); no se registra dos veces.",
            )
        case NotASubstitute(candidacy_id):
            return refuse(
                ErrorCode.CONFLICT,
                f"«{candidacy_id}» no es una sustitución vigente de este partido o candidatura.",
            )
        case UnacceptablePassword(problems):
            return field_refusal("La contraseña no es aceptable.", "contrasena", problems)
        case CodeMismatch():
            return field_refusal(
                "El código no coincide.",
                "codigo_totp",
                [
                    "Escriba el código de 6 dígitos que muestra su aplicación ahora; revise "
                    "que la hora de su teléfono sea correcta."
                ],
            )
    code, detail = FIXED[type(error)]
    return refuse(code, detail)


@contextmanager
def refusals() -> Iterator[None]:
    """What the domain or a step refuses, as the reply the caller reads."""
    try:
        yield
    except REFUSED as error:
        raise refusal_of(error) from None


async def in_transaction(
    deps: ServiceDeps,
    step: Callable[Concatenate[Connection, P], Awaitable[T]],
    *args: P.args,
    **kwargs: P.kwargs,
) -> T:
    """Run ``step`` in a transaction of its own; a refusal rolls it back."""
    with refusals():
        async with deps.pool.acquire() as conn, conn.transaction():
            return await step(conn, *args, **kwargs)


def signed_in(principal: Principal | None) -> Principal:
    if principal is None:
        raise refuse(ErrorCode.UNAUTHENTICATED, "Inicie sesión para continuar.")
    return principal
