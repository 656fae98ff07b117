"""The ``deliveries`` table: when each party's or independent's accounts were handed
over (000 §3.2), recorded once; and ``substitute_deliveries``: when a substitute's were,
after its party's (000 §3.14)."""

from datetime import datetime

from contracts.accounts import Scope, ScopeKind
from services.runtime.typed_rows import Conn, Row


class Delivery(Row):
    scope_kind: ScopeKind
    scope_id: str
    delivered_at: datetime

    @property
    def scope(self) -> Scope:
        return Scope(kind=self.scope_kind, id=self.scope_id)


async def record_delivery(
    conn: Conn,
    *,
    election_id: str,
    scope: Scope,
    delivered_at: datetime,
    recorded_by: str,
    recorded_at: datetime,
) -> bool:
    """False when the scope's delivery was recorded before (it is recorded once)."""
    inserted = await conn.fetchval(
        "INSERT INTO deliveries (election_id, scope_kind, scope_id, delivered_at, recorded_by, "
        "recorded_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING true",
        election_id,
        scope.kind.value,
        scope.id,
        delivered_at,
        recorded_by,
        recorded_at,
    )
    return bool(inserted)


async def delivery(conn: Conn, election_id: str, scope: Scope) -> Delivery | None:
    return await Delivery.one(
        conn,
        f"SELECT {Delivery.columns()} FROM deliveries "
        "WHERE election_id = $1 AND scope_kind = $2 AND scope_id = $3",
        election_id,
        scope.kind.value,
        scope.id,
    )


async def deliveries(conn: Conn, election_id: str) -> list[Delivery]:
    return await Delivery.many(
        conn, f"SELECT {Delivery.columns()} FROM deliveries WHERE election_id = $1", election_id
    )


async def record_substitute_delivery(
    conn: Conn,
    *,
    election_id: str,
    candidacy_id: str,
    delivered_at: datetime,
    recorded_by: str,
    recorded_at: datetime,
) -> bool:
    """False when the substitute's delivery was recorded before (it is recorded once)."""
    inserted = await conn.fetchval(
        "INSERT INTO substitute_deliveries (candidacy_id, election_id, delivered_at, "
        "recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5) "
        "ON CONFLICT DO NOTHING RETURNING true",
        candidacy_id,
        election_id,
        delivered_at,
        recorded_by,
        recorded_at,
    )
    return bool(inserted)


async def substitute_deliveries(conn: Conn, election_id: str) -> dict[str, datetime]:
    """Each substitute's recorded delivery, by candidacy."""
    rows = await conn.fetch(
        "SELECT candidacy_id, delivered_at FROM substitute_deliveries WHERE election_id = $1",
        election_id,
    )
    return {row["candidacy_id"]: row["delivered_at"] for row in rows}
