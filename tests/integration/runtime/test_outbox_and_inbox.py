"""The outbox and the inbox over a real NATS and a real PostgreSQL, in one process."""

import asyncio
import json
from uuid import uuid4

import asyncpg
import pytest

from contracts import subjects
from contracts.envelope import Actor
from services.runtime.database import create_pool
from services.runtime.inbox import record_in_inbox
from services.runtime.outbox import forget_sent_events
from services.runtime.requests import RequestClient
from services.runtime.service_deps import ServiceDeps
from services.runtime.service_host import ServiceHost
from services.runtime.settings import Settings
from tests.support.hosts import running
from tests.support.pingpong import PING_SENT, PingSent, SendPings, receiver, sender
from tests.support.waiting import eventually


def deps_of(host: ServiceHost) -> ServiceDeps:
    assert host.deps is not None
    return host.deps


def client_of(host: ServiceHost) -> RequestClient:
    return RequestClient(deps_of(host).broker, host.settings.bus_prefix, 10)


async def received(host: ServiceHost, batch: str) -> list[asyncpg.Record]:
    return await deps_of(host).pool.fetch(
        "SELECT event_id, number FROM received WHERE batch = $1 ORDER BY number", batch
    )


async def send(host: ServiceHost, batch: str, count: int, per_transaction: int = 1) -> None:
    await client_of(host).call(
        "sender",
        "ping.send",
        SendPings(batch=batch, count=count, per_transaction=per_transaction),
        request_id=batch,
    )


async def test_every_event_written_with_its_change_is_handled_once(fresh: Settings) -> None:
    async with running(fresh, sender, receiver) as (sending, receiving):
        await send(sending, "a", 50, per_transaction=7)
        rows = await eventually(
            lambda: received(receiving, "a"), lambda r: len(r) >= 50, what="50 pings received"
        )
        assert [r["number"] for r in rows] == list(range(50))
        assert len({r["event_id"] for r in rows}) == 50


async def test_an_event_whose_transaction_rolled_back_is_never_published(fresh: Settings) -> None:
    async with running(fresh, sender, receiver) as (sending, receiving):
        deps = deps_of(sending)
        with pytest.raises(RuntimeError, match="abandoned"):
            async with deps.pool.acquire() as conn, conn.transaction():
                ping = PingSent(ping_id=uuid4(), batch="ghost", number=0)
                await deps.outbox.add(conn, PING_SENT, ping, actor=Actor.system("test"))
                raise RuntimeError("abandoned")
        await send(sending, "after", 1)
        await eventually(lambda: received(receiving, "after"), lambda r: len(r) == 1)
        assert await received(receiving, "ghost") == []
        assert await deps.pool.fetchval("SELECT count(*) FROM outbox") == 1


async def test_an_event_outside_a_transaction_is_refused(fresh: Settings) -> None:
    async with running(fresh, sender) as (sending,):
        deps = deps_of(sending)
        ping = PingSent(ping_id=uuid4(), batch="loose", number=0)
        async with deps.pool.acquire() as conn:
            with pytest.raises(RuntimeError, match="inside the state change's transaction"):
                await deps.outbox.add(conn, PING_SENT, ping, actor=Actor.system("test"))


async def test_a_republished_event_is_dropped_by_the_stream_and_the_inbox(fresh: Settings) -> None:
    async with running(fresh, sender, receiver) as (sending, receiving):
        await send(sending, "twice", 5)
        await eventually(lambda: received(receiving, "twice"), lambda r: len(r) == 5)
        pool = deps_of(sending).pool
        # What a relay that crashed before marking its batch would do: publish it again.
        await pool.execute("UPDATE outbox SET sent_at = NULL")
        await eventually(
            lambda: pool.fetchval("SELECT count(*) FROM outbox WHERE sent_at IS NULL"),
            lambda n: n == 0,
            what="the relay re-published every row",
        )
        await send(sending, "marker", 1)
        await eventually(lambda: received(receiving, "marker"), lambda r: len(r) == 1)
        js = deps_of(sending).broker.connection.jetstream()
        info = await js.stream_info(subjects.stream_name(fresh.bus_prefix, "sender"))
        assert info.state.messages == 6
        assert len(await received(receiving, "twice")) == 5


async def test_the_inbox_admits_an_event_id_once_per_consumer(run: Settings) -> None:
    async with (
        running(run, receiver) as (receiving,),
        deps_of(receiving).pool.acquire() as conn,
        conn.transaction(),
    ):
        assert await record_in_inbox(conn, "receiver__one", "e-1") is True
        assert await record_in_inbox(conn, "receiver__one", "e-1") is False
        assert await record_in_inbox(conn, "receiver__two", "e-1") is True


async def test_an_event_that_always_fails_is_dead_lettered_after_bounded_retries(
    fresh: Settings,
) -> None:
    async with running(fresh, sender, receiver) as (sending, receiving):
        await send(sending, "flaky", 1)
        flaky_id = await deps_of(sending).pool.fetchval(
            "SELECT envelope->>'id' FROM outbox ORDER BY seq DESC LIMIT 1"
        )
        pool = deps_of(receiving).pool
        dead = await eventually(
            lambda: pool.fetch(
                "SELECT envelope, sent_at FROM outbox "
                "WHERE envelope->>'type' = 'bus.message_dead_lettered'"
            ),
            lambda rows: len(rows) == 1 and rows[0]["sent_at"] is not None,
            what="a published dead-letter event",
        )
        envelope = json.loads(dead[0]["envelope"])
        assert envelope["data"]["event_id"] == flaky_id
        assert envelope["data"]["event_type"] == "ping.sent"
        assert envelope["data"]["deliveries"] == fresh.consumer_max_deliver
        assert envelope["data"]["consumer"] == "receiver__record_ping"
        assert envelope["data"]["trace_id"]
        assert await received(receiving, "flaky") == []


