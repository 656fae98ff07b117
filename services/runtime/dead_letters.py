"""The dead-letter hook: what happens when a consumer gives up on an event.

When a consumer exhausts ``max_deliver``, the NATS server publishes a max-deliveries
advisory. Advisories are plain NATS messages, lost if nobody listens at that moment, so
each service captures its own consumers' advisories in a small stream of its own
(``<PREFIX>_DLQ_<SERVICE>``) and reads it with a durable consumer. For each advisory the
runtime writes a ``bus.message_dead_lettered`` event in the service's outbox (the
incidents service opens an incident from it) and calls the service's own hook, in one
transaction, once.

A message that cannot even be read as an event takes the same path at once (no delivery
would ever read it): the consumer hands it to ``DeadLetterConsumer.malformed``, which
writes the same event, with reason ``malformed``, before the message is terminated.
"""

import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import asyncpg
import nats.js.errors
from nats.aio.msg import Msg
from nats.js import JetStreamContext
from nats.js.api import StorageType, StreamConfig
from pydantic import ValidationError

from contracts import subjects
from contracts.envelope import Actor
from contracts.events.bus import MESSAGE_DEAD_LETTERED, DeadLetterReason, MessageDeadLettered
from services.runtime.bus import ensure_stream
from services.runtime.connections import Connection
from services.runtime.inbox import consumer_config, record_in_inbox
from services.runtime.outbox import Outbox
from services.runtime.pull_consumer import PullConsumer
from services.runtime.settings import Settings

log = logging.getLogger(__name__)

DeadLetterHook = Callable[[Connection, MessageDeadLettered], Awaitable[None]]


def dead_letter_stream(settings: Settings, service: str) -> str:
    return f"{settings.bus_prefix}_dlq_{service}".upper()


async def ensure_dead_letter_stream(
    js: JetStreamContext, settings: Settings, service: str, watched: list[tuple[str, str]]
) -> None:
    """Capture the advisories of every (stream, durable) this service consumes."""
    await ensure_stream(
        js,
        StreamConfig(
            name=dead_letter_stream(settings, service),
            subjects=[subjects.max_deliveries_advisory(s, d) for s, d in watched],
            storage=StorageType.FILE,
            duplicate_window=settings.duplicate_window_s,
            num_replicas=settings.stream_replicas,
        ),
    )


async def describe(js: JetStreamContext, advisory: dict[str, Any]) -> MessageDeadLettered:
    """What the advisory points at, with the event's id, type and trace if still stored."""
    event_id = event_type = trace_id = subject = None
    try:
        stored = await js.get_msg(advisory["stream"], advisory["stream_seq"])
        subject = stored.subject
        envelope = json.loads(stored.data or b"{}")
        event_id, event_type = envelope.get("id"), envelope.get("type")
        traceparent = (stored.headers or {}).get("traceparent", "")
        trace_id = traceparent.split("-")[1] if traceparent.count("-") == 3 else None
    except (nats.js.errors.NotFoundError, ValueError):
        pass
    return MessageDeadLettered(
        stream=advisory["stream"],
        consumer=advisory["consumer"],
        stream_sequence=advisory["stream_seq"],
        deliveries=advisory["deliveries"],
        event_id=event_id,
        event_type=event_type,
        trace_id=trace_id,
        subject=subject,
    )


def what_is_unreadable(error: ValidationError) -> str:
    """Where and how the message fails, without its content (it may carry anything)."""
    found = [
        f"{'.'.join(str(part) for part in e['loc']) or 'mensaje'}: {e['type']}"
        for e in error.errors(include_url=False, include_input=False, include_context=False)
    ]
    return "; ".join(found[:5])


class DeadLetterConsumer:
    """Reads this service's captured advisories; see the module docstring."""

    def __init__(
        self,
        settings: Settings,
        service: str,
        pool: asyncpg.Pool,
        outbox: Outbox,
        hooks: list[DeadLetterHook],
    ) -> None:
        self._settings = settings
        self._pool = pool
        self._outbox = outbox
        self._hooks = hooks
        self._stream = dead_letter_stream(settings, service)
        self._durable = subjects.durable_name(service, "dead_letters")
        self._js: JetStreamContext | None = None
        self._pull: PullConsumer | None = None

    async def start(self, js: JetStreamContext) -> None:
        self._js = js
        config = consumer_config(
            self._settings, self._durable, "$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.>"
        )
        self._pull = PullConsumer(js, self._stream, config, self._handle, batch_size=10)
        await self._pull.start()

    async def stop(self) -> None:
        if self._pull is not None:
            await self._pull.stop()

    async def malformed(self, msg: Msg, consumer: str, error: ValidationError) -> None:
        """Dead-letter a message ``consumer`` cannot read; the caller terminates it after."""
        metadata = msg.metadata
        await self._record(
            MessageDeadLettered(
                stream=metadata.stream,
                consumer=consumer,
                stream_sequence=metadata.sequence.stream,
                deliveries=metadata.num_delivered or 1,
                subject=msg.subject,
                reason=DeadLetterReason.MALFORMED,
                detail=what_is_unreadable(error),
            )
        )

    async def _handle(self, messages: list[Msg]) -> None:
        assert self._js is not None
        for msg in messages:
            await self._record(await describe(self._js, json.loads(msg.data)))
            await msg.ack()

    async def _record(self, dead: MessageDeadLettered) -> None:
        """The event and the hooks, in one transaction, once per message and consumer."""
        key = f"{dead.stream}:{dead.stream_sequence}:{dead.consumer}"
        async with self._pool.acquire() as conn, conn.transaction():
            if not await record_in_inbox(conn, self._durable, key):
                return
            log.error(
                "consumer %s gave up on %s (%s, %s deliveries)",
                dead.consumer,
                dead.event_id or key,
                dead.reason.value,
                dead.deliveries,
            )
            await self._outbox.add(
                conn, MESSAGE_DEAD_LETTERED, dead, actor=Actor.system("dead-letter-hook")
            )
            for hook in self._hooks:
                await hook(conn, dead)
