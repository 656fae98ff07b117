"""Rate limits on sign-in and activation, per client address, in this gateway replica.

A first brake against floods; the real defence against guessing is the lockout that
accounts keeps per user name and per address across all replicas (accounts/domain/lockout.py).
"""

import time
from collections import deque
from dataclasses import dataclass, field

from aiohttp import web

from contracts.errors import ErrorCode, ErrorReply
from services.runtime.requests import RequestFailed


@dataclass
class SlidingWindow:
    limit: int
    window_s: float
    _hits: dict[str, deque[float]] = field(default_factory=dict)

    def retry_after(self, key: str, now: float | None = None) -> float | None:
        """None if ``key`` may go on (and count it), else seconds to wait."""
        now = time.monotonic() if now is None else now
        hits = self._hits.setdefault(key, deque())
        while hits and hits[0] <= now - self.window_s:
            hits.popleft()
        if len(hits) >= self.limit:
            return hits[0] + self.window_s - now
        hits.append(now)
        if len(self._hits) > 100_000:  # forget idle addresses
            for idle in [k for k, v in self._hits.items() if not v]:
                del self._hits[idle]
        return None


def check_rate(request: web.Request, limit: SlidingWindow) -> None:
    """Count this attempt from the caller's address; too many of them are a 429."""
    wait = limit.retry_after(request.remote or "?")
    if wait is not None:
        raise RequestFailed(
            ErrorReply.of(
                ErrorCode.TOO_MANY_REQUESTS,
                f"Demasiados intentos desde su dirección; espere {int(wait) + 1} s.",
            )
        )
