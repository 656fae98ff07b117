"""Timers: however many replicas run, one tick at a time does the work."""

import asyncio

from services.runtime.database import create_pool
from services.runtime.settings import Settings
from services.runtime.timers import Timer, run_once_if_leader


async def test_only_one_replica_runs_a_timer_tick_at_a_time(run: Settings) -> None:
    replica_a = await create_pool(run, "publication", max_size=2)
    replica_b = await create_pool(run, "publication", max_size=2)
    ticking, release = asyncio.Event(), asyncio.Event()
    ran: list[str] = []

    def tick_of(replica: str) -> Timer:
        async def tick(_: object) -> None:
            ran.append(replica)
            ticking.set()
            await release.wait()

        return Timer("weekly-backup", 60, tick)

    try:
        first = asyncio.create_task(run_once_if_leader(replica_a, run.instance, tick_of("a")))
        await ticking.wait()
        assert await run_once_if_leader(replica_b, run.instance, tick_of("b")) is False
        release.set()
        assert await first is True
        assert await run_once_if_leader(replica_b, run.instance, tick_of("b")) is True
        assert ran == ["a", "b"]
    finally:
        await replica_a.close()
        await replica_b.close()
