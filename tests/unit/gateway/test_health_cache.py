"""``/salud`` asks the services once for every caller that arrives meanwhile."""

import asyncio

from contracts.health import HealthStatus, SystemHealth
from services.gateway.health_cache import HealthCache


async def test_callers_that_arrive_while_it_is_asked_share_the_answer() -> None:
    asked: list[int] = []
    release = asyncio.Event()

    async def ask() -> SystemHealth:
        asked.append(1)
        await release.wait()
        return SystemHealth(status=HealthStatus.UP, services=[])

    cache = HealthCache(max_age_s=0)
    waiting = [asyncio.create_task(cache.health(ask)) for _ in range(5)]
    release.set()
    answers = await asyncio.gather(*waiting)
    assert len(asked) == 1
    assert all(a is answers[0] for a in answers)
    await cache.health(ask)  # kept for no time: asked again
    assert len(asked) == 2


async def test_an_answer_is_kept_for_its_age() -> None:
    asked: list[int] = []

    async def ask() -> SystemHealth:
        asked.append(1)
        return SystemHealth(status=HealthStatus.UP, services=[])

    cache = HealthCache(max_age_s=3600)
    first = await cache.health(ask)
    assert await cache.health(ask) is first
    assert len(asked) == 1
