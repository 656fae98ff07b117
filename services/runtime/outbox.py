"""The transactional outbox: events written with the state change, published after.

Writing: ``Outbox.add`` inserts the event in the caller's transaction; a trigger notifies
the relay at commit. If the transaction rolls back, the event never existed.

Publishing: one relay per service schema is active at a time (a session advisory lock;
other replicas stand by). It reads unsent rows in order, publishes them pipelined to
JetStream with ``Nats-Msg-Id`` = event id, waits for every ack, then marks them sent.
Every batch is read and marked on the very connection that holds the lock: when that
session ends (a network cut, a restart, ``pg_terminate_backend``) the lock goes with it,
and the relay's next read fails before it publishes anything, so a relay that lost the
lock publishes no batch after the one in flight (whose copies the stream drops). A
crash between publish and mark re-publishes those rows on the next pass: the stream drops
the copies whose id it saw within its duplicate window, which is longer than the relay's
re-publish horizon (Settings), and consumers' inboxes drop any that got through.

Each message carries the trace context of the span that wrote its event (stored in the
row), so a trace runs unbroken from the HTTP request to every consumer; the relay's own
span covers a whole batch and links to those writers. The relay's statements (the lock,
each read, each mark) are not traced: each was a trace of its own, linked to nothing, and
they outnumbered the events when events come one at a time.
"""

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from typing import Any

import asyncpg
import nats.errors
from nats.js import JetStreamContext
from opentelemetry import trace
from opentelemetry.instrumentation.utils import suppress_instrumentation
from pydantic import BaseModel

from contracts import subjects
from contracts.catalog import EventSpec
from contracts.envelope import Actor, EventEnvelope, new_event_id, utc_now
from services.runtime.connections import Connection
from services.runtime.failpoints import crash_here_if
from services.runtime.settings import Settings
from services.runtime.telemetry import context_from_traceparent, current_traceparent

log = logging.getLogger(__name__)
tracer = trace.get_tracer(__name__)

DATABASE_ERRORS = (OSError, asyncpg.PostgresError, asyncpg.InterfaceError)
"""The lock's connection is gone or failing: the relay stops leading and starts over."""
NATS_ERRORS = (nats.errors.Error, TimeoutError)
"""Publishing failed (disconnected, no stream, no ack in time): the rows stay unsent."""


class EventsNotAcknowledged(nats.errors.Error):
    """Some events of a batch got no ack from the stream in time; they stay unsent."""


class Outbox:
    """Writes one service's events into its outbox table."""

    def __init__(self, settings: Settings, producer: str) -> None:
        self._prefix = settings.bus_prefix
        self.producer = producer

    async def add(
        self,
        conn: Connection,
        spec: EventSpec,
        data: BaseModel,
        *,
        actor: Actor,
        election_id: str | None = None,
        subject_id: str | None = None,
    ) -> EventEnvelope:
        """Write one event in the caller's transaction."""
        envelope = self.envelope(spec, data, actor, election_id, subject_id)
        await self.add_envelopes(conn, [envelope])
        return envelope

    async def add_many(
        self,
        conn: Connection,
        events: Sequence[tuple[EventSpec, BaseModel, str | None]],
        *,
        actor: Actor,
        election_id: str | None = None,
    ) -> list[EventEnvelope]:
        """Write many events (spec, data, subject id) in the caller's transaction, in
        one pipelined statement: imports and bulk loads write hundreds at a time."""
        envelopes = [
            self.envelope(spec, data, actor, election_id, subject_id)
            for spec, data, subject_id in events
        ]
        await self.add_envelopes(conn, envelopes)
        return envelopes

    def envelope(
        self,
        spec: EventSpec,
        data: BaseModel,
        actor: Actor,
        election_id: str | None,
        subject_id: str | None,
    ) -> EventEnvelope:
        if spec.producer not in (self.producer, "any"):
            raise ValueError(f"{self.producer} may not produce {spec.event_type}")
        if not isinstance(data, spec.data_model):
            raise TypeError(f"{spec.event_type} carries {spec.data_model.__name__}")
        # Built from checked parts (a fresh UUIDv7, an aware clock): no need to validate.
        return EventEnvelope.model_construct(
            id=new_event_id(),
            type=spec.event_type,
            version=spec.version,
            occurred_at=utc_now(),
            producer=self.producer,
            election_id=election_id,
            subject_id=subject_id,
            actor=actor,
            data=data.model_dump(mode="json"),
        )

    async def add_envelopes(self, conn: Connection, envelopes: Sequence[EventEnvelope]) -> None:
        if not conn.is_in_transaction():
            raise RuntimeError(
                "an outbox event must be written inside the state change's transaction"
            )
        traceparent = current_traceparent()
        rows = [
            (
                envelope.id,
                subjects.event_subject(
                    self._prefix, self.producer, envelope.type, envelope.version
                ),
                envelope.model_dump_json(),
                traceparent,
            )
            for envelope in envelopes
        ]
        insert = (
            "INSERT INTO outbox (event_id, subject, envelope, traceparent) VALUES ($1,$2,$3,$4)"
        )
        if len(rows) == 1:
            await conn.execute(insert, *rows[0])
        else:
            await conn.executemany(insert, rows)


SENT_RETENTION_DAYS = 7


async def forget_sent_events(pool: asyncpg.Pool) -> int:
    """Delete outbox rows published more than a week ago: the stream keeps the events,
    the week keeps them at hand for an on-call engineer. Returns how many went."""
    deleted = await pool.fetchval(
        "WITH gone AS (DELETE FROM outbox WHERE sent_at < now() - make_interval(days => $1) "
        "RETURNING 1) SELECT count(*) FROM gone",
        SENT_RETENTION_DAYS,
    )
    return int(deleted)


