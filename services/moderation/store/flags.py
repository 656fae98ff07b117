"""The ``flags`` table: the automatic screening's hits on each candidacy, replaced each
time the candidacy is screened again."""

from contracts.moderation import FlagKind, Prohibition
from services.moderation.domain.findings import Flag
from services.runtime.typed_rows import Conn, Row


class FlagRow(Row):
    position: int
    kind: FlagKind
    prohibition: Prohibition
    field: str
    span_start: int
    span_end: int
    evidence: str
    detail: str
    other_candidacy_id: str | None


async def replace_flags(conn: Conn, candidacy_id: str, flags: list[Flag]) -> None:
    await conn.execute("DELETE FROM flags WHERE candidacy_id = $1", candidacy_id)
    await conn.executemany(
        """INSERT INTO flags (candidacy_id, position, kind, prohibition, field, span_start,
               span_end, evidence, detail, other_candidacy_id)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)""",
        [
            (
                candidacy_id,
                position,
                flag.kind.value,
                flag.prohibition.value,
                flag.field,
                flag.start,
                flag.end,
                flag.evidence,
                flag.detail,
                flag.other_candidacy_id,
            )
            for position, flag in enumerate(flags)
        ],
    )


async def flags_of(conn: Conn, candidacy_id: str) -> list[FlagRow]:
    return await FlagRow.many(
        conn,
        f"SELECT {FlagRow.columns()} FROM flags WHERE candidacy_id = $1 ORDER BY position",
        candidacy_id,
    )
