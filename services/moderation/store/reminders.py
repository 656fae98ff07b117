"""The ``reminders`` table: each completeness notice the institute sent a party's liaison
(or an independent), 000 §5.6, 002 §I.A.IX."""

from datetime import datetime

from services.runtime.typed_rows import Conn, Row


class Reminder(Row):
    reminder_id: str
    election_id: str
    capturing_party: str | None
    candidacy_ids: list[str]
    note: str
    sent_at: datetime


async def insert_reminder(conn: Conn, reminder: Reminder, sent_by: str) -> None:
    await conn.execute(
        """INSERT INTO reminders (reminder_id, election_id, capturing_party, candidacy_ids,
               note, sent_by, sent_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7)""",
        reminder.reminder_id,
        reminder.election_id,
        reminder.capturing_party,
        reminder.candidacy_ids,
        reminder.note,
        sent_by,
        reminder.sent_at,
    )


async def reminders_of(conn: Conn, election_id: str, limit: int = 200) -> list[Reminder]:
    return await Reminder.many(
        conn,
        f"""SELECT {Reminder.columns()} FROM reminders WHERE election_id = $1
            ORDER BY sent_at DESC, reminder_id LIMIT $2""",
        election_id,
        limit,
    )