class Relay:
    """Publishes a service's outbox to its stream; see the module docstring."""

    def __init__(
        self,
        settings: Settings,
        producer: str,
        pool: asyncpg.Pool,
        js: JetStreamContext,
    ) -> None:
        self._settings = settings
        self._producer = producer
        self._pool = pool
        self._js = js
        self._stream = subjects.stream_name(settings.bus_prefix, producer)
        self._wake = asyncio.Event()
        self._stopping = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self.published = 0
        self.leading = False

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name=f"relay-{self._producer}")
        self._task.add_done_callback(self._ended)

    def _ended(self, task: "asyncio.Task[None]") -> None:
        # Only the errors the relay knows how to recover from are caught; anything else is
        # a bug, and must not end the relay silently.
        if not task.cancelled() and task.exception() is not None:
            log.critical("outbox relay stopped", exc_info=task.exception())

    async def stop(self) -> None:
        """Finish the batch in flight, then stop."""
        self._stopping.set()
        self._wake.set()
        if self._task is not None:
            await self._task

    async def _run(self) -> None:
        with suppress_instrumentation():  # this task's statements; see the module docstring
            await self._relay()

    async def _relay(self) -> None:
        while not self._stopping.is_set():
            try:
                async with self._pool.acquire() as lock_conn:
                    await self._lead(lock_conn)
            except DATABASE_ERRORS as error:
                log.warning("outbox relay lost the database, and its lock with it: %r", error)
                await self._pause(self._settings.relay_poll_interval_s)

    async def _lead(self, lock_conn: Connection) -> None:
        lock_key = f"relay:{self._settings.instance}:{self._producer}"
        while not await lock_conn.fetchval("SELECT pg_try_advisory_lock(hashtext($1))", lock_key):
            if await self._pause(self._settings.relay_poll_interval_s):
                return
        self.leading = True
        channel = f"outbox_{self._producer}"  # the schema's name; see the notify trigger
        try:
            await lock_conn.add_listener(channel, self._on_notify)
            while not self._stopping.is_set():
                try:
                    more = await self._publish_batch(lock_conn)
                except NATS_ERRORS as error:
                    log.warning("outbox relay could not publish: %r", error)
                    more = False
                if not more:
                    await self._pause(self._settings.relay_poll_interval_s)
        finally:
            self.leading = False
            # A dead connection took the lock and the listener with it.
            if not lock_conn.is_closed():
                with contextlib.suppress(*DATABASE_ERRORS):
                    await lock_conn.remove_listener(channel, self._on_notify)
                    await lock_conn.execute("SELECT pg_advisory_unlock(hashtext($1))", lock_key)

    def _on_notify(self, *_: Any) -> None:
        self._wake.set()

    async def _pause(self, seconds: float) -> bool:
        """Wait for a notification or the poll interval; True when stopping."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), timeout=seconds)
        self._wake.clear()
        return self._stopping.is_set()

    async def _publish_batch(self, lock_conn: Connection) -> bool:
        """Publish one batch; True when a full batch was sent (there may be more).

        Read and marked on ``lock_conn``: the read succeeding shows the lock still held."""
        rows = await lock_conn.fetch(
            "SELECT seq, event_id, subject, envelope::text AS envelope, traceparent "
            "FROM outbox WHERE sent_at IS NULL ORDER BY seq LIMIT $1",
            self._settings.relay_batch_size,
        )
        if not rows:
            return False
        with self._batch_span(rows):
            acks = [await self._publish(row) for row in rows]
        # One deadline for the whole batch: acks lost to a disconnection must not be
        # waited for one by one.
        done, pending = await asyncio.wait(acks, timeout=self._settings.relay_publish_timeout_s)
        for late in pending:
            late.cancel()
        sent = [
            row["seq"]
            for row, ack in zip(rows, acks, strict=True)
            if ack in done and not ack.cancelled() and ack.exception() is None
        ]
        failures = len(rows) - len(sent)
        if failures:
            log.warning("%s of %s events not acknowledged by the stream", failures, len(rows))
        crash_here_if(self._settings.failpoint, "relay.after_publish")
        if sent:
            await lock_conn.execute(
                "UPDATE outbox SET sent_at = now() WHERE seq = ANY($1::bigint[])", sent
            )
            self.published += len(sent)
        if failures:
            raise EventsNotAcknowledged(f"{failures} events were not acknowledged by the stream")
        return len(rows) == self._settings.relay_batch_size

    def _batch_span(self, rows: list[asyncpg.Record]) -> Any:
        """One span for the batch, linked to the span that wrote each event: each message
        carries its writer's trace context, so every consumer continues that trace."""
        links = []
        for row in rows:
            context = context_from_traceparent(row["traceparent"])
            if context is not None:
                span_context = trace.get_current_span(context).get_span_context()
                if span_context.is_valid:
                    links.append(trace.Link(span_context))
        return tracer.start_as_current_span(
            f"{self._stream} publish",
            kind=trace.SpanKind.PRODUCER,
            links=links,
            attributes={"messaging.system": "nats", "messaging.batch.message_count": len(rows)},
        )

    async def _publish(self, row: asyncpg.Record) -> "asyncio.Future[Any]":
        headers = {"Nats-Msg-Id": str(row["event_id"]), "content-type": "application/json"}
        if row["traceparent"] is not None:
            headers["traceparent"] = row["traceparent"]
        return await self._js.publish_async(
            row["subject"], row["envelope"].encode(), stream=self._stream, headers=headers
        )
