"""The JSON API of completeness monitoring (000 §5.6, 002 §I.A.IX): capture's tally by
party and office, and moderation's one-click notice to the party's liaison."""

from pydantic import BaseModel

from contracts.errors import ErrorCode
from contracts.operations import capture as capture_operations
from contracts.operations import moderation as moderation_operations
from services.gateway.forwards import Forward, declare_forwards
from services.gateway.routes.consent_review_api import DECISION_ERRORS, DENIED, TAG


class Notice(BaseModel):
    partido: str | None = None
    candidaturas: list[str]
    nota: str | None = None


declare_forwards(
    TAG,
    Forward(
        "get_completeness",
        "GET /api/v1/elecciones/{election_id}/completitud",
        capture_operations.CANDIDACY_COMPLETENESS,
        "Candidaturas sin capturar o incompletas, por partido y cargo",
        (*DENIED, ErrorCode.NOT_FOUND),
    ),
    Forward(
        "post_completeness_notice",
        "POST /api/v1/elecciones/{election_id}/avisos-completitud",
        moderation_operations.COMPLETENESS_REMIND,
        "Avisar al enlace de un partido (o a una candidatura independiente) qué falta",
        DECISION_ERRORS,
        body=Notice,
    ),
    Forward(
        "get_completeness_notices",
        "GET /api/v1/elecciones/{election_id}/avisos-completitud",
        moderation_operations.COMPLETENESS_REMINDERS,
        "Los avisos de completitud enviados en una elección",
        (*DENIED, ErrorCode.NOT_FOUND),
    ),
)
