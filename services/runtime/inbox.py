"""Durable event consumers with an inbox: each event's effect happens exactly once.

A consumer is a durable JetStream pull consumer with explicit ack, shared by the
replicas of its service (pull_consumer.py). A fetched batch is handled in one
transaction: the batch's event ids go into the inbox (ids already there are skipped),
the handler runs for each new event in order, the transaction commits, and only then are
the messages acked. A crash before the commit leaves nothing behind and the events come
again; a crash after the commit and before the acks brings back ids the inbox holds.

When the batch's transaction fails, the batch is handled again one event per
transaction, so one failing event does not hold back the others; a failing event is
retried with growing delays (``nak`` with delay), at most ``max_deliver`` times, and then
the server's max-deliveries advisory feeds the dead-letter hook (dead_letters.py). A
message that is no event envelope goes to the same hook at once, and is then terminated.

Each event is handled inside a span whose parent is the one that published it, so a trace
continues from the producer's request into every consumer, with the handler's statements
under it. The batch's own bookkeeping (its transaction, inbox rows, commit and the pool's
reset) is not traced: it belongs to no event's trace, and as a trace of its own per batch
it made an event that comes alone cost seven spans instead of two, whose export held up
the events behind it (bench/outbox_pipeline.py, the latency's p99).
"""

import contextlib
import logging
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass

import asyncpg
from nats.aio.msg import Msg
from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from opentelemetry import context as otel_context
from opentelemetry import propagate, trace
from opentelemetry.context import Context
from opentelemetry.instrumentation.utils import suppress_instrumentation
from pydantic import ValidationError

from contracts import subjects
from contracts.envelope import EventEnvelope
from services.runtime.connections import Connection
from services.runtime.failpoints import crash_here_if
from services.runtime.outbox import SENT_RETENTION_DAYS
from services.runtime.pull_consumer import PullConsumer
from services.runtime.service_deps import ServiceDeps
from services.runtime.settings import Settings
from services.runtime.telemetry import span_unless_unkept

log = logging.getLogger(__name__)
tracer = trace.get_tracer(__name__)

EventHandler = Callable[[ServiceDeps, Connection, EventEnvelope], Awaitable[None]]
BatchEventHandler = Callable[[ServiceDeps, Connection, list[EventEnvelope]], Awaitable[None]]
UnreadableHandler = Callable[[Msg, str, ValidationError], Awaitable[None]]
"""Dead-letters a message the named consumer cannot read (DeadLetterConsumer.malformed)."""


@dataclass(frozen=True, kw_only=True)
class EventConsumer:
    """Handle one event type from one producer; ``name`` names the durable consumer.

    The name is written out in every declaration, never derived from the handler's: the
    server keeps each durable consumer's position under it, so a new name is a new
    consumer that replays the whole stream against an inbox that knows none of it.

    ``handler`` takes one event at a time; a consumer whose effect is cheaper in bulk
    (the audit log appends leaves by the thousand) gives ``batch_handler`` instead, which
    receives the new events of a batch, in order, in the batch's transaction.
    """

    name: str
    producer: str
    event_type: str
    version: int
    handler: EventHandler | None = None
    batch_handler: BatchEventHandler | None = None
    batch_size: int = 200

    def __post_init__(self) -> None:
        if (self.handler is None) == (self.batch_handler is None):
            raise ValueError(f"consumer {self.name} needs exactly one of handler, batch_handler")

    async def handle(
        self,
        deps: ServiceDeps,
        conn: Connection,
        events: list[tuple[Msg, EventEnvelope]],
    ) -> None:
        if self.batch_handler is not None:
            with batch_span(events):
                await self.batch_handler(deps, conn, [envelope for _, envelope in events])
            return
        assert self.handler is not None
        for msg, envelope in events:
            with event_span(msg, envelope):
                await self.handler(deps, conn, envelope)


def redelivery_delay(settings: Settings, deliveries: int) -> float:
    backoff = settings.consumer_backoff_s
    return backoff[min(deliveries, len(backoff)) - 1]


