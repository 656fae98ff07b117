"""The admin decides a change request (000 §5.4, 002 §II.C): approves it — where the
institute applies the change, with the party's text or its own edit of it — or rejects
it with a reason. Capture hears ``change_request.decided`` and applies the text or opens
the named fields to the party; the filer's side hears the decision (accounts)."""

from contracts.activity import DetailValue
from contracts.change_requests import (
    ApproveChangeRequest,
    ChangeRequestStatus,
    ChangeRequestView,
    RejectChangeRequest,
)
from contracts.envelope import utc_now
from contracts.events.moderation import CHANGE_REQUEST_DECIDED, ChangeRequestDecided
from services.moderation.domain.errors import NotFound
from services.moderation.domain.once_per_candidacy import (
    approved_changes,
    check_changes,
    check_may_decide,
    check_pending,
)
from services.moderation.steps.filing_changes import NO_REQUEST, view_of
from services.moderation.steps.recording import SignedIn, on_candidacy, record
from services.moderation.store import candidacies, change_requests
from services.moderation.store.change_requests import ChangeRequest
from services.runtime.connections import Connection
from services.runtime.service_deps import ServiceDeps


async def _pending(conn: Connection, request_id: str, caller: SignedIn) -> ChangeRequest:
    row = await change_requests.request(conn, request_id, lock=True)
    if row is None:
        raise NotFound(NO_REQUEST)
    check_may_decide(caller.principal, row.election_id)
    check_pending(row.status)
    return row


async def _decided(
    conn: Connection,
    deps: ServiceDeps,
    caller: SignedIn,
    row: ChangeRequest,
    *,
    approved: dict[str, str] | None,
    reason: str | None,
) -> ChangeRequestView:
    now, by = utc_now(), caller.principal.account_id
    status = ChangeRequestStatus.REJECTED if approved is None else ChangeRequestStatus.APPROVED
    await change_requests.decide(conn, row.request_id, status, by, now, reason, approved)
    fields = sorted(row.changes)
    await deps.outbox.add(
        conn,
        CHANGE_REQUEST_DECIDED,
        ChangeRequestDecided(
            election_id=row.election_id,
            candidacy_id=row.candidacy_id,
            capturing_party=row.capturing_party,
            request_id=row.request_id,
            fields=fields,
            approved=approved is not None,
            mode=row.mode,
            changes=approved or {},
            reason=reason,
            filed_by=row.filed_by,
            decided_at=now,
        ),
        actor=caller.actor,
        election_id=row.election_id,
        subject_id=row.candidacy_id,
    )
    detail: dict[str, DetailValue] = {"solicitud": row.request_id, "campos": fields}
    if reason:
        detail["motivo"] = reason[:500]
    action = "change_request.approve" if approved is not None else "change_request.reject"
    await record(conn, deps.outbox, caller, action, on_candidacy(row.candidacy_id), detail)
    decided = await change_requests.request(conn, row.request_id)
    assert decided is not None  # just updated
    return view_of(decided, await candidacies.candidacy(conn, row.candidacy_id))


async def approve(
    conn: Connection, deps: ServiceDeps, order: ApproveChangeRequest, caller: SignedIn
) -> ChangeRequestView:
    row = await _pending(conn, order.request_id, caller)
    approved = approved_changes(row.mode, row.changes, order.cambios)
    check_changes(approved, row.mode)
    return await _decided(conn, deps, caller, row, approved=approved, reason=None)


async def reject(
    conn: Connection, deps: ServiceDeps, order: RejectChangeRequest, caller: SignedIn
) -> ChangeRequestView:
    row = await _pending(conn, order.request_id, caller)
    return await _decided(conn, deps, caller, row, approved=None, reason=order.motivo.strip())
