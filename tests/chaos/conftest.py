"""Chaos tests run real processes and kill them; each test has its own run."""

from collections.abc import AsyncIterator

import asyncpg
import pytest

from services.runtime.child_process import ServiceProcess
from services.runtime.database import admin_dsn
from services.runtime.settings import Settings
from tests.support.processes import Spawn


@pytest.fixture
async def admin(fresh: Settings) -> AsyncIterator[asyncpg.Connection]:
    """A superuser connection to the run's database, to look at every schema."""
    conn = await asyncpg.connect(admin_dsn(fresh, database=fresh.instance))
    yield conn
    await conn.close()


@pytest.fixture
async def spawn() -> AsyncIterator[Spawn]:
    """Start a service process for this test; whatever is still running at the end,
    failed test or not, is killed, so no test leaves a process behind."""
    started: list[ServiceProcess] = []

    async def start(settings: Settings, module: str, *args: str, **options: str) -> ServiceProcess:
        process = ServiceProcess(settings, module, *args, **options)
        started.append(process)
        return await process.start()

    yield start
    for process in started:
        await process.kill()
