"""The consuming side of the pipeline benchmark, in a process of its own.

``python -m bench.consumer_process outbox|outbox-batch``: a service whose one consumer
records each event's effect (with the time it was handled) through the runtime's inbox,
one event at a time or a batch at a time.
``python -m bench.consumer_process raw STREAM SUBJECT COUNT``: plain nats-py pull
consumption with ack, printing one JSON line of receive times when COUNT arrived.
"""

import asyncio
import json
import sys
import time
from pathlib import Path

import nats
from nats.js.api import AckPolicy, ConsumerConfig

from contracts.envelope import EventEnvelope
from services.runtime.connections import Connection
from services.runtime.inbox import EventConsumer
from services.runtime.service_deps import ServiceDeps
from services.runtime.service_host import ServiceDefinition, run_service

PRODUCER, CONSUMER, EVENT = "bench_producer", "bench_consumer", "bench.happened"


async def record_effect(_: ServiceDeps, conn: Connection, event: EventEnvelope) -> None:
    await conn.execute(
        "INSERT INTO effects (event_id, occurred_at) VALUES ($1, $2)", event.id, event.occurred_at
    )


async def record_effects(_: ServiceDeps, conn: Connection, events: list[EventEnvelope]) -> None:
    await conn.executemany(
        "INSERT INTO effects (event_id, occurred_at) VALUES ($1, $2)",
        [(event.id, event.occurred_at) for event in events],
    )


def definition(batched: bool) -> ServiceDefinition:
    consumer = EventConsumer(
        name="record_effect",
        producer=PRODUCER,
        event_type=EVENT,
        version=1,
        handler=None if batched else record_effect,
        batch_handler=record_effects if batched else None,
    )
    return ServiceDefinition(
        name=CONSUMER,
        migrations=Path(__file__).parent / "migrations" / CONSUMER,
        consumers=[consumer],
    )


async def consume_raw(nats_url: str, stream: str, subject: str, count: int) -> None:
    client = await nats.connect(nats_url)
    js = client.jetstream()
    subscription = await js.pull_subscribe(
        subject,
        durable="raw_" + subject.rsplit(".", 1)[-1],
        stream=stream,
        config=ConsumerConfig(ack_policy=AckPolicy.EXPLICIT),
    )
    print(json.dumps({"ready": True}), flush=True)
    latencies: list[float] = []
    last = 0.0
    while len(latencies) < count:
        try:
            messages = await subscription.fetch(100, timeout=1)
        except (nats.errors.TimeoutError, TimeoutError):
            continue
        for message in messages:
            await message.ack()
            last = time.time()
            latencies.append(last - json.loads(message.data)["sent_at"])
    print(json.dumps({"last_received": last, "latencies": latencies}), flush=True)
    await client.close()


if __name__ == "__main__":
    if sys.argv[1].startswith("outbox"):
        run_service(definition(batched=sys.argv[1] == "outbox-batch"))
    else:
        asyncio.run(consume_raw(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])))
