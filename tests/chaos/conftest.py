"""Chaos tests run real processes and kill them; each test has its own run."""

from collections.abc import AsyncIterator

import asyncpg
import pytest

from services.runtime.database import admin_dsn
from services.runtime.settings import Settings


@pytest.fixture
async def admin(fresh: Settings) -> AsyncIterator[asyncpg.Connection]:
    """A superuser connection to the run's database, to look at every schema."""
    conn = await asyncpg.connect(admin_dsn(fresh, database=fresh.instance))
    yield conn
    await conn.close()
