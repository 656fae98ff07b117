"""Every SQL statement of the capture service, one module per group of tables; each
function named by intent, returning typed rows (never a record, never ``SELECT *``)."""

from typing import TypeAlias

import asyncpg

Conn: TypeAlias = asyncpg.Connection | asyncpg.Pool
"""A connection (inside the caller's transaction) or, for a single read, the pool."""
