"""The ``enrolment_tickets`` table: proof, for a few minutes, that a staff account's
password step was done, while its second factor is enrolled."""

from datetime import datetime

from services.runtime.typed_rows import Conn, Row


class EnrolmentTicket(Row):
    account_id: str
    expires_at: datetime
    used_at: datetime | None


async def insert_ticket(
    conn: Conn, ticket_hash: bytes, account_id: str, expires_at: datetime
) -> None:
    await conn.execute(
        "INSERT INTO enrolment_tickets (ticket_hash, account_id, expires_at) VALUES ($1, $2, $3)",
        ticket_hash,
        account_id,
        expires_at,
    )


async def ticket(conn: Conn, ticket_hash: bytes) -> EnrolmentTicket | None:
    return await EnrolmentTicket.one(
        conn,
        f"SELECT {EnrolmentTicket.columns()} FROM enrolment_tickets WHERE ticket_hash = $1 "
        "FOR UPDATE",
        ticket_hash,
    )


async def use_ticket(conn: Conn, ticket_hash: bytes, now: datetime) -> None:
    await conn.execute(
        "UPDATE enrolment_tickets SET used_at = $2 WHERE ticket_hash = $1", ticket_hash, now
    )


async def use_tickets_of(conn: Conn, account_id: str, now: datetime) -> None:
    """An enrolment started again: the tickets of earlier attempts no longer count."""
    await conn.execute(
        "UPDATE enrolment_tickets SET used_at = $2 WHERE account_id = $1 AND used_at IS NULL",
        account_id,
        now,
    )
