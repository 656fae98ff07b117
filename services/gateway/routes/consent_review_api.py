"""The JSON API of consent verification (000 §3.9; Zacatecas keeps the independents',
002 §II.B.3): the election's documents, one beside its candidacy's name, and the
verifier's acceptance or rejection. The document itself is capture's
(``GET /api/v1/archivos/{sha256}``), which the institute's staff of the election read."""

from pydantic import BaseModel

from contracts.errors import ErrorCode
from contracts.events.capture import Person
from contracts.operations import moderation as moderation_operations
from services.gateway.forwards import Forward, declare_forwards

TAG = "moderación"
DENIED = (ErrorCode.UNAUTHENTICATED, ErrorCode.FORBIDDEN)
DECISION_ERRORS = (*DENIED, ErrorCode.NOT_FOUND, ErrorCode.CONFLICT, ErrorCode.INVALID_REQUEST)


class Whose(BaseModel):
    """Whose document of the formula: the owner's (by default) or the alternate's."""

    persona: Person = Person.OWNER


class Rejection(Whose):
    motivo: str


declare_forwards(
    TAG,
    Forward(
        "get_consent_queue",
        "GET /api/v1/elecciones/{election_id}/consentimientos",
        moderation_operations.CONSENT_QUEUE,
        "Los documentos de consentimiento por verificar (y los ya decididos) de una elección",
        (*DENIED, ErrorCode.NOT_FOUND),
    ),
    Forward(
        "get_consent",
        "GET /api/v1/consentimientos/{candidacy_id}",
        moderation_operations.CONSENT_GET,
        "El documento de consentimiento de una candidatura (el de la propietaria, o con "
        "persona=suplente el de la suplente), junto a su nombre",
        (*DENIED, ErrorCode.NOT_FOUND),
        query=Whose,
    ),
    Forward(
        "post_consent_verification",
        "POST /api/v1/consentimientos/{candidacy_id}/verificacion",
        moderation_operations.CONSENT_VERIFY,
        "Verificar el consentimiento de una persona de la fórmula (o registrarlo como "
        "recibido y resguardado)",
        DECISION_ERRORS,
        query=Whose,
    ),
    Forward(
        "post_consent_rejection",
        "POST /api/v1/consentimientos/{candidacy_id}/rechazo",
        moderation_operations.CONSENT_REJECT,
        "Rechazar el documento de consentimiento, con el motivo",
        DECISION_ERRORS,
        body=Rejection,
    ),
)
