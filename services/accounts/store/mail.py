"""The ``mail`` table: e-mail waiting for SMTP, and with no SMTP configured the local
mailbox admins read in the console."""

from datetime import datetime

from contracts.accounts import MailMessage
from services.runtime.typed_rows import Conn, Row

MAX_ATTEMPTS = 10


class Mail(Row):
    message_id: str
    to_address: str
    subject: str
    body: str
    created_at: datetime
    sent_at: datetime | None

    def message(self) -> MailMessage:
        return MailMessage(
            message_id=self.message_id,
            to=self.to_address,
            subject=self.subject,
            body=self.body,
            created_at=self.created_at,
            sent_at=self.sent_at,
        )


async def insert_mail(
    conn: Conn, *, message_id: str, to_address: str, subject: str, body: str, created_at: datetime
) -> None:
    await conn.execute(
        "INSERT INTO mail (message_id, to_address, subject, body, created_at) "
        "VALUES ($1, $2, $3, $4, $5)",
        message_id,
        to_address,
        subject,
        body,
        created_at,
    )


async def unsent_mail(conn: Conn, limit: int) -> list[Mail]:
    return await Mail.many(
        conn,
        f"SELECT {Mail.columns()} FROM mail WHERE sent_at IS NULL AND attempts < $2 "
        "ORDER BY created_at LIMIT $1",
        limit,
        MAX_ATTEMPTS,
    )


async def mark_mail_sent(conn: Conn, message_id: str, now: datetime) -> None:
    await conn.execute(
        "UPDATE mail SET sent_at = $2, attempts = attempts + 1 WHERE message_id = $1",
        message_id,
        now,
    )


async def mark_mail_failed(conn: Conn, message_id: str, error: str) -> None:
    await conn.execute(
        "UPDATE mail SET attempts = attempts + 1, last_error = $2 WHERE message_id = $1",
        message_id,
        error[:500],
    )


async def mailbox(conn: Conn, limit: int = 500) -> list[MailMessage]:
    return [
        mail.message()
        for mail in await Mail.many(
            conn, f"SELECT {Mail.columns()} FROM mail ORDER BY created_at DESC LIMIT $1", limit
        )
    ]
