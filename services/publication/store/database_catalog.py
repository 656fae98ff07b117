"""What backups ask PostgreSQL of the database itself (its catalogue, not a table of
publication's): the services' schemas, how many tables they hold, the server's version,
and the snapshot every ``pg_dump`` of one backup shares. Run on the administrator's
connection: a backup reads every schema."""

from services.runtime.connections import Connection


async def schemas_present(conn: Connection, names: list[str]) -> list[str]:
    found = await conn.fetch(
        "SELECT nspname FROM pg_namespace WHERE nspname = ANY($1::text[]) ORDER BY nspname",
        names,
    )
    return [r["nspname"] for r in found]


async def tables_in(conn: Connection, schemas: list[str]) -> int:
    count: int = await conn.fetchval(
        "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = ANY($1::text[]) AND c.relkind IN ('r', 'p')",
        schemas,
    )
    return count


async def database_exists(conn: Connection, name: str) -> bool:
    return bool(await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name))


async def server_version(conn: Connection) -> tuple[int, str]:
    """The major version (which dump tools fit) and the full one (for the manifest)."""
    number = int(await conn.fetchval("SHOW server_version_num"))
    return number // 10000, str(await conn.fetchval("SHOW server_version"))


async def export_snapshot(conn: Connection) -> str:
    """Inside a REPEATABLE READ transaction: its snapshot, for ``pg_dump --snapshot``."""
    return str(await conn.fetchval("SELECT pg_export_snapshot()"))
