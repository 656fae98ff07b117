"""PostgreSQL: one database per deployment; per service one schema and two roles.

- ``<instance>_<service>_owner`` owns the schema and runs the migrations (DDL);
- ``<instance>_<service>`` is what the running service connects as: it may use its own
  schema's tables as the migrations grant (by default SELECT, INSERT, UPDATE, DELETE; the
  audit log grants INSERT and SELECT only) and cannot change their structure, nor see
  any other service's schema (DESIGN §8).

Provisioning runs with the administrator's URL and is idempotent.
"""

import hashlib
import hmac
from urllib.parse import quote, urlsplit, urlunsplit

import asyncpg

from services.runtime.connections import Connection
from services.runtime.settings import Settings

OWNER_SUFFIX = "_owner"


def role_name(settings: Settings, service: str, *, owner: bool = False) -> str:
    return f"{settings.instance}_{service}{OWNER_SUFFIX if owner else ''}"


def role_password(settings: Settings, role: str) -> str:
    return hmac.new(settings.role_secret.encode(), role.encode(), hashlib.sha256).hexdigest()


def dsn_for(url: str, *, database: str, user: str | None = None, password: str = "") -> str:
    """The same server as `url`, another database and (optionally) another user."""
    parts = urlsplit(url)
    netloc = parts.netloc
    if user is not None:
        host = netloc.rsplit("@", 1)[-1] if "@" in netloc else netloc
        netloc = f"{quote(user)}:{quote(password)}@{host}"
    return urlunsplit((parts.scheme, netloc, "/" + database, parts.query, parts.fragment))


def service_dsn(settings: Settings, service: str, *, owner: bool = False) -> str:
    role = role_name(settings, service, owner=owner)
    return dsn_for(
        settings.require_database_url(),
        database=settings.instance,
        user=role,
        password=role_password(settings, role),
    )


def admin_dsn(settings: Settings, *, database: str | None = None) -> str:
    database_url = settings.require_database_url()
    if database is None:
        return database_url
    return dsn_for(database_url, database=database)


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


async def _ensure_role(admin: Connection, settings: Settings, role: str) -> None:
    password = role_password(settings, role).replace("'", "''")
    verb = (
        "ALTER"
        if await admin.fetchval("SELECT 1 FROM pg_roles WHERE rolname = $1", role)
        else "CREATE"
    )
    await admin.execute(f"{verb} ROLE {_ident(role)} LOGIN PASSWORD '{password}'")


async def provision(settings: Settings, services: list[str]) -> None:
    """Create the deployment's database, and the schema and roles of each service."""
    admin = await asyncpg.connect(admin_dsn(settings))
    try:
        exists = await admin.fetchval(
            "SELECT 1 FROM pg_database WHERE datname = $1", settings.instance
        )
        if not exists:
            await admin.execute(f"CREATE DATABASE {_ident(settings.instance)}")
        for service in services:
            await _ensure_role(admin, settings, role_name(settings, service, owner=True))
            await _ensure_role(admin, settings, role_name(settings, service))
    finally:
        await admin.close()

    database = await asyncpg.connect(admin_dsn(settings, database=settings.instance))
    try:
        db = _ident(settings.instance)
        await database.execute(f"REVOKE ALL ON DATABASE {db} FROM PUBLIC")
        await database.execute("REVOKE ALL ON SCHEMA public FROM PUBLIC")
        for service in services:
            owner = _ident(role_name(settings, service, owner=True))
            runtime = _ident(role_name(settings, service))
            schema = _ident(service)
            for role in (owner, runtime):
                await database.execute(f"GRANT CONNECT ON DATABASE {db} TO {role}")
                await database.execute(
                    f"ALTER ROLE {role} IN DATABASE {db} SET search_path = {schema}"
                )
            await database.execute(f"CREATE SCHEMA IF NOT EXISTS {schema} AUTHORIZATION {owner}")
            await database.execute(f"ALTER SCHEMA {schema} OWNER TO {owner}")
            await database.execute(f"GRANT USAGE ON SCHEMA {schema} TO {runtime}")
            await database.execute(
                f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {schema} "
                f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {runtime}"
            )
            await database.execute(
                f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {schema} "
                f"GRANT USAGE, SELECT ON SEQUENCES TO {runtime}"
            )
            await _adopt_objects_of_one_role_layout(database, service, owner, runtime)
    finally:
        await database.close()


async def _adopt_objects_of_one_role_layout(
    database: Connection, schema: str, owner: str, runtime: str
) -> None:
    """Deployments made before the owner/runtime split have their tables owned by the
    runtime role; hand them to the owner and grant the runtime role the rights it had in
    use. (No append-only table dates from then.)"""
    legacy = await database.fetchval(
        "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = $1 AND c.relowner = $2::regrole",
        schema,
        runtime.strip('"'),
    )
    if not legacy:
        return
    await database.execute(f"REASSIGN OWNED BY {runtime} TO {owner}")
    await database.execute(
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {_ident(schema)} "
        f"TO {runtime}"
    )
    await database.execute(
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {_ident(schema)} TO {runtime}"
    )


async def deprovision(settings: Settings, services: list[str]) -> None:
    """Drop the deployment's database and roles (test runs clean up with this)."""
    admin = await asyncpg.connect(admin_dsn(settings))
    try:
        await admin.execute(f"DROP DATABASE IF EXISTS {_ident(settings.instance)} WITH (FORCE)")
        for service in services:
            for owner in (False, True):
                role = _ident(role_name(settings, service, owner=owner))
                await admin.execute(f"DROP ROLE IF EXISTS {role}")
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


async def connect_owner(settings: Settings, service: str) -> Connection:
    """A connection as the schema's owner, for migrations."""
    connection: Connection = await asyncpg.connect(
        service_dsn(settings, service, owner=True),
        server_settings={"search_path": service, "application_name": f"{service}-migrations"},
    )
    return connection
