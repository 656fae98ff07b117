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
    if captured_by is CapturedBy.SUPERVISOR:
        if principal.role != Role.SUPERVISOR:
            raise NotAllowed
    elif principal.role not in (Role.CAPTURIST, Role.CANDIDATE):
        raise NotAllowed


def check_may_read(principal: Principal, candidacy: CandidacyScope) -> None:
    if principal.role in STAFF_READERS:
        return
    if principal.role in (Role.ANALYST, Role.SUPPORT, Role.INE):
        raise NotAllowed
    if not _own(principal, candidacy):
        raise OutOfScope


def is_the_person(principal: Principal, candidacy: CandidacyScope) -> bool:
    """The candidate themself (their own identity answers are theirs to read)."""
    return principal.role in (Role.CANDIDATE, Role.INDEPENDENT) and (
        principal.candidacy_id == candidacy.candidacy_id
    )
