"""The ``notices`` table: each account's in-app inbox."""

from datetime import datetime

from contracts.accounts import Notice
from services.runtime.typed_rows import Conn, Row


class NoticeRow(Row, Notice):
    """A notice as the inbox shows it (the contract, read from its columns)."""


async def insert_notice(
    conn: Conn,
    *,
    notice_id: str,
    account_id: str,
    subject: str,
    body: str,
    created_at: datetime,
    key: str | None,
) -> bool:
    """False when a notice with the same key already reached this account."""
    inserted = await conn.fetchval(
        "INSERT INTO notices (notice_id, account_id, subject, body, created_at, key) "
        "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING true",
        notice_id,
        account_id,
        subject,
        body,
        created_at,
        key,
    )
    return bool(inserted)


async def inbox(conn: Conn, account_id: str, limit: int = 200) -> list[Notice]:
    return list(
        await NoticeRow.many(
            conn,
            f"SELECT {NoticeRow.columns()} FROM notices WHERE account_id = $1 "
            "ORDER BY created_at DESC LIMIT $2",
            account_id,
            limit,
        )
    )


async def mark_notice_read(conn: Conn, notice_id: str, account_id: str, now: datetime) -> bool:
    found = await conn.fetchval(
        "UPDATE notices SET read_at = coalesce(read_at, $3) WHERE notice_id = $1 "
        "AND account_id = $2 RETURNING true",
        notice_id,
        account_id,
        now,
    )
    return bool(found)
