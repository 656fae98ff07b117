"""Notices to an account: always in its in-app inbox, and by e-mail when it has an address.

E-mail is written to the ``mail`` table in the same transaction as the notice and sent
by a timer (``send_mail``) through SMTP when one is configured; with no SMTP it stays
there, the local mailbox admins read in the console. Later issues send their notices
(moderation observations, deadline reminders, incident updates) through here.
"""

import logging
from email.message import EmailMessage

import aiosmtplib
import asyncpg

from contracts.envelope import new_event_id, utc_now
from services.accounts import store
from services.runtime.service_deps import ServiceDeps
from services.runtime.settings import Settings
from services.runtime.timers import Timer

log = logging.getLogger(__name__)
MAIL_BATCH = 50


async def notify(
    conn: asyncpg.Connection, account_id: str, subject: str, body: str, key: str | None = None
) -> str | None:
    """The new notice's id; None when ``key`` already brought this notice to the account."""
    now = utc_now()
    notice_id = str(new_event_id())
    fresh = await store.insert_notice(
        conn,
        {
            "notice_id": notice_id,
            "account_id": account_id,
            "subject": subject,
            "body": body,
            "created_at": now,
            "key": key,
        },
    )
    if not fresh:
        return None
    account = await store.account(conn, account_id)
    if account is not None and account["email"]:
        await store.insert_mail(
            conn,
            {
                "message_id": str(new_event_id()),
                "to_address": account["email"],
                "subject": subject,
                "body": body,
                "created_at": now,
            },
        )
    return notice_id


def _message(settings: Settings, row: asyncpg.Record) -> EmailMessage:
    message = EmailMessage()
    message["From"] = settings.smtp_sender
    message["To"] = row["to_address"]
    message["Subject"] = row["subject"]
    message["Message-ID"] = f"<{row['message_id']}@{settings.instance}.conoceles>"
    message.set_content(row["body"])
    return message


async def send_mail(deps: ServiceDeps) -> None:
    """Send what waits, if SMTP is configured; a failure is retried on later ticks."""
    settings: Settings = deps.settings
    if not settings.smtp_host:
        return
    for row in await store.unsent_mail(deps.pool, MAIL_BATCH):
        try:
            await aiosmtplib.send(
                _message(settings, row),
                hostname=settings.smtp_host,
                port=settings.smtp_port,
                username=settings.smtp_user,
                password=settings.smtp_password,
                start_tls=settings.smtp_starttls,
                timeout=10,
            )
        except (aiosmtplib.SMTPException, OSError) as error:
            log.warning(
                "mail not sent", extra={"message_id": row["message_id"], "error": str(error)}
            )
            await store.mark_mail_failed(deps.pool, row["message_id"], str(error))
            continue
        await store.mark_mail_sent(deps.pool, row["message_id"], utc_now())


MAIL_TIMER = Timer("accounts.send-mail", 2.0, send_mail)
