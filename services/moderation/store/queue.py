"""The verifiers' queue: an election's live validated candidacies, filtered and paged, the
pending before the reviewed and the most flagged first (DESIGN §5)."""

from datetime import datetime

from contracts.moderation import FlagKind, QueueFilters, ReviewStatus
from services.runtime.typed_rows import Conn, Row


class QueueRow(Row):
    candidacy_id: str
    election_id: str
    owner_name: str
    office: str
    district: str | None
    municipality: str | None
    capturing_party: str | None
    flag_count: int
    flag_kinds: list[FlagKind]
    status: ReviewStatus
    validated_at: datetime


STATUS = """CASE WHEN c.restricted THEN 'restringida'
                 WHEN c.review_status = 'reviewed' THEN 'revisada' ELSE 'pendiente' END"""

LIVE = "c.validated_at IS NOT NULL AND c.withdrawn_at IS NULL"
BY_STATUS = {
    ReviewStatus.RESTRICTED: "c.restricted",
    ReviewStatus.REVIEWED: "NOT c.restricted AND c.review_status = 'reviewed'",
    ReviewStatus.PENDING: "NOT c.restricted AND c.review_status = 'pending'",
}


def where(filters: QueueFilters) -> tuple[str, list[object]]:
    """The filters given, and only those, as conditions with their arguments: each
    query is planned for what it asks (a generic plan would walk the whole queue's index
    for a filter that matches nothing)."""
    clauses: list[str] = ["c.election_id = $1", LIVE]
    args: list[object] = [filters.eleccion]
    for column, value in (
        ("c.capturing_party", filters.partido),
        ("c.office", filters.cargo),
        ("c.district", filters.distrito),
    ):
        if value is not None:
            args.append(value)
            clauses.append(f"{column} = ${len(args)}")
    if filters.senal is not None:
        args.append([filters.senal.value])
        clauses.append(f"c.flag_kinds @> ${len(args)}::text[]")
    if filters.estado is not None:
        clauses.append(BY_STATUS[filters.estado])
    return " AND ".join(clauses), args


SELECTED = f"""c.candidacy_id, c.election_id, c.owner_name, c.office, c.district, c.municipality,
       c.capturing_party, c.flag_count, c.validated_at,
       c.flag_kinds, {STATUS} AS status"""


async def queue_item(conn: Conn, candidacy_id: str) -> QueueRow | None:
    """One live validated candidacy as the queue shows it."""
    return await QueueRow.one(
        conn,
        f"""SELECT {SELECTED} FROM candidacies c
            WHERE c.candidacy_id = $1 AND {LIVE}""",
        candidacy_id,
    )


async def queue_count(conn: Conn, filters: QueueFilters) -> int:
    """How many of the election's live candidacies the filters leave."""
    conditions, args = where(filters)
    total = await conn.fetchval(f"SELECT count(*) FROM candidacies c WHERE {conditions}", *args)
    return int(total)


async def queue_page(conn: Conn, filters: QueueFilters) -> list[QueueRow]:
    """The page the filters ask for, in the queue's order."""
    conditions, args = where(filters)
    return await QueueRow.many(
        conn,
        f"""SELECT {SELECTED}
            FROM candidacies c
            WHERE {conditions}
            ORDER BY (c.review_status = 'reviewed'), c.flag_count DESC, c.validated_at,
                     c.candidacy_id
            LIMIT ${len(args) + 1} OFFSET ${len(args) + 2}""",
        *args,
        filters.por_pagina,
        (filters.pagina - 1) * filters.por_pagina,
    )
