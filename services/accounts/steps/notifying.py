"""Notices to an account: always in its in-app inbox, and by e-mail when it has an address.

E-mail is written to the ``mail`` table in the same transaction as the notice and sent
by a timer (steps/mailing.py) through SMTP when one is configured; with no SMTP it stays
there, the local mailbox admins read in the console. Later issues send their notices
(moderation observations, deadline reminders, incident updates) through here.
"""

from contracts.accounts import AccountStatus, NoticeCount, NoticeRef, SendNotice, SendScopeNotice
from contracts.envelope import new_event_id, utc_now
from contracts.events.capture import CorrectionRequested
from contracts.roles import Role
from services.accounts.steps.locating import known_account
from services.accounts.steps.recording import Origin, account_target
from services.accounts.store import accounts, mail, notices
from services.accounts.store.accounts import AccountFilter
from services.runtime.connections import Connection
from services.runtime.service_deps import ServiceDeps


class UnknownNotice(Exception):
    """No such notice in the caller's own inbox."""


async def notify(
    conn: Connection, account_id: str, subject: str, body: str, key: str | None = None
) -> str | None:
    """The new notice's id; None when ``key`` already brought this notice to the account."""
    now = utc_now()
    notice_id = str(new_event_id())
    if not await notices.insert_notice(
        conn,
        notice_id=notice_id,
        account_id=account_id,
        subject=subject,
        body=body,
        created_at=now,
        key=key,
    ):
        return None
    account = await accounts.account(conn, account_id)
    if account is not None and account.email:
        await mail.insert_mail(
            conn,
            message_id=str(new_event_id()),
            to_address=account.email,
            subject=subject,
            body=body,
            created_at=now,
        )
    return notice_id


async def send(conn: Connection, deps: ServiceDeps, origin: Origin, form: SendNotice) -> NoticeRef:
    """A service's notice to one account."""
    await known_account(conn, form.account_id)
    notice_id = await notify(conn, form.account_id, form.subject, form.body)
    assert notice_id is not None  # no key: always new
    await origin.record(
        conn,
        deps.outbox,
        "notice.send",
        target=account_target(form.account_id),
        detail={"aviso": notice_id},
    )
    return NoticeRef(notice_id=notice_id)


async def send_to_scope(
    conn: Connection, deps: ServiceDeps, origin: Origin, form: SendScopeNotice
) -> NoticeCount:
    """A service's notice to a party's accounts of some roles and a candidacy's own; the
    key makes a repeated send reach each inbox once."""
    targets = [
        account
        for account in await accounts.live_accounts_in_scope(conn, form.election_id, form.scope)
        if account.role in form.roles
        or (form.candidacy_id is not None and account.candidacy_id == form.candidacy_id)
    ]
    own = await accounts.live_account_of_candidacy(conn, form.candidacy_id or "")
    if own is not None and own.account_id not in {t.account_id for t in targets}:
        targets.append(own)
    sent = 0
    for account in targets:
        if await notify(conn, account.account_id, form.subject, form.body, form.key):
            sent += 1
            await origin.record(
                conn,
                deps.outbox,
                "notice.send",
                target=account_target(account.account_id),
                detail={"clave": form.key[:200]},
            )
    return NoticeCount(sent=sent)


async def notify_correction(conn: Connection, request: CorrectionRequested, event_id: str) -> None:
    """The institute's administration hears of a correction request at once (000 §4.3)."""
    admins = AccountFilter(role=Role.ADMIN, status=AccountStatus.ACTIVE)
    for admin in await accounts.list_accounts(conn, admins):
        await notify(
            conn,
            admin.account_id,
            f"Corrección solicitada: candidatura {request.candidacy_id}",
            f"La supervisión pide corregir: {', '.join(request.fields)}.\n\n{request.note}",
            key=f"correccion-{event_id}",
        )


async def mark_read(conn: Connection, account_id: str, notice_id: str) -> None:
    if not await notices.mark_notice_read(conn, notice_id, account_id, utc_now()):
        raise UnknownNotice
