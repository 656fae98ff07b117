"""Waiting for a table to hold a number of rows: how a benchmark knows work is done."""

import asyncio
import time

from services.runtime.connections import Connection


async def wait_for_rows(admin: Connection, table: str, count: int, timeout_s: float = 600) -> None:
    deadline = time.monotonic() + timeout_s
    while (rows := int(await admin.fetchval(f"SELECT count(*) FROM {table}"))) < count:
        if time.monotonic() > deadline:
            raise TimeoutError(f"only {rows} of {count} rows in {table}")
        await asyncio.sleep(0.05)
