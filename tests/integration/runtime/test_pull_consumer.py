"""The pull loop survives a batch that fails, and the failed messages come again."""

import asyncio
import secrets

import nats
from nats.aio.msg import Msg
from nats.js.api import AckPolicy, ConsumerConfig, StreamConfig

from services.runtime.pull_consumer import PullConsumer
from services.runtime.settings import Settings


async def test_a_failing_batch_does_not_stop_the_consumer(run: Settings) -> None:
    client = await nats.connect(run.nats_url)
    js = client.jetstream()
    stream = f"{run.bus_prefix}_loop_{secrets.token_hex(3)}".upper()
    subject = stream.lower() + ".x"
    await js.add_stream(StreamConfig(name=stream, subjects=[subject]))
    handled: list[bytes] = []
    all_handled = asyncio.Event()
    failed_once = False

    async def handle(messages: list[Msg]) -> None:
        nonlocal failed_once
        if not failed_once:
            failed_once = True
            raise RuntimeError("a bug in this batch")
        for msg in messages:
            handled.append(msg.data)
            await msg.ack()
        if len(set(handled)) == 3:
            all_handled.set()

    config = ConsumerConfig(
        durable_name="loop", ack_policy=AckPolicy.EXPLICIT, filter_subject=subject, ack_wait=1
    )
    consumer = PullConsumer(js, stream, config, handle)
    await consumer.start()
    try:
        for n in range(3):
            await js.publish(subject, str(n).encode())
        await asyncio.wait_for(all_handled.wait(), timeout=20)
        assert sorted(set(handled)) == [b"0", b"1", b"2"]
    finally:
        await consumer.stop()
        await js.delete_stream(stream)
        await client.close()
