"""Timers that run in one replica at a time.

Each tick takes a PostgreSQL advisory lock named after the timer; a replica that cannot
take it skips the tick, so however many replicas run, one does the work. Timer functions
must be idempotent: a tick may be repeated after a crash.
"""

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import asyncpg

from services.runtime.service_deps import ServiceDeps

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Timer:
    """``tick`` receives the service's dependencies."""

    name: str
    every_s: float
    tick: Callable[[ServiceDeps], Awaitable[None]]


async def run_once_if_leader(
    pool: asyncpg.Pool, instance: str, timer: Timer, deps: ServiceDeps
) -> bool:
    """Run one tick if no other replica holds this timer's lock; True when it ran."""
    key = f"timer:{instance}:{timer.name}"
    async with pool.acquire() as conn:
        if not await conn.fetchval("SELECT pg_try_advisory_lock(hashtext($1))", key):
            return False
        try:
            await timer.tick(deps)
        finally:
            await conn.execute("SELECT pg_advisory_unlock(hashtext($1))", key)
    return True


class TimerRunner:
    def __init__(
        self, pool: asyncpg.Pool, instance: str, timers: list[Timer], deps: ServiceDeps
    ) -> None:
        self._pool = pool
        self._deps = deps
        self._instance = instance
        self._timers = timers
        self._stopping = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []

    def start(self) -> None:
        self._tasks = [
            asyncio.create_task(self._loop(t), name=f"timer-{t.name}") for t in self._timers
        ]

    async def stop(self) -> None:
        """Let a running tick finish, then stop."""
        self._stopping.set()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def _loop(self, timer: Timer) -> None:
        while not self._stopping.is_set():
            try:
                await run_once_if_leader(self._pool, self._instance, timer, self._deps)
            except Exception:
                log.exception("timer %s failed; it runs again at its next tick", timer.name)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), timeout=timer.every_s)
