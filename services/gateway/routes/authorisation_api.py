"""The JSON API of the institute's authorisation before publication (002 §II.C) and of
its review of what is published (000 §5.6, 004 §4.IV, §34)."""

from pydantic import BaseModel

from contracts.errors import ErrorCode
from contracts.moderation import CheckPublished
from contracts.operations import moderation as moderation_operations
from services.gateway.forwards import Forward, declare_forwards
from services.gateway.routes.consent_review_api import DECISION_ERRORS, DENIED, TAG


class CheckNote(BaseModel):
    nota: str = CheckPublished.model_fields["nota"].default


declare_forwards(
    TAG,
    Forward(
        "get_authorisation_queue",
        "GET /api/v1/elecciones/{election_id}/autorizaciones",
        moderation_operations.AUTHORISATION_QUEUE,
        "Las candidaturas validadas que esperan la autorización del Instituto",
        (*DENIED, ErrorCode.NOT_FOUND),
    ),
    Forward(
        "post_authorisation",
        "POST /api/v1/candidaturas/{candidacy_id}/autorizacion",
        moderation_operations.AUTHORISATION_AUTHORISE,
        "Autorizar la publicación de una candidatura validada",
        DECISION_ERRORS,
    ),
    Forward(
        "get_published_review",
        "GET /api/v1/elecciones/{election_id}/publicadas",
        moderation_operations.AUTHORISATION_PUBLISHED,
        "Lo publicado, para su revisión: qué se verificó de cada candidatura y cuándo",
        (*DENIED, ErrorCode.NOT_FOUND),
    ),
    Forward(
        "post_published_check",
        "POST /api/v1/candidaturas/{candidacy_id}/verificacion-publicada",
        moderation_operations.AUTHORISATION_CHECK,
        "Registrar que se verificó lo publicado de una candidatura",
        DECISION_ERRORS,
        body=CheckNote,
    ),
)
