"""Tallying an election's capture progress by party and office, for the institute's
completeness monitoring (000 §5.6, 002 §I.A.IX): how many live candidacies are not
captured, incomplete, complete, sent or validated, and which lag. A read."""

from contracts.capture import (
    CompletenessGroup,
    CompletenessReport,
    ElectionRef,
    LaggingCandidacy,
    Progress,
)
from contracts.requests import Principal
from services.capture.domain.formulas import Status
from services.capture.domain.progress import (
    LAGGING,
    Tallied,
    check_may_monitor,
    grouped,
    progress_of,
)
from services.capture.domain.scope import ListScope
from services.capture.steps import listing
from services.capture.steps.finding import election_named
from services.capture.store import Conn, candidacies


async def completeness(conn: Conn, principal: Principal, ref: ElectionRef) -> CompletenessReport:
    check_may_monitor(principal, ref.election_id)
    await election_named(conn, ref.election_id)
    listed = [
        one
        for one in await candidacies.candidacies_in_scope(
            conn, ListScope(election_id=ref.election_id)
        )
        if one.candidacy.status is Status.REGISTERED
    ]
    by_id = {one.candidacy.candidacy_id: one for one in listed}
    tallied = [
        Tallied(
            candidacy_id=one.candidacy.candidacy_id,
            owner_name=one.candidacy.formula.owner.full_name,
            capturing_party=one.candidacy.capturing_party,
            office=one.candidacy.formula.office,
            progress=progress_of(
                one.candidacy.capture_status,
                one.curricular_completeness,
                one.identity_completeness,
            ),
        )
        for one in listed
    ]
    groups = []
    for (party, office), members in grouped(tallied).items():
        counts = {progress: 0 for progress in Progress}
        for member in members:
            counts[member.progress] += 1
        lagging = [
            LaggingCandidacy(
                candidacy_id=member.candidacy_id,
                owner_name=member.owner_name,
                progress=member.progress,
                completeness=listing.completeness(by_id[member.candidacy_id]),
            )
            for member in members
            if member.progress in LAGGING
        ]
        groups.append(
            CompletenessGroup(
                capturing_party=party,
                office=office,
                total=len(members),
                counts=counts,
                lagging=lagging,
            )
        )
    return CompletenessReport(election_id=ref.election_id, groups=groups)
