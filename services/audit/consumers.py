"""The log's one consumer: activity entries from every service, appended in batches."""

from datetime import datetime
from typing import Any

import asyncpg

from contracts.activity import ACTIVITY_RECORDED, ActivityRecorded
from contracts.envelope import EventEnvelope, utc_now
from contracts.events.capture import CANDIDACY_REGISTERED, CandidacyRegistered
from contracts.services import ServiceName
from services.audit import store
from services.audit.domain.log import entry_document, grown_subtrees, leaf_bytes, spine_of
from services.audit.domain.merkle import leaf_hash
from services.runtime.inbox import EventConsumer
from services.runtime.service_deps import ServiceDeps


def entry_row(
    seq: int,
    event: EventEnvelope,
    entry: ActivityRecorded,
    leaf: bytes,
    hashed: bytes,
    recorded_at: datetime,
) -> tuple[Any, ...]:
    target = entry.target
    return (
        seq,
        event.id,
        leaf,
        hashed,
        entry.occurred_at,
        recorded_at,
        entry.actor.account_id,
        entry.actor.role,
        entry.actor.election_id,
        entry.service,
        entry.action,
        target.kind if target else None,
        target.id if target else None,
        entry.outcome.value,
        entry.request_id,
        entry.trace_id,
    )


async def append_activity(
    _: ServiceDeps, conn: asyncpg.Connection, events: list[EventEnvelope]
) -> None:
    await append_entries(conn, events)


async def append_entries(conn: asyncpg.Connection, events: list[EventEnvelope]) -> None:
    """Append a batch as leaves, under the sequencer (store.py). An entry already in the
    log (the same event delivered again, by any path) never becomes a second leaf."""
    await store.take_sequencer(conn)
    size = await store.log_size(conn)
    known = await store.known_entry_ids(conn, [event.id for event in events])
    recorded_at = utc_now()
    rows, hashes = [], []
    for event in events:
        if event.id in known:
            continue
        known.add(event.id)
        entry = ActivityRecorded.model_validate(event.data)
        leaf = leaf_bytes(entry_document(event.id, recorded_at, entry))
        hashed = leaf_hash(leaf)
        rows.append(entry_row(size + len(rows), event, entry, leaf, hashed, recorded_at))
        hashes.append(hashed)
    if not rows:
        return
    spine = await store.subtree_hashes(conn, spine_of(size))
    await store.insert_entries(conn, rows)
    await store.insert_nodes(conn, grown_subtrees(size, spine, hashes))


async def note_candidacy(deps: ServiceDeps, conn: asyncpg.Connection, event: EventEnvelope) -> None:
    """Which party captures the candidacy: the transparency view reads it."""
    candidacy = CandidacyRegistered.model_validate(event.data)
    await store.upsert_candidacy(
        conn, candidacy.candidacy_id, candidacy.election_id, candidacy.capturing_party_id
    )


CANDIDACY_CONSUMER = EventConsumer(
    name="note_candidacy",
    producer=ServiceName.CAPTURE,
    event_type=CANDIDACY_REGISTERED.event_type,
    version=CANDIDACY_REGISTERED.version,
    handler=note_candidacy,
)


def activity_consumers() -> list[EventConsumer]:
    """One durable consumer per producing service: each service's events are in its own
    stream (contracts/subjects.py)."""
    return [
        EventConsumer(
            name=f"append_from_{producer}",
            producer=producer,
            event_type=ACTIVITY_RECORDED.event_type,
            version=ACTIVITY_RECORDED.version,
            batch_handler=append_activity,
            batch_size=1000,
        )
        for producer in ServiceName
    ]
