"""The moderation JSON API: the verifiers' queue, one candidacy's review and the decisions
that disable (or enable again) publication; the observations a party reads."""

from pydantic import BaseModel

from contracts.errors import ErrorCode
from contracts.moderation import QueueFilters
from contracts.operations import moderation as moderation_operations
from services.gateway.forwards import Forward, declare_forwards

TAG = "moderación"
DENIED = (ErrorCode.UNAUTHENTICATED, ErrorCode.FORBIDDEN)


class DecisionBody(BaseModel):
    campo: str | None = None
    prohibicion: str
    nota: str


class ReversalBody(BaseModel):
    motivo: str


declare_forwards(
    TAG,
    Forward(
        "get_review_queue",
        "GET /api/v1/moderacion/cola",
        moderation_operations.REVIEW_QUEUE,
        "Cola de revisión de una elección: las señaladas primero; una página, con el total",
        (*DENIED, ErrorCode.NOT_FOUND, ErrorCode.INVALID_REQUEST),
        query=QueueFilters,
    ),
    Forward(
        "get_review",
        "GET /api/v1/moderacion/candidaturas/{candidacy_id}",
        moderation_operations.REVIEW_GET,
        "Revisión de una candidatura: su texto público, las señales con su evidencia y las "
        "decisiones con su historial",
        (*DENIED, ErrorCode.NOT_FOUND),
    ),
    Forward(
        "post_review_decision",
        "POST /api/v1/moderacion/candidaturas/{candidacy_id}/decisiones",
        moderation_operations.REVIEW_DECIDE,
        "Deshabilitar la publicación de un campo (o del perfil completo), con la prohibición "
        "y el motivo",
        (*DENIED, ErrorCode.NOT_FOUND, ErrorCode.CONFLICT, ErrorCode.INVALID_REQUEST),
        body=DecisionBody,
    ),
    Forward(
        "post_review_reversal",
        "POST /api/v1/moderacion/candidaturas/{candidacy_id}/decisiones/{decision_id}/reversion",
        moderation_operations.REVIEW_REVERSE,
        "Volver a habilitar lo que una decisión vigente deshabilitó, con el motivo",
        (*DENIED, ErrorCode.NOT_FOUND, ErrorCode.CONFLICT, ErrorCode.INVALID_REQUEST),
        body=ReversalBody,
    ),
    Forward(
        "post_review_clear",
        "POST /api/v1/moderacion/candidaturas/{candidacy_id}/sin-observaciones",
        moderation_operations.REVIEW_CLEAR,
        "Dar por revisada una candidatura sin observaciones",
        (*DENIED, ErrorCode.NOT_FOUND),
    ),
    Forward(
        "get_observations",
        "GET /api/v1/observaciones",
        moderation_operations.OBSERVATIONS,
        "Observaciones del Instituto sobre las candidaturas propias, con su historial",
        DENIED,
    ),
)
