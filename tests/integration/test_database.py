"""Schemas, roles and migrations: each service alone in its schema, history never edited."""

import asyncpg
import pytest

from services.runtime.database import create_pool
from services.runtime.migrations import Migration, MigrationChanged, migrate
from services.runtime.settings import Settings
from tests.support.hosts import running
from tests.support.pingpong import receiver, sender


async def test_a_service_cannot_read_another_services_tables(run: Settings) -> None:
    async with running(run, sender, receiver) as (sending, _):
        assert sending.pool is not None
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await sending.pool.fetch("SELECT * FROM receiver.received")
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await sending.pool.execute("CREATE TABLE public.sneaky (id int)")


async def test_migrations_apply_once_and_refuse_an_edited_history(run: Settings) -> None:
    pool = await create_pool(run, "moderation", max_size=1)
    try:
        async with pool.acquire() as conn:
            first = [Migration("test", "0001_a.sql", "CREATE TABLE things (id int);")]
            assert await migrate(conn, "moderation", first) == ["test/0001_a.sql"]
            assert await migrate(conn, "moderation", first) == []
            second = [*first, Migration("test", "0002_b.sql", "ALTER TABLE things ADD x int;")]
            assert await migrate(conn, "moderation", second) == ["test/0002_b.sql"]
            edited = [Migration("test", "0001_a.sql", "CREATE TABLE things (id bigint);")]
            with pytest.raises(MigrationChanged, match=r"0001_a\.sql"):
                await migrate(conn, "moderation", edited)
    finally:
        await pool.close()


async def test_a_failing_migration_leaves_the_schema_as_it_was(run: Settings) -> None:
    pool = await create_pool(run, "incidents", max_size=1)
    try:
        async with pool.acquire() as conn:
            broken = [
                Migration("test", "0001_ok.sql", "CREATE TABLE kept (id int);"),
                Migration("test", "0002_broken.sql", "CREATE TABLE oops (id nonsense_type);"),
            ]
            with pytest.raises(asyncpg.UndefinedObjectError):
                await migrate(conn, "incidents", broken)
            assert await conn.fetchval("SELECT to_regclass('incidents.kept')") is None
    finally:
        await pool.close()