def consumer_config(settings: Settings, durable: str, subject: str) -> ConsumerConfig:
    return ConsumerConfig(
        durable_name=durable,
        ack_policy=AckPolicy.EXPLICIT,
        deliver_policy=DeliverPolicy.ALL,
        filter_subject=subject,
        max_deliver=settings.consumer_max_deliver,
        ack_wait=settings.consumer_ack_wait_s,
        max_ack_pending=2000,
    )


async def record_in_inbox(conn: Connection, consumer: str, event_id: str) -> bool:
    """True when the id is new for this consumer (and now recorded)."""
    inserted = await conn.fetchval(
        "INSERT INTO inbox (consumer, event_id) VALUES ($1, $2) "
        "ON CONFLICT DO NOTHING RETURNING true",
        consumer,
        event_id,
    )
    return bool(inserted)


async def record_batch_in_inbox(conn: Connection, consumer: str, event_ids: list[str]) -> set[str]:
    """The ids of the batch that are new for this consumer (and now recorded)."""
    rows = await conn.fetch(
        "INSERT INTO inbox (consumer, event_id) SELECT $1, unnest($2::text[]) "
        "ON CONFLICT DO NOTHING RETURNING event_id",
        consumer,
        event_ids,
    )
    return {row["event_id"] for row in rows}


def inbox_retention_s(settings: Settings) -> float:
    """How long a consumer remembers an event id it handled.

    An id must outlive every way the same event can arrive again: a redelivery (at most
    ``max_deliver`` of them, each after the ack wait or a backoff delay), and a copy the
    relay re-publishes after the stream's duplicate window has forgotten the first one
    (a relay that published but could not mark its rows, then stayed down). Sent outbox
    rows are kept a week (outbox.py), so a re-publish can come at most that late; the
    inbox keeps the same week, or longer if a deployment's settings reach further.
    """
    redeliveries = settings.consumer_max_deliver * (
        settings.consumer_ack_wait_s + max(settings.consumer_backoff_s)
    )
    return max(
        SENT_RETENTION_DAYS * 86400.0,
        settings.duplicate_window_s,
        settings.relay_republish_horizon_s,
        redeliveries,
    )


async def forget_handled_events(pool: asyncpg.Pool, settings: Settings) -> int:
    """Delete processed ids past the inbox's retention; returns how many went."""
    deleted = await pool.fetchval(
        "WITH gone AS (DELETE FROM inbox WHERE processed_at < now() - make_interval(secs => $1) "
        "RETURNING 1) SELECT count(*) FROM gone",
        inbox_retention_s(settings),
    )
    return int(deleted)


@contextlib.contextmanager
def traced_anew(context: Context) -> Iterator[None]:
    """Run in ``context`` alone: a handler's statements are traced even though the batch's
    bookkeeping around it is not (``suppress_instrumentation`` lives in the context)."""
    token = otel_context.attach(context)
    try:
        yield
    finally:
        otel_context.detach(token)


@contextlib.contextmanager
def event_span(msg: Msg, envelope: EventEnvelope) -> Iterator[None]:
    with (
        traced_anew(propagate.extract(msg.headers or {}, context=Context())),
        span_unless_unkept(
            tracer,
            f"{msg.subject} process",
            kind=trace.SpanKind.CONSUMER,
            attributes={
                "messaging.system": "nats",
                "messaging.destination.name": msg.subject,
                "messaging.message.id": str(envelope.id),
                "conoceles.event.type": envelope.type,
            },
        ),
    ):
        yield


@contextlib.contextmanager
def batch_span(events: list[tuple[Msg, EventEnvelope]]) -> Iterator[None]:
    """One span for a batch handler's call, linked to the span of every event's producer."""
    links = []
    for msg, _ in events:
        context = trace.get_current_span(propagate.extract(msg.headers or {})).get_span_context()
        if context.is_valid:
            links.append(trace.Link(context))
    subject = events[0][0].subject
    with (
        traced_anew(Context()),
        tracer.start_as_current_span(
            f"{subject} process batch",
            kind=trace.SpanKind.CONSUMER,
            links=links,
            attributes={"messaging.system": "nats", "messaging.batch.message_count": len(events)},
        ),
    ):
        yield


