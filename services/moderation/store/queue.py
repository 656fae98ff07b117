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


STATUS = """CASE WHEN r.profile_disabled OR cardinality(r.disabled_fields) > 0 THEN 'restringida'
                 WHEN c.review_status = 'reviewed' THEN 'revisada' ELSE 'pendiente' END"""

WHERE = f"""c.election_id = $1 AND c.validated_at IS NOT NULL AND c.withdrawn_at IS NULL
      AND ($2::text IS NULL OR c.capturing_party = $2)
      AND ($3::text IS NULL OR c.office = $3)
      AND ($4::text IS NULL OR c.district = $4)
      AND ($5::text IS NULL OR EXISTS
            (SELECT 1 FROM flags f WHERE f.candidacy_id = c.candidacy_id AND f.kind = $5))
      AND ($6::text IS NULL OR {STATUS} = $6)"""


SELECTED = f"""c.candidacy_id, c.election_id, c.owner_name, c.office, c.district, c.municipality,
       c.capturing_party, c.flag_count, c.validated_at,
       coalesce((SELECT array_agg(DISTINCT f.kind ORDER BY f.kind) FROM flags f
                 WHERE f.candidacy_id = c.candidacy_id), '{{}}') AS flag_kinds,
       {STATUS} AS status"""


async def queue_item(conn: Conn, candidacy_id: str) -> QueueRow | None:
    """One live validated candidacy as the queue shows it."""
    return await QueueRow.one(
        conn,
        f"""SELECT {SELECTED} FROM candidacies c LEFT JOIN restrictions r USING (candidacy_id)
            WHERE c.candidacy_id = $1 AND c.validated_at IS NOT NULL AND c.withdrawn_at IS NULL""",
        candidacy_id,
    )


async def queue_page(conn: Conn, filters: QueueFilters) -> tuple[list[QueueRow], int]:
    """The page the filters ask for, and how many match in all."""
    args = (
        filters.eleccion,
        filters.partido,
        filters.cargo,
        filters.distrito,
        filters.senal.value if filters.senal else None,
        filters.estado.value if filters.estado else None,
    )
    total = await conn.fetchval(
        f"""SELECT count(*) FROM candidacies c
            LEFT JOIN restrictions r USING (candidacy_id) WHERE {WHERE}""",
        *args,
    )
    rows = await QueueRow.many(
        conn,
        f"""SELECT {SELECTED}
            FROM candidacies c LEFT JOIN restrictions r USING (candidacy_id)
            WHERE {WHERE}
            ORDER BY c.review_status = 'reviewed', c.flag_count DESC, c.validated_at,
                     c.candidacy_id
            LIMIT $7 OFFSET $8""",
        *args,
        filters.por_pagina,
        (filters.pagina - 1) * filters.por_pagina,
    )
    return rows, int(total)
