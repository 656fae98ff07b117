"""Schemas, roles and migrations: each service alone in its schema, history never edited."""

from collections.abc import AsyncIterator

import asyncpg
import pytest

from services.runtime.database import admin_dsn, connect_owner, provision, role_name
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


async def test_a_running_service_uses_its_tables_but_cannot_change_or_drop_them(
    run: Settings,
) -> None:
    async with running(run, sender) as (sending,):
        assert sending.pool is not None
        await sending.pool.execute("INSERT INTO pings VALUES (gen_random_uuid(), 'x', 1)")
        await sending.pool.execute("DELETE FROM pings WHERE batch = 'x'")
        for ddl in (
            "CREATE TABLE sender.extra (id int)",
            "DROP TABLE pings",
            "ALTER TABLE pings ADD COLUMN sneaky text",
            "TRUNCATE pings",
        ):
            with pytest.raises(asyncpg.InsufficientPrivilegeError):
                await sending.pool.execute(ddl)


@pytest.fixture
async def owner_of_moderation(run: Settings) -> AsyncIterator[asyncpg.Connection]:
    conn = await connect_owner(run, "moderation")
    yield conn
    await conn.close()


async def test_migrations_apply_once_and_refuse_an_edited_history(
    owner_of_moderation: asyncpg.Connection,
) -> None:
    conn = owner_of_moderation
    first = [Migration("test", "0001_a.sql", "CREATE TABLE things (id int);")]
    assert await migrate(conn, "moderation", first) == ["test/0001_a.sql"]
    assert await migrate(conn, "moderation", first) == []
    second = [*first, Migration("test", "0002_b.sql", "ALTER TABLE things ADD x int;")]
    assert await migrate(conn, "moderation", second) == ["test/0002_b.sql"]
    edited = [Migration("test", "0001_a.sql", "CREATE TABLE things (id bigint);")]
    with pytest.raises(MigrationChanged, match=r"0001_a\.sql"):
        await migrate(conn, "moderation", edited)


async def test_a_failing_migration_leaves_the_schema_as_it_was(
    owner_of_moderation: asyncpg.Connection,
) -> None:
    conn = owner_of_moderation
    broken = [
        Migration("other", "0001_ok.sql", "CREATE TABLE kept (id int);"),
        Migration("other", "0002_broken.sql", "CREATE TABLE oops (id nonsense_type);"),
    ]
    with pytest.raises(asyncpg.UndefinedObjectError):
        await migrate(conn, "moderation", broken)
    assert await conn.fetchval("SELECT to_regclass('moderation.kept')") is None


async def test_a_deployment_from_before_the_owner_role_keeps_working(fresh: Settings) -> None:
    async with running(fresh, sender):
        pass
    runtime = role_name(fresh, "sender")
    admin = await asyncpg.connect(admin_dsn(fresh, database=fresh.instance))
    try:
        for table in ("schema_migrations", "pings", "outbox"):
            await admin.execute(f'ALTER TABLE sender.{table} OWNER TO "{runtime}"')
        await provision(fresh, ["sender"])
        owners = await admin.fetch(
            "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'sender'"
        )
        assert [row["tableowner"] for row in owners] == [role_name(fresh, "sender", owner=True)]
    finally:
        await admin.close()
    async with running(fresh, sender) as (host,):
        assert host.pool is not None
        await host.pool.execute("INSERT INTO pings VALUES (gen_random_uuid(), 'x', 1)")
