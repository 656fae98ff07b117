"""The ``decisions`` and ``restrictions`` tables: every verifier's decision on a
candidacy, never changed, and what of it may not be public now."""

from datetime import datetime

from contracts.events.moderation import Restrictions
from contracts.moderation import Prohibition
from services.runtime.typed_rows import Conn, Row


class DecisionRow(Row):
    decision_id: str
    candidacy_id: str
    field: str | None
    disabled: bool
    prohibition: Prohibition | None
    note: str
    reverses: str | None
    decided_by: str
    decided_at: datetime
    in_force: bool


IN_FORCE = """(d.disabled AND NOT EXISTS
                 (SELECT 1 FROM decisions later WHERE later.reverses = d.decision_id))"""


async def insert_decision(conn: Conn, row: DecisionRow) -> None:
    await conn.execute(
        """INSERT INTO decisions (decision_id, candidacy_id, field, disabled, prohibition, note,
               reverses, decided_by, decided_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)""",
        row.decision_id,
        row.candidacy_id,
        row.field,
        row.disabled,
        row.prohibition.value if row.prohibition else None,
        row.note,
        row.reverses,
        row.decided_by,
        row.decided_at,
    )


async def decisions_on(conn: Conn, candidacy_ids: list[str]) -> list[DecisionRow]:
    """The candidacies' decisions, oldest first, each saying whether it is in force."""
    return await DecisionRow.many(
        conn,
        f"""SELECT d.decision_id, d.candidacy_id, d.field, d.disabled, d.prohibition, d.note,
                   d.reverses, d.decided_by, d.decided_at, {IN_FORCE} AS in_force
            FROM decisions d WHERE d.candidacy_id = ANY($1::text[])
            ORDER BY d.decided_at, d.decision_id""",
        candidacy_ids,
    )


class RestrictionRow(Row):
    profile_disabled: bool
    disabled_fields: list[str]
    revision: int


async def restrictions_of(conn: Conn, candidacy_id: str) -> Restrictions:
    """The candidacy's restrictions; none yet: nothing kept from publication."""
    row = await RestrictionRow.one(
        conn,
        f"SELECT {RestrictionRow.columns()} FROM restrictions WHERE candidacy_id = $1",
        candidacy_id,
    )
    return Restrictions() if row is None else Restrictions(**row.model_dump())


async def lock_restrictions(conn: Conn, candidacy_id: str) -> Restrictions:
    """The candidacy's restrictions, locked for the caller's transaction, which is about
    to change them: two verifiers deciding at once take turns."""
    await conn.execute(
        "INSERT INTO restrictions (candidacy_id) VALUES ($1) ON CONFLICT DO NOTHING", candidacy_id
    )
    row = await RestrictionRow.one(
        conn,
        f"SELECT {RestrictionRow.columns()} FROM restrictions WHERE candidacy_id = $1 FOR UPDATE",
        candidacy_id,
    )
    assert row is not None  # inserted above when missing
    return Restrictions(**row.model_dump())


async def save_restrictions(conn: Conn, candidacy_id: str, restrictions: Restrictions) -> None:
    await conn.execute(
        """UPDATE restrictions SET profile_disabled = $2, disabled_fields = $3, revision = $4
           WHERE candidacy_id = $1""",
        candidacy_id,
        restrictions.profile_disabled,
        restrictions.disabled_fields,
        restrictions.revision,
    )
