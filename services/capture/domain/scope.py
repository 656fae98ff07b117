"""Who may capture, or read, a candidacy's questionnaires: role × scope (DESIGN §1).

A party's accounts reach only the candidacies their party captures (for a coalition,
the party the agreement names, 000 §3.13); a candidate only its own; an independent's
team only its candidacy. Who captures a party candidacy follows the profile: the party
or the candidate (000 §3.8, 001 §11, 004 §15), or the supervisor (003 §15).
"""

from dataclasses import dataclass

from contracts.profile import CapturedBy
from contracts.requests import Principal
from contracts.roles import NotAllowed, OutOfScope, Role
from services.capture.domain.errors import Forbidden

STAFF_READERS = frozenset({Role.ADMIN, Role.VERIFIER})


@dataclass(frozen=True)
class CandidacyScope:
    candidacy_id: str
    election_id: str
    capturing_party: str | None  # None: an independent candidacy


def _own(principal: Principal, candidacy: CandidacyScope) -> bool:
    if principal.election_id is not None and principal.election_id != candidacy.election_id:
        return False
    if candidacy.capturing_party is None:
        return principal.candidacy_id == candidacy.candidacy_id
    if principal.role == Role.CANDIDATE:
        return principal.candidacy_id == candidacy.candidacy_id
    return principal.party_id == candidacy.capturing_party


CAPTURERS = {
    CapturedBy.PARTY_OR_CANDIDATE: frozenset({Role.CAPTURIST, Role.CANDIDATE}),
    CapturedBy.SUPERVISOR: frozenset({Role.SUPERVISOR}),
    CapturedBy.SUPERVISOR_PARTY_OR_CANDIDATE: frozenset(
        {Role.CAPTURIST, Role.CANDIDATE, Role.SUPERVISOR}
    ),
}
"""Who captures a party candidacy's drafts, as the profile says."""


def check_may_capture(
    principal: Principal, candidacy: CandidacyScope, captured_by: CapturedBy
) -> None:
    if principal.role not in (
        Role.CAPTURIST,
        Role.SUPERVISOR,
        Role.CANDIDATE,
        Role.INDEPENDENT,
        Role.PARTY_ADMIN,
    ):
        raise NotAllowed
    if not _own(principal, candidacy):
        raise OutOfScope
    if candidacy.capturing_party is None:
        return  # an independent's team captures its own (001 §27)
    if principal.role not in CAPTURERS[captured_by]:
        raise NotAllowed


def check_may_read(principal: Principal, candidacy: CandidacyScope) -> None:
    """The institute's staff read every candidacy, but a staff account bound to one
    election reaches nothing of another; everyone else only their own."""
    if principal.role in STAFF_READERS:
        if principal.election_id not in (None, candidacy.election_id):
            raise OutOfScope
        return
    if principal.role in (Role.ANALYST, Role.SUPPORT, Role.INE, Role.REGISTRY):
        raise NotAllowed
    if not _own(principal, candidacy):
        raise OutOfScope


def is_the_person(principal: Principal, candidacy: CandidacyScope) -> bool:
    """The candidate themself (their own identity answers are theirs to read)."""
    return principal.role in (Role.CANDIDATE, Role.INDEPENDENT) and (
        principal.candidacy_id == candidacy.candidacy_id
    )


def check_may_read_file(principal: Principal, candidacy: CandidacyScope, *, public: bool) -> None:
    """A validated candidacy's photo is public; anything else needs scope over its
    candidacy (the institute's staff, its party, the person)."""
    if not public:
        check_may_read(principal, candidacy)


@dataclass(frozen=True)
class ListScope:
    """What a principal's list of candidacies is confined to; None does not confine."""

    election_id: str | None = None
    party: str | None = None
    candidacy_id: str | None = None


def list_scope(principal: Principal) -> ListScope:
    """Staff see all, a party its own, a candidate or an independent its candidacy."""
    if principal.role in (Role.ADMIN, Role.VERIFIER, Role.ANALYST, Role.SUPPORT):
        return ListScope(election_id=principal.election_id)  # None: every election
    if principal.party_id is not None and principal.role != Role.CANDIDATE:
        return ListScope(election_id=principal.election_id, party=principal.party_id)
    if principal.candidacy_id is not None:
        return ListScope(election_id=principal.election_id, candidacy_id=principal.candidacy_id)
    raise Forbidden("Su rol no consulta candidaturas.")


QUEUE_READERS = frozenset({Role.SUPERVISOR, Role.VALIDATOR, Role.INDEPENDENT, Role.PARTY_ADMIN})
"""Who has a validation queue: its party's submitted candidacies (000 §4.1)."""

STATISTICS_READERS = frozenset({Role.ADMIN, Role.ANALYST})
"""Who reads identity statistics directly (publication asks as the system)."""


def check_may_analyse(principal: Principal, election_id: str) -> None:
    """The capture-progress reports are the analysis area's and the admin's (004 §48); a
    staff account bound to one election reaches nothing of another."""
    if principal.role not in STATISTICS_READERS:
        raise Forbidden("Los informes de avance son del área de análisis y la administración.")
    if principal.election_id not in (None, election_id):
        raise OutOfScope
