"""Handlers of ``notice.*`` (each account's inbox, and the notices services send) and
``mail.mailbox`` (the local mailbox), steps/notifying.py."""

from contracts.accounts import (
    Inbox,
    Mailbox,
    NoticeCount,
    NoticeRef,
    SendNotice,
    SendScopeNotice,
)
from contracts.requests import Empty, Request
from contracts.roles import Role
from services.accounts.domain import permissions
from services.accounts.handlers.refusals import in_transaction, refusals, signed_in
from services.accounts.steps import notifying
from services.accounts.steps.recording import Origin
from services.accounts.store import mail, notices
from services.runtime.service_deps import ServiceDeps


async def inbox(deps: ServiceDeps, request: Request[Empty]) -> Inbox:
    principal = signed_in(request.principal)
    shown = await notices.inbox(deps.pool, principal.account_id)
    return Inbox(notices=shown, unread=sum(1 for n in shown if n.read_at is None))


async def mark_read(deps: ServiceDeps, request: Request[NoticeRef]) -> Empty:
    principal = signed_in(request.principal)
    notice_id = request.payload.notice_id
    await in_transaction(deps, notifying.mark_read, principal.account_id, notice_id)
    return Empty()


async def mailbox(deps: ServiceDeps, request: Request[Empty]) -> Mailbox:
    """The local mailbox: every e-mail the system wrote, sent or not (admins and support)."""
    with refusals():
        permissions.require_role(request.principal, Role.ADMIN, Role.SUPPORT)
    return Mailbox(messages=await mail.mailbox(deps.pool))


async def send(deps: ServiceDeps, request: Request[SendNotice]) -> NoticeRef:
    """A service's notice to an account; callers are services, not people."""
    with refusals():
        permissions.check_is_service(request.principal)
    return await in_transaction(deps, notifying.send, deps, Origin.of(request), request.payload)


async def send_to_scope(deps: ServiceDeps, request: Request[SendScopeNotice]) -> NoticeCount:
    """A service's notice to a party's accounts of some roles and a candidacy's own."""
    with refusals():
        permissions.check_is_service(request.principal)
    origin = Origin.of(request)
    return await in_transaction(deps, notifying.send_to_scope, deps, origin, request.payload)
