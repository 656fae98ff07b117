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