async def test_published_events_are_forgotten_after_a_week_and_unsent_ones_never(
    fresh: Settings,
) -> None:
    async with running(fresh, sender) as (sending,):
        pool = deps_of(sending).pool
        await send(sending, "old", 3)
        await eventually(
            lambda: pool.fetchval("SELECT count(*) FROM outbox WHERE sent_at IS NULL"),
            lambda n: n == 0,
        )
        assert sending.relay is not None
        await sending.relay.stop()  # so that an unsent row stays unsent
        await pool.execute(
            "UPDATE outbox SET created_at = now() - interval '9 days', "
            "sent_at = now() - interval '8 days' "
            "WHERE seq IN (SELECT seq FROM outbox ORDER BY seq LIMIT 2)"
        )
        await pool.execute(
            "UPDATE outbox SET created_at = now() - interval '9 days', sent_at = NULL "
            "WHERE seq = (SELECT max(seq) FROM outbox)"
        )
        assert await forget_sent_events(pool) == 2
        assert await pool.fetchval("SELECT count(*) FROM outbox WHERE sent_at IS NULL") == 1


async def test_an_event_that_cannot_be_read_is_dead_lettered_and_has_no_effect(
    fresh: Settings,
) -> None:
    async with running(fresh, sender, receiver) as (sending, receiving):
        js = deps_of(sending).broker.connection.jetstream()
        subject = subjects.event_subject(
            fresh.bus_prefix, "sender", PING_SENT.event_type, PING_SENT.version
        )
        ack = await js.publish(subject, b'{"id": "not an envelope"}')
        pool = deps_of(receiving).pool
        dead = await eventually(
            lambda: pool.fetch(
                "SELECT envelope, sent_at FROM outbox "
                "WHERE envelope->>'type' = 'bus.message_dead_lettered'"
            ),
            lambda rows: len(rows) == 1 and rows[0]["sent_at"] is not None,
            what="a published dead-letter event for the unreadable message",
        )
        data = json.loads(dead[0]["envelope"])["data"]
        assert data["stream"] == ack.stream
        assert data["stream_sequence"] == ack.seq
        assert data["subject"] == subject
        assert data["consumer"] == "receiver__record_ping"
        assert data["reason"] == "malformed"
        assert "not an envelope" not in json.dumps(data), "the payload itself stays out"
        info = await js.consumer_info(ack.stream, "receiver__record_ping")
        assert info.num_ack_pending == 0 and info.num_pending == 0, "terminated, not retried"
        assert await pool.fetchval("SELECT count(*) FROM received") == 0


async def test_processed_ids_are_forgotten_by_the_timer_after_the_outbox_horizon(
    fresh: Settings,
) -> None:
    async with running(fresh, receiver) as (receiving,):
        pool = deps_of(receiving).pool
        await pool.execute(
            "INSERT INTO inbox (consumer, event_id, processed_at) VALUES "
            "('receiver__record_ping', 'old', now() - interval '8 days'), "
            "('receiver__record_ping', 'recent', now() - interval '6 days')"
        )
    # The retention timer ticks as a service starts (and hourly after).
    async with running(fresh, receiver) as (receiving,):
        pool = deps_of(receiving).pool
        kept = await eventually(
            lambda: pool.fetch("SELECT event_id FROM inbox ORDER BY event_id"),
            lambda rows: "old" not in {r["event_id"] for r in rows},
            what="the week-old processed id forgotten",
        )
        assert [r["event_id"] for r in kept] == ["recent"]


async def test_a_relay_that_loses_its_lock_stops_publishing_until_it_leads_again(
    fresh: Settings,
) -> None:
    async with running(fresh, sender) as (sending,):
        pool, relay = deps_of(sending).pool, sending.relay
        assert relay is not None

        async def unsent() -> int:
            return int(await pool.fetchval("SELECT count(*) FROM outbox WHERE sent_at IS NULL"))

        await send(sending, "before", 1)
        await eventually(unsent, lambda n: n == 0, what="the first event published")
        key = f"relay:{fresh.instance}:sender"
        holder = await pool.fetchval(
            "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted "
            "AND objid = (hashtext($1)::bigint & 4294967295)::oid",
            key,
        )
        assert holder is not None
        # Another replica waits for the lock, so it takes over the moment the relay's
        # session ends.
        rival = await create_pool(fresh, "sender", max_size=1)
        try:
            async with rival.acquire() as other_replica:
                taking = asyncio.create_task(
                    other_replica.execute("SELECT pg_advisory_lock(hashtext($1))", key)
                )
                await pool.execute("SELECT pg_terminate_backend($1)", holder)
                await asyncio.wait_for(taking, timeout=20)
                await send(sending, "while-another-leads", 1)

                async def unsent_and_leading() -> tuple[int, bool]:
                    return await unsent(), relay.leading

                state = await eventually(
                    unsent_and_leading,
                    lambda s: s[0] == 0 or not s[1],
                    what="the relay noticed it lost its lock",
                )
                assert state[0] == 1, "the relay published while another replica led"
                assert await unsent() == 1
                await other_replica.execute("SELECT pg_advisory_unlock(hashtext($1))", key)
            await eventually(unsent, lambda n: n == 0, what="the relay leads again")
        finally:
            await rival.close()
