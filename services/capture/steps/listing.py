"""Listing candidacies: each principal's own (staff all, a party its own, a candidate
its candidacy), and the supervisor's queue of submitted ones (000 §4.1). Reads only."""

from contracts.capture import CAPTURE_STATUS_LABEL, CandidacyList, CandidacySummary
from contracts.envelope import utc_now
from contracts.requests import Principal
from services.capture.domain.one_chance import CaptureStatus
from services.capture.domain.scope import list_scope
from services.capture.store import Conn, candidacies
from services.capture.store.candidacies import CandidacyProgress


def _summary(listed: CandidacyProgress) -> CandidacySummary:
    candidacy = listed.candidacy
    deadline = candidacy.deadline_at
    return CandidacySummary(
        candidacy_id=candidacy.candidacy_id,
        election_id=candidacy.election_id,
        owner_name=candidacy.formula.owner.full_name,
        office=candidacy.formula.office,
        capturing_party=candidacy.capturing_party,
        status=candidacy.status.value,
        capture_status=candidacy.capture_status.value,
        capture_status_label=CAPTURE_STATUS_LABEL[candidacy.capture_status.value],
        completeness={
            "curricular": listed.curricular_completeness or {},
            "identidad": listed.identity_completeness or {},
        },
        deadline_at=deadline,
        overdue=deadline is not None
        and candidacy.capture_status is CaptureStatus.DRAFT
        and deadline < utc_now(),
    )


async def candidacy_list(
    conn: Conn, principal: Principal, capture_status: CaptureStatus | None = None
) -> CandidacyList:
    listed = await candidacies.candidacies_in_scope(conn, list_scope(principal), capture_status)
    return CandidacyList(candidacies=[_summary(one) for one in listed])
