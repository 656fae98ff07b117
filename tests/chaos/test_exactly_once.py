"""An event written by one service reaches a consumer in another exactly once, while
the relay, the consumer or the NATS server dies mid-flow.

The services are real processes; a *failpoint* makes one SIGKILL itself at the exact
moment named, as a power cut would.
"""

import contextlib
from collections.abc import AsyncIterator

import asyncpg
import nats
import pytest

from contracts import subjects
from contracts.requests import Empty
from services.runtime.requests import RequestClient, RequestFailed
from services.runtime.settings import Settings
from tests.support.pingpong import SendPings
from tests.support.processes import Spawn
from tests.support.waiting import eventually

PINGPONG = "tests.support.pingpong"


@contextlib.asynccontextmanager
async def client(settings: Settings) -> AsyncIterator[RequestClient]:
    from faststream.nats import NatsBroker

    broker = NatsBroker(settings.nats_url, logger=None, max_reconnect_attempts=-1)
    await broker.start()
    try:
        yield RequestClient(broker, settings.bus_prefix, 10)
    finally:
        await broker.stop()


async def send(
    settings: Settings, batch: str, count: int, per_transaction: int = 1, *, may_die: bool = False
) -> None:
    """Ask the sender for pings. A sender that the test arranged to die right after
    committing may not reply (``may_die``); otherwise a missing reply fails the test."""
    async with client(settings) as requests:
        try:
            await requests.call(
                "sender",
                "ping.send",
                SendPings(batch=batch, count=count, per_transaction=per_transaction),
                request_id=batch,
            )
        except RequestFailed:
            if not may_die:
                raise


async def sender_answers(settings: Settings) -> bool:
    async with client(settings) as requests:
        try:
            await requests.call("sender", "health", Empty(), request_id="h", timeout_s=1)
        except RequestFailed:
            return False
        return True


async def effects(admin: asyncpg.Connection, batch: str) -> tuple[int, int]:
    """(rows, distinct events) the receiver recorded for a batch."""
    row = await admin.fetchrow(
        "SELECT count(*) AS rows, count(DISTINCT event_id) AS events "
        "FROM receiver.received WHERE batch = $1",
        batch,
    )
    assert row is not None
    return row["rows"], row["events"]


async def stream_messages(settings: Settings) -> int:
    connection = await nats.connect(settings.nats_url)
    try:
        info = await connection.jetstream().stream_info(
            subjects.stream_name(settings.bus_prefix, "sender")
        )
        return info.state.messages
    finally:
        await connection.close()


async def test_relay_killed_after_publishing_and_before_marking_sent(
    fresh: Settings, admin: asyncpg.Connection, spawn: Spawn
) -> None:
    receiver = await spawn(fresh, PINGPONG, "receiver")
    doomed = await spawn(fresh, PINGPONG, "sender", failpoint="relay.after_publish")
    try:
        await send(fresh, "relay-crash", 40, per_transaction=40, may_die=True)
        assert await doomed.exited() == -9
        unsent = await admin.fetchval("SELECT count(*) FROM sender.outbox WHERE sent_at IS NULL")
        assert unsent == 40, "the relay died before marking its batch sent"
        assert await stream_messages(fresh) == 40, "…but after publishing it"

        sender = await spawn(fresh, PINGPONG, "sender")
        await eventually(
            lambda: admin.fetchval("SELECT count(*) FROM sender.outbox WHERE sent_at IS NULL"),
            lambda n: n == 0,
            what="the restarted relay marked the batch sent",
        )
        await send(fresh, "marker", 1)
        await eventually(lambda: effects(admin, "marker"), lambda e: e == (1, 1))
        assert await effects(admin, "relay-crash") == (40, 40)
        assert await stream_messages(fresh) == 41, "the stream dropped the re-published copies"
        await sender.stop()
    finally:
        await receiver.stop()


async def test_consumer_killed_after_its_effect_and_before_its_ack(
    fresh: Settings, admin: asyncpg.Connection, spawn: Spawn
) -> None:
    sender = await spawn(fresh, PINGPONG, "sender")
    doomed = await spawn(fresh, PINGPONG, "receiver", failpoint="consumer.after_commit")
    try:
        await send(fresh, "consumer-crash", 10)
        assert await doomed.exited() == -9
        rows, events = await effects(admin, "consumer-crash")
        assert rows == events and 1 <= rows < 10, "some effects committed, none of them acked"

        receiver = await spawn(fresh, PINGPONG, "receiver")
        await eventually(
            lambda: effects(admin, "consumer-crash"),
            lambda e: e[1] == 10,
            timeout_s=fresh.consumer_ack_wait_s + 20,
            what="all ten effects",
        )

        async def redeliveries_skipped() -> int:
            return receiver.log_path.read_text().count("acknowledging the redelivery")

        # Each committed-but-unacked event comes again after the ack wait, and is skipped.
        await eventually(
            redeliveries_skipped,
            lambda n: n == rows,
            timeout_s=fresh.consumer_ack_wait_s + 20,
            what="the redeliveries skipped by the inbox",
        )
        assert await effects(admin, "consumer-crash") == (10, 10)
        await receiver.stop()

    finally:
        await sender.stop()


@pytest.fixture
async def own_nats(fresh: Settings, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """A NATS server of this test's own, so it can restart it."""
    from services.launcher.embedded import EmbeddedNats, free_port

    server = EmbeddedNats(tmp_path_factory.mktemp("own-nats"), free_port()).start()
    yield server
    server.stop()


async def test_nats_server_restarted_mid_stream(
    fresh: Settings, admin: asyncpg.Connection, spawn: Spawn, own_nats
) -> None:  # type: ignore[no-untyped-def]
    settings = fresh.model_copy(update={"nats_url": own_nats.url})
    sender = await spawn(settings, PINGPONG, "sender")
    receiver = await spawn(settings, PINGPONG, "receiver")
    try:
        await send(settings, "before", 2000, per_transaction=50)
        at_kill = await eventually(
            lambda: effects(admin, "before"), lambda e: e[1] >= 100, what="the stream flowing"
        )
        own_nats.kill()  # SIGKILL while events are being relayed and consumed
        assert at_kill[1] < 2000, "the server died mid-stream"
        own_nats.start()
        await eventually(lambda: sender_answers(settings), bool, what="the sender reconnected")
        await send(settings, "after", 300)
        for batch, count in (("before", 2000), ("after", 300)):
            await eventually(
                lambda batch=batch: effects(admin, batch),  # type: ignore[misc]
                lambda e, count=count: e[1] == count,  # type: ignore[misc]
                what=f"{count} effects of {batch}",
            )
        assert await effects(admin, "before") == (2000, 2000)
        assert await effects(admin, "after") == (300, 300)
        assert await stream_messages(settings) == 2300
    finally:
        await receiver.stop()
        await sender.stop()
