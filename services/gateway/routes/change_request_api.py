"""The change-request JSON API (000 §5.4, 001 §31-32, 002 §II.C): a party files its one
request to change a published candidacy; the admin lists them with their due moment
and whether they are overdue, reads one, approves it (with its own text where the
institute applies the change) or rejects it with a reason."""

from pydantic import BaseModel, Field

from contracts.change_requests import ChangeRequestReceipt
from contracts.errors import ErrorCode
from contracts.operations import moderation as moderation_operations
from services.gateway.forwards import Forward, declare_forwards

TAG = "solicitudes de cambio"
DENIED = (ErrorCode.UNAUTHENTICATED, ErrorCode.FORBIDDEN)


class Filing(BaseModel):
    cambios: dict[str, str] = Field(description="Campo → texto nuevo.")
    nota: str = ""
    recepcion: ChangeRequestReceipt | None = Field(
        default=None,
        description="Solo la administración: quién presentó la solicitud recibida por escrito "
        "en la oficialía de partes o por correo electrónico, y cuándo se recibió.",
    )


class Approval(BaseModel):
    cambios: dict[str, str] | None = None


class Rejection(BaseModel):
    motivo: str


declare_forwards(
    TAG,
    Forward(
        "post_change_request",
        "POST /api/v1/candidaturas/{candidacy_id}/solicitud-cambio",
        moderation_operations.CHANGE_REQUEST_FILE,
        "Presentar la única solicitud de cambio de una candidatura validada: los campos "
        "curriculares y su texto nuevo (la administración registra así la que recibió por "
        "escrito o por correo, con su recepción)",
        (*DENIED, ErrorCode.NOT_FOUND, ErrorCode.CONFLICT, ErrorCode.INVALID_REQUEST),
        body=Filing,
    ),
    Forward(
        "get_change_requests",
        "GET /api/v1/elecciones/{election_id}/solicitudes-cambio",
        moderation_operations.CHANGE_REQUEST_LIST,
        "Las solicitudes de cambio de la elección (la administración: todas, con su "
        "vencimiento; un partido: las suyas)",
        (*DENIED, ErrorCode.NOT_FOUND),
    ),
    Forward(
        "get_change_request",
        "GET /api/v1/solicitudes-cambio/{request_id}",
        moderation_operations.CHANGE_REQUEST_GET,
        "Una solicitud de cambio, con su estado y vencimiento",
        (*DENIED, ErrorCode.NOT_FOUND),
    ),
    Forward(
        "post_change_request_approval",
        "POST /api/v1/solicitudes-cambio/{request_id}/aprobacion",
        moderation_operations.CHANGE_REQUEST_APPROVE,
        "Aprobar la solicitud: el Instituto aplica el texto (el del partido o el suyo) o "
        "habilita los campos al partido, según el proceso",
        (*DENIED, ErrorCode.NOT_FOUND, ErrorCode.CONFLICT, ErrorCode.INVALID_REQUEST),
        body=Approval,
    ),
    Forward(
        "post_change_request_rejection",
        "POST /api/v1/solicitudes-cambio/{request_id}/rechazo",
        moderation_operations.CHANGE_REQUEST_REJECT,
        "Rechazar la solicitud, con su motivo (lo lee quien la presentó)",
        (*DENIED, ErrorCode.NOT_FOUND, ErrorCode.CONFLICT, ErrorCode.INVALID_REQUEST),
        body=Rejection,
    ),
)
