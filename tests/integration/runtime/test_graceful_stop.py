"""Stopping a service lets the event in hand finish; nothing unfinished is acked."""

import asyncio

import asyncpg

from contracts import subjects
from contracts.envelope import EventEnvelope
from services.runtime.database import admin_dsn
from services.runtime.inbox import EventConsumer
from services.runtime.requests import RequestClient
from services.runtime.service_deps import ServiceDeps
from services.runtime.service_host import ServiceDefinition, ServiceHost
from services.runtime.settings import Settings
from tests.support.hosts import running
from tests.support.pingpong import MIGRATIONS, PING_SENT, SendPings, sender


async def test_stopping_a_service_finishes_the_event_in_hand(fresh: Settings) -> None:
    entered, release = asyncio.Event(), asyncio.Event()

    async def slow(_: ServiceDeps, conn: asyncpg.Connection, event: EventEnvelope) -> None:
        entered.set()
        await release.wait()
        await conn.execute(
            "INSERT INTO received (event_id, batch, number) VALUES ($1, 'slow', 0)", event.id
        )

    slow_receiver = ServiceDefinition(
        name="receiver",
        migrations=MIGRATIONS / "receiver",
        consumers=[
            EventConsumer(
                name="record_ping",
                producer="sender",
                event_type=PING_SENT.event_type,
                version=1,
                handler=slow,
            )
        ],
    )
    async with running(fresh, sender) as (sending,):
        host = ServiceHost(slow_receiver, fresh)
        await host.start()
        assert sending.deps is not None and host.pool is not None
        client = RequestClient(sending.deps.broker, fresh.bus_prefix, 5)
        await client.call("sender", "ping.send", SendPings(batch="slow", count=1), request_id="s")
        await asyncio.wait_for(entered.wait(), timeout=20)

        stopping = asyncio.create_task(host.stop())
        release.set()  # the handler finishes while the service is stopping
        await asyncio.wait_for(stopping, timeout=20)

        js = sending.deps.broker.connection.jetstream()
        info = await js.consumer_info(
            subjects.stream_name(fresh.bus_prefix, "sender"), "receiver__record_ping"
        )
        assert info.num_ack_pending == 0 and info.num_pending == 0, "handled and acked"
        admin = await asyncpg.connect(admin_dsn(fresh, database=fresh.instance))
        assert await admin.fetchval("SELECT count(*) FROM receiver.received") == 1
        await admin.close()
