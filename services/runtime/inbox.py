"""Durable event consumers with an inbox: each event's effect happens exactly once.

A consumer is a durable JetStream pull consumer with explicit ack, shared by the
replicas of its service. For each delivery the runtime opens one transaction, records
the event id in the inbox (a redelivered id is skipped), runs the handler's effect in
that same transaction, commits, and only then acks. A crash before the commit leaves
nothing behind and the event is redelivered; a crash after the commit and before the ack
redelivers an id the inbox already holds. A handler that fails is retried with growing
delays, at most ``max_deliver`` times; then the server's max-deliveries advisory feeds
the dead-letter hook (dead_letters.py).
"""

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import asyncpg
from faststream import AckPolicy
from faststream.nats import JStream, NatsBroker, NatsMessage, PullSub
from nats.js.api import AckPolicy as JsAckPolicy
from nats.js.api import ConsumerConfig, DeliverPolicy
from pydantic import ValidationError

from contracts import subjects
from contracts.envelope import EventEnvelope
from services.runtime.failpoints import crash_here_if
from services.runtime.settings import Settings

log = logging.getLogger(__name__)

EventHandler = Callable[[asyncpg.Connection, EventEnvelope], Awaitable[None]]


@dataclass(frozen=True)
class EventConsumer:
    """Handle one event type from one producer; ``name`` names the durable consumer."""

    name: str
    producer: str
    event_type: str
    version: int
    handler: EventHandler


def redelivery_delay(settings: Settings, deliveries: int) -> float:
    backoff = settings.consumer_backoff_s
    return backoff[min(deliveries, len(backoff)) - 1]


def consumer_config(settings: Settings, durable: str, subject: str) -> ConsumerConfig:
    return ConsumerConfig(
        durable_name=durable,
        ack_policy=JsAckPolicy.EXPLICIT,
        deliver_policy=DeliverPolicy.ALL,
        filter_subject=subject,
        max_deliver=settings.consumer_max_deliver,
        ack_wait=settings.consumer_ack_wait_s,
        max_ack_pending=1000,
    )


async def record_in_inbox(conn: asyncpg.Connection, consumer: str, event_id: str) -> bool:
    """True when the id is new for this consumer (and now recorded)."""
    inserted = await conn.fetchval(
        "INSERT INTO inbox (consumer, event_id) VALUES ($1, $2) "
        "ON CONFLICT DO NOTHING RETURNING true",
        consumer,
        event_id,
    )
    return bool(inserted)


def subscribe_consumer(
    broker: NatsBroker,
    settings: Settings,
    service: str,
    pool: asyncpg.Pool,
    consumer: EventConsumer,
) -> str:
    """Register the consumer on the broker; return its durable name."""
    subject = subjects.event_subject(
        settings.bus_prefix, consumer.producer, consumer.event_type, consumer.version
    )
    stream = subjects.stream_name(settings.bus_prefix, consumer.producer)
    durable = subjects.durable_name(service, consumer.name)

    async def on_event(body: dict[str, Any], msg: NatsMessage) -> None:
        try:
            envelope = EventEnvelope.model_validate(body)
        except ValidationError:
            # It will never become valid: stop redelivering, and say so loudly.
            log.error("malformed event on %s dropped (seq %s)", subject, _sequence(msg))
            await msg.reject()
            return
        try:
            async with pool.acquire() as conn, conn.transaction():
                first_time = await record_in_inbox(conn, durable, str(envelope.id))
                if first_time:
                    await consumer.handler(conn, envelope)
        except Exception:
            deliveries = msg.raw_message.metadata.num_delivered
            log.exception(
                "consumer %s failed on event %s (delivery %s)", durable, envelope.id, deliveries
            )
            await msg.nack(delay=redelivery_delay(settings, deliveries))
            return
        if not first_time:
            log.info(
                "event already handled; acknowledging the redelivery",
                extra={"consumer": durable, "event_id": str(envelope.id)},
            )
        crash_here_if(settings.failpoint, "consumer.after_commit")
        await msg.ack()

    broker.subscriber(
        subject,
        stream=JStream(stream, declare=False),
        durable=durable,
        config=consumer_config(settings, durable, subject),
        pull_sub=PullSub(batch_size=100, timeout=1.0),
        ack_policy=AckPolicy.MANUAL,
        title=durable,
    )(on_event)
    return durable


def _sequence(msg: NatsMessage) -> int | None:
    metadata = msg.raw_message.metadata
    return metadata.sequence.stream if metadata else None
