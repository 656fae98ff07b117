"""The in-app inbox of each account, the local mailbox, and notices from other services."""

from contracts.accounts import (
    Inbox,
    Mailbox,
    MailMessage,
    NoticeCount,
    NoticeRef,
    SendNotice,
    SendScopeNotice,
)
from contracts.activity import ActivityTarget, Outcome
from contracts.envelope import utc_now
from contracts.errors import ErrorCode
from contracts.requests import Empty, Request
from contracts.roles import Role
from services.accounts import store
from services.accounts.domain import permissions
from services.accounts.handlers.refusals import permission_refusals, refuse, signed_in
from services.accounts.notices import notify
from services.accounts.views import notice_view
from services.runtime.activity import record_activity
from services.runtime.service_deps import ServiceDeps


async def inbox(deps: ServiceDeps, request: Request[Empty]) -> Inbox:
    principal = signed_in(request.principal)
    notices = [notice_view(row) for row in await store.inbox(deps.pool, principal.account_id)]
    return Inbox(notices=notices, unread=sum(1 for n in notices if n.read_at is None))


async def mark_read(deps: ServiceDeps, request: Request[NoticeRef]) -> Empty:
    principal = signed_in(request.principal)
    found = await store.mark_notice_read(
        deps.pool, request.payload.notice_id, principal.account_id, utc_now()
    )
    if not found:
        raise refuse(ErrorCode.NOT_FOUND, "No existe ese aviso en su bandeja.")
    return Empty()


async def mailbox(deps: ServiceDeps, request: Request[Empty]) -> Mailbox:
    """The local mailbox: every e-mail the system wrote, sent or not (admins and support)."""
    with permission_refusals():
        permissions.require_role(request.principal, Role.ADMIN, Role.SUPPORT)
    return Mailbox(
        messages=[
            MailMessage(
                message_id=row["message_id"],
                to=row["to_address"],
                subject=row["subject"],
                body=row["body"],
                created_at=row["created_at"],
                sent_at=row["sent_at"],
            )
            for row in await store.mailbox(deps.pool)
        ]
    )


async def send(deps: ServiceDeps, request: Request[SendNotice]) -> NoticeRef:
    """A service's notice to an account; callers are services, not people."""
    if request.principal is not None:
        raise refuse(ErrorCode.FORBIDDEN, "Los avisos los envían los servicios del sistema.")
    form = request.payload
    async with deps.pool.acquire() as conn, conn.transaction():
        if await store.account(conn, form.account_id) is None:
            raise refuse(ErrorCode.NOT_FOUND, "No existe esa cuenta.")
        notice_id = await notify(conn, form.account_id, form.subject, form.body)
        assert notice_id is not None  # no key: always new
        await record_activity(
            conn,
            deps.outbox,
            action="notice.send",
            outcome=Outcome.OK,
            target=ActivityTarget(kind="account", id=form.account_id),
            request_id=request.request_id,
            detail={"aviso": notice_id},
        )
    return NoticeRef(notice_id=notice_id)


async def send_to_scope(deps: ServiceDeps, request: Request[SendScopeNotice]) -> NoticeCount:
    """A service's notice to a party's accounts of some roles and a candidacy's own."""
    if request.principal is not None:
        raise refuse(ErrorCode.FORBIDDEN, "Los avisos los envían los servicios del sistema.")
    form = request.payload
    sent = 0
    async with deps.pool.acquire() as conn, conn.transaction():
        targets = [
            row
            for row in await store.live_accounts_in_scope(
                conn, form.election_id, form.scope.kind.value, form.scope.id
            )
            if row["role"] in form.roles
            or (form.candidacy_id is not None and row["candidacy_id"] == form.candidacy_id)
        ]
        own = await store.live_account_of_candidacy(conn, form.candidacy_id or "")
        if own is not None and own["account_id"] not in {t["account_id"] for t in targets}:
            targets.append(own)
        for row in targets:
            if await notify(conn, row["account_id"], form.subject, form.body, form.key):
                sent += 1
                await record_activity(
                    conn,
                    deps.outbox,
                    action="notice.send",
                    outcome=Outcome.OK,
                    target=ActivityTarget(kind="account", id=row["account_id"]),
                    request_id=request.request_id,
                    detail={"clave": form.key[:200]},
                )
    return NoticeCount(sent=sent)
