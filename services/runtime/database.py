"""PostgreSQL: one database per deployment, one schema and one role per service.

A service connects as its own role, which owns its schema and nothing else, so no
service can read another's tables (DESIGN §8). Provisioning runs with the admin URL.
"""

import hashlib
import hmac
from urllib.parse import quote, urlsplit, urlunsplit

import asyncpg

from services.runtime.settings import Settings


def role_name(settings: Settings, service: str) -> str:
    return f"{settings.instance}_{service}"


def role_password(settings: Settings, service: str) -> str:
    key = settings.role_secret.encode()
    return hmac.new(key, role_name(settings, service).encode(), hashlib.sha256).hexdigest()


def dsn_for(url: str, *, database: str, user: str | None = None, password: str = "") -> str:
    """The same server as `url`, another database and (optionally) another user."""
    parts = urlsplit(url)
    netloc = parts.netloc
    if user is not None:
        host = netloc.rsplit("@", 1)[-1] if "@" in netloc else netloc
        netloc = f"{quote(user)}:{quote(password)}@{host}"
    return urlunsplit((parts.scheme, netloc, "/" + database, parts.query, parts.fragment))


def service_dsn(settings: Settings, service: str) -> str:
    database_url = settings.require_database_url()
    return dsn_for(
        database_url,
        database=settings.instance,
        user=role_name(settings, service),
        password=role_password(settings, service),
    )


def admin_dsn(settings: Settings, *, database: str | None = None) -> str:
    database_url = settings.require_database_url()
    if database is None:
        return database_url
    return dsn_for(database_url, database=database)


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


async def provision(settings: Settings, services: list[str]) -> None:
    """Create the deployment's database, and a role and schema per service (idempotent)."""
    admin = await asyncpg.connect(admin_dsn(settings))
    try:
        exists = await admin.fetchval(
            "SELECT 1 FROM pg_database WHERE datname = $1", settings.instance
        )
        if not exists:
            await admin.execute(f"CREATE DATABASE {_ident(settings.instance)}")
        for service in services:
            role = role_name(settings, service)
            password = role_password(settings, service).replace("'", "''")
            if await admin.fetchval("SELECT 1 FROM pg_roles WHERE rolname = $1", role):
                await admin.execute(f"ALTER ROLE {_ident(role)} LOGIN PASSWORD '{password}'")
            else:
                await admin.execute(f"CREATE ROLE {_ident(role)} LOGIN PASSWORD '{password}'")
    finally:
        await admin.close()

    database = await asyncpg.connect(admin_dsn(settings, database=settings.instance))
    try:
        db = _ident(settings.instance)
        await database.execute(f"REVOKE ALL ON DATABASE {db} FROM PUBLIC")
        await database.execute("REVOKE ALL ON SCHEMA public FROM PUBLIC")
        for service in services:
            role = _ident(role_name(settings, service))
            schema = _ident(service)
            await database.execute(f"GRANT CONNECT ON DATABASE {db} TO {role}")
            await database.execute(f"CREATE SCHEMA IF NOT EXISTS {schema} AUTHORIZATION {role}")
            await database.execute(f"ALTER SCHEMA {schema} OWNER TO {role}")
            await database.execute(f"ALTER ROLE {role} IN DATABASE {db} SET search_path = {schema}")
    finally:
        await database.close()


async def deprovision(settings: Settings, services: list[str]) -> None:
    """Drop the deployment's database and roles (test runs clean up with this)."""
    admin = await asyncpg.connect(admin_dsn(settings))
    try:
        await admin.execute(f"DROP DATABASE IF EXISTS {_ident(settings.instance)} WITH (FORCE)")
        for service in services:
            await admin.execute(f"DROP ROLE IF EXISTS {_ident(role_name(settings, service))}")
    finally:
        await admin.close()


async def create_pool(settings: Settings, service: str, *, max_size: int = 10) -> asyncpg.Pool:
    pool = await asyncpg.create_pool(
        service_dsn(settings, service),
        min_size=1,
        max_size=max_size,
        server_settings={"search_path": service, "application_name": service},
    )
    assert pool is not None
    return pool
