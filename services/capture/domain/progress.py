"""How far each live candidacy's questionnaires came, and who watches it: the institute
monitors who has not captured or is incomplete, by party and office, to tell the party's
liaison (000 §5.6, 002 §I.A.IX, 004 §32). Only the institute's staff read it; a staff
account bound to one election reaches nothing of another."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from contracts.capture import Progress
from contracts.requests import Principal
from contracts.roles import OutOfScope, Role
from services.capture.domain.errors import Forbidden
from services.capture.domain.one_chance import CaptureStatus

MONITORS = frozenset({Role.VERIFIER, Role.ADMIN})
LAGGING = frozenset({Progress.NOT_CAPTURED, Progress.INCOMPLETE})


def check_may_monitor(principal: Principal, election_id: str) -> None:
    if principal.role not in MONITORS:
        raise Forbidden("El seguimiento de la captura es del personal del Instituto.")
    if principal.election_id not in (None, election_id):
        raise OutOfScope


def progress_of(
    status: CaptureStatus,
    curricular: Mapping[str, int] | None,
    identity: Mapping[str, int] | None,
) -> Progress:
    """A draft never saved is not captured; a draft with a questionnaire never saved, or
    a section under 100 %, is incomplete."""
    if status is CaptureStatus.VALIDATED:
        return Progress.VALIDATED
    if status is CaptureStatus.SUBMITTED:
        return Progress.SUBMITTED
    if curricular is None and identity is None:
        return Progress.NOT_CAPTURED
    sections = [*(curricular or {}).values(), *(identity or {}).values()]
    if curricular is None or identity is None or any(value < 100 for value in sections):
        return Progress.INCOMPLETE
    return Progress.COMPLETE


@dataclass(frozen=True)
class Tallied:
    """One candidacy as the tally counts it."""

    candidacy_id: str
    owner_name: str
    capturing_party: str | None
    office: str
    progress: Progress


def grouped(candidacies: Iterable[Tallied]) -> dict[tuple[str | None, str], list[Tallied]]:
    """By party (independents last) and office, each group in the order given."""
    groups: dict[tuple[str | None, str], list[Tallied]] = {}
    for one in candidacies:
        groups.setdefault((one.capturing_party, one.office), []).append(one)
    return dict(sorted(groups.items(), key=lambda kv: (kv[0][0] is None, kv[0][0] or "", kv[0][1])))
