"""Who reviews what (DESIGN §1): the institute's verifiers moderate and the admin reads
everything; a staff account bound to one election reaches nothing of another. A party's
accounts and an independent read only the observations on their own candidacies
(000 §4.5)."""

from contracts.requests import Principal
from contracts.roles import Role
from services.moderation.domain.errors import Forbidden, NotFound

REVIEWERS = frozenset({Role.VERIFIER, Role.ADMIN})
DECIDERS = frozenset({Role.VERIFIER})
OBSERVATION_READERS = frozenset(
    {
        Role.SUPERVISOR,
        Role.PARTY_ADMIN,
        Role.CAPTURIST,
        Role.VALIDATOR,
        Role.INDEPENDENT,
        Role.CANDIDATE,
    }
)


def check_may_review(principal: Principal, election_id: str) -> None:
    if principal.role not in REVIEWERS:
        raise Forbidden("La revisión es del personal verificador del Instituto.")
    if principal.election_id is not None and principal.election_id != election_id:
        raise NotFound("No existe esa elección.")


def check_may_decide(principal: Principal, election_id: str) -> None:
    if principal.role not in DECIDERS:
        raise Forbidden("Solo el personal verificador deshabilita o habilita publicaciones.")
    check_may_review(principal, election_id)


def check_may_read_observations(principal: Principal) -> None:
    if principal.role not in OBSERVATION_READERS or principal.election_id is None:
        raise Forbidden("Las observaciones son del enlace de cada partido o candidatura.")


SCORERS = frozenset({Role.VERIFIER})
NO_CEDULA = "Esta elección no lleva Cédula de Evaluación: el perfil del Instituto no la contempla."


def check_may_score(principal: Principal, election_id: str) -> None:
    """The Cédula is scored by the verifiers (001 §6, DESIGN §1); the admin reads it."""
    if principal.role not in SCORERS:
        raise Forbidden("Solo el personal verificador califica la Cédula de Evaluación.")
    check_may_review(principal, election_id)


QUALITY_READERS = frozenset({Role.VERIFIER, Role.ADMIN, Role.ANALYST})


def check_may_read_quality(principal: Principal, election_id: str) -> None:
    """The curricular quality per party is the analysis area's too (004 §45-48): figures
    per party, no candidacy named."""
    if principal.role not in QUALITY_READERS:
        raise Forbidden(
            "La calidad curricular es del área de análisis y del personal del Instituto."
        )
    if principal.election_id is not None and principal.election_id != election_id:
        raise NotFound("No existe esa elección.")
