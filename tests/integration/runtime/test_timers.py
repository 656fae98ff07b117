"""Timers: however many replicas run, one tick at a time does the work."""

import asyncio

import asyncpg
from faststream.nats import NatsBroker

from services.runtime.database import create_pool
from services.runtime.outbox import Outbox
from services.runtime.service_deps import ServiceDeps
from services.runtime.settings import Settings
from services.runtime.timers import Timer, run_once_if_leader


async def test_only_one_replica_runs_a_timer_tick_at_a_time(run: Settings) -> None:
    replica_a = await create_pool(run, "publication", max_size=2)
    replica_b = await create_pool(run, "publication", max_size=2)
    ticking, release = asyncio.Event(), asyncio.Event()
    ran: list[str] = []

    def tick_of(replica: str) -> Timer:
        async def tick(_: ServiceDeps) -> None:
            ran.append(replica)
            ticking.set()
            await release.wait()

        return Timer("weekly-backup", 60, tick)

    def deps_of(pool: asyncpg.Pool) -> ServiceDeps:
        # The ticks use none of it; the broker is never connected.
        return ServiceDeps(run, "publication", pool, Outbox(run, "publication"), NatsBroker())

    async def tick_in(pool: asyncpg.Pool, replica: str) -> bool:
        return await run_once_if_leader(pool, run.instance, tick_of(replica), deps_of(pool))

    try:
        first = asyncio.create_task(tick_in(replica_a, "a"))
        await ticking.wait()
        assert await tick_in(replica_b, "b") is False
        release.set()
        assert await first is True
        assert await tick_in(replica_b, "b") is True
        assert ran == ["a", "b"]
    finally:
        await replica_a.close()
        await replica_b.close()
