"""Appending activity entries to the log: each a leaf, its tree nodes grown with it."""

from datetime import datetime

from contracts.activity import ActivityRecorded
from contracts.envelope import EventEnvelope, utc_now
from services.audit import store
from services.audit.domain.log import entry_document, grown_subtrees, leaf_bytes, spine_of
from services.audit.domain.merkle import leaf_hash
from services.runtime.connections import Connection


def new_entry(
    seq: int,
    event: EventEnvelope,
    entry: ActivityRecorded,
    leaf: bytes,
    hashed: bytes,
    recorded_at: datetime,
) -> store.NewEntry:
    target = entry.target
    return store.NewEntry(
        seq=seq,
        entry_id=event.id,
        leaf=leaf,
        leaf_hash=hashed,
        occurred_at=entry.occurred_at,
        recorded_at=recorded_at,
        account_id=entry.actor.account_id,
        role=entry.actor.role,
        election_id=entry.actor.election_id,
        service=entry.service,
        action=entry.action,
        target_kind=target.kind if target else None,
        target_id=target.id if target else None,
        outcome=entry.outcome.value,
        request_id=entry.request_id,
        trace_id=entry.trace_id,
    )


async def append_entries(conn: Connection, events: list[EventEnvelope]) -> None:
    """Append a batch as leaves, under the sequencer (store.py). An entry already in the
    log (the same event delivered again, by any path) never becomes a second leaf."""
    await store.take_sequencer(conn)
    size = await store.log_size(conn)
    known = await store.known_entry_ids(conn, [event.id for event in events])
    recorded_at = utc_now()
    entries: list[store.NewEntry] = []
    hashes: list[bytes] = []
    for event in events:
        if event.id in known:
            continue
        known.add(event.id)
        entry = ActivityRecorded.model_validate(event.data)
        leaf = leaf_bytes(entry_document(event.id, recorded_at, entry))
        hashed = leaf_hash(leaf)
        entries.append(new_entry(size + len(entries), event, entry, leaf, hashed, recorded_at))
        hashes.append(hashed)
    if not entries:
        return
    spine = await store.subtree_hashes(conn, spine_of(size))
    await store.insert_entries(conn, entries)
    await store.insert_nodes(conn, grown_subtrees(size, spine, hashes))