class InboxConsumer:
    """Runs one EventConsumer: batches in one transaction, per-event fallback."""

    def __init__(
        self, deps: ServiceDeps, consumer: EventConsumer, unreadable: UnreadableHandler
    ) -> None:
        settings, service = deps.settings, deps.service
        self._deps = deps
        self._settings = settings
        self._pool = deps.pool
        self._consumer = consumer
        self._unreadable = unreadable
        self.subject = subjects.event_subject(
            settings.bus_prefix, consumer.producer, consumer.event_type, consumer.version
        )
        self.stream = subjects.stream_name(settings.bus_prefix, consumer.producer)
        self.durable = subjects.durable_name(service, consumer.name)
        self._pull: PullConsumer | None = None

    async def start(self, js: JetStreamContext) -> None:
        config = consumer_config(self._settings, self.durable, self.subject)
        self._pull = PullConsumer(
            js, self.stream, config, self._handle_batch, batch_size=self._consumer.batch_size
        )
        await self._pull.start()

    async def stop(self) -> None:
        if self._pull is not None:
            await self._pull.stop()

    async def _handle_batch(self, messages: list[Msg]) -> None:
        events: list[tuple[Msg, EventEnvelope]] = []
        for msg in messages:
            try:
                events.append((msg, EventEnvelope.model_validate_json(msg.data)))
            except ValidationError as error:
                # It will never become valid: dead-letter it (committed first, so a crash
                # here brings it back), then stop its redeliveries.
                await self._unreadable(msg, self.durable, error)
                await msg.term()
        if not events:
            return
        try:
            with suppress_instrumentation():
                async with self._pool.acquire() as conn, conn.transaction():
                    new = await record_batch_in_inbox(
                        conn, self.durable, [str(envelope.id) for _, envelope in events]
                    )
                    fresh = [(m, e) for m, e in events if str(e.id) in new]
                    if fresh:
                        await self._consumer.handle(self._deps, conn, fresh)
        except Exception:
            if len(events) == 1:
                await self._failed(*events[0])
                return
            log.warning("batch of %s failed; handling its events one by one", len(events))
            for msg, envelope in events:
                await self._handle_one(msg, envelope)
            return
        self._log_skipped(events, new)
        crash_here_if(self._settings.failpoint, "consumer.after_commit")
        for msg, _ in events:
            await msg.ack()

    async def _handle_one(self, msg: Msg, envelope: EventEnvelope) -> None:
        try:
            with suppress_instrumentation():
                async with self._pool.acquire() as conn, conn.transaction():
                    first_time = await record_in_inbox(conn, self.durable, str(envelope.id))
                    if first_time:
                        await self._consumer.handle(self._deps, conn, [(msg, envelope)])
        except Exception:
            await self._failed(msg, envelope)
            return
        self._log_skipped([(msg, envelope)], {str(envelope.id)} if first_time else set())
        crash_here_if(self._settings.failpoint, "consumer.after_commit")
        await msg.ack()

    async def _failed(self, msg: Msg, envelope: EventEnvelope) -> None:
        deliveries = msg.metadata.num_delivered or 1
        log.exception(
            "consumer %s failed on event %s (delivery %s)", self.durable, envelope.id, deliveries
        )
        await msg.nak(delay=redelivery_delay(self._settings, deliveries))

    def _log_skipped(self, events: list[tuple[Msg, EventEnvelope]], new: set[str]) -> None:
        for _, envelope in events:
            if str(envelope.id) not in new:
                log.info(
                    "event already handled; acknowledging the redelivery",
                    extra={"consumer": self.durable, "event_id": str(envelope.id)},
                )
