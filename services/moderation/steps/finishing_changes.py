"""What capture did with an approved change request, as moderation keeps it: the named
fields opened to the party until a moment, then the change applied — or the fields
closed with nothing validated, or the approved text refused by the questionnaire's
checks. The request is done then."""

from contracts.activity import ActivityTarget, Outcome
from contracts.change_requests import ChangeRequestStatus
from contracts.envelope import utc_now
from contracts.events.capture import ChangeCompleted, ChangeOutcome, ChangeWindowOpened
from services.moderation.store import change_requests
from services.runtime.activity import record_activity
from services.runtime.connections import Connection
from services.runtime.service_deps import ServiceDeps

FINISHED: dict[ChangeOutcome, ChangeRequestStatus] = {
    ChangeOutcome.APPLIED: ChangeRequestStatus.APPLIED,
    ChangeOutcome.LAPSED: ChangeRequestStatus.LAPSED,
    ChangeOutcome.NOT_APPLIED: ChangeRequestStatus.NOT_APPLIED,
}


async def note_window_opened(conn: Connection, opened: ChangeWindowOpened) -> None:
    await change_requests.window_opened(conn, opened.request_id, opened.closes_at)


async def note_completed(conn: Connection, deps: ServiceDeps, completed: ChangeCompleted) -> None:
    status = FINISHED[completed.outcome]
    await change_requests.finish(conn, completed.request_id, status, completed.reason, utc_now())
    await record_activity(
        conn,
        deps.outbox,
        action="change_request.finish",
        outcome=Outcome.OK,
        target=ActivityTarget(kind="candidacy", id=completed.candidacy_id),
        detail={"solicitud": completed.request_id, "resultado": completed.outcome.value},
    )
