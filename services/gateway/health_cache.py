"""``/salud`` under load: the system's health asked once for many callers.

Each ``/salud`` asked every service (one ``SELECT 1`` each) anew, so a loaded page cost
seven requests over the bus (bench/hop.py). The answer is kept ``Settings.health_cache_s``
(1 s by default; 0 asks every time), and those who arrive while it is being asked wait
for that same answer instead of asking again.
"""

import asyncio
import time
from collections.abc import Awaitable, Callable

from contracts.health import SystemHealth


class HealthCache:
    def __init__(self, max_age_s: float) -> None:
        self._max_age_s = max_age_s
        self._last: SystemHealth | None = None
        self._asked_at = 0.0
        self._asking: asyncio.Future[SystemHealth] | None = None

    async def health(self, ask: Callable[[], Awaitable[SystemHealth]]) -> SystemHealth:
        fresh = time.monotonic() - self._asked_at < self._max_age_s
        if self._last is not None and fresh:
            return self._last
        if self._asking is None:
            self._asking = asyncio.ensure_future(self._ask(ask))
        return await asyncio.shield(self._asking)

    async def _ask(self, ask: Callable[[], Awaitable[SystemHealth]]) -> SystemHealth:
        try:
            self._last = await ask()
            self._asked_at = time.monotonic()
            return self._last
        finally:
            self._asking = None
