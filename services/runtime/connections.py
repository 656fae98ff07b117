"""What a statement runs on, as the store's functions declare it.

asyncpg hands out two kinds of connection: one opened directly (``asyncpg.connect``) and
one borrowed from the pool (``pool.acquire()``, a proxy of the first). A function that
runs statements inside its caller's transaction takes either.
"""

from typing import TypeAlias

import asyncpg
from asyncpg.pool import PoolConnectionProxy

Connection: TypeAlias = asyncpg.Connection | PoolConnectionProxy
"""A connection, inside the caller's transaction when it has one open."""

Reader: TypeAlias = Connection | asyncpg.Pool
"""A connection or, for a single read outside any transaction, the pool."""
