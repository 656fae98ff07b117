"""One call for every service to record an action in the activity log.

The entry travels as an ``activity.recorded`` event through the service's outbox, in the
same transaction as the action: an action that rolls back leaves no entry, and an entry
is never lost once the action committed. A refusal has no action to commit with, so it
is recorded in a transaction of its own.
"""

from datetime import datetime
from typing import Any

import asyncpg

from contracts.activity import (
    ACTIVITY_RECORDED,
    ActivityActor,
    ActivityRecorded,
    ActivityTarget,
    DetailValue,
    Outcome,
)
from contracts.envelope import Actor, ActorKind, EventEnvelope, utc_now
from contracts.requests import Principal
from services.runtime.connections import Connection
from services.runtime.outbox import Outbox
from services.runtime.telemetry import current_trace_id


def actor_of(principal: Principal | None) -> ActivityActor:
    if principal is None:
        return ActivityActor(account_id=None)
    return ActivityActor(
        account_id=principal.account_id,
        role=principal.role,
        election_id=principal.election_id,
    )


async def record_activity(
    conn: Connection,
    outbox: Outbox,
    *,
    action: str,
    outcome: Outcome,
    principal: Principal | None = None,
    target: ActivityTarget | None = None,
    request_id: str | None = None,
    client_address: str | None = None,
    detail: dict[str, DetailValue] | None = None,
    occurred_at: datetime | None = None,
) -> EventEnvelope:
    entry = ActivityRecorded(
        occurred_at=occurred_at or utc_now(),
        actor=actor_of(principal),
        service=outbox.producer,
        action=action,
        target=target,
        outcome=outcome,
        request_id=request_id,
        trace_id=current_trace_id(),
        client_address=client_address,
        detail=detail or {},
    )
    event_actor = (
        Actor(kind=ActorKind.ACCOUNT, id=principal.account_id, role=principal.role)
        if principal
        else Actor.system(outbox.producer)
    )
    return await outbox.add(
        conn,
        ACTIVITY_RECORDED,
        entry,
        actor=event_actor,
        election_id=principal.election_id if principal else None,
        subject_id=target.id if target else None,
    )


async def record_refusal(pool: asyncpg.Pool, outbox: Outbox, **entry: Any) -> EventEnvelope:
    """Record a refused or failed action in a transaction of its own."""
    async with pool.acquire() as conn, conn.transaction():
        return await record_activity(conn, outbox, **entry)
