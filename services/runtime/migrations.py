"""Forward-only SQL migrations, applied in order and recorded per schema.

A migration is a file ``NNNN_name.sql``. Each is applied once and recorded with its
checksum, all pending ones in one transaction (a failure leaves the schema as it was).
A recorded migration whose file has changed stops the service at start, because editing
history would leave databases that differ silently.
Replicas starting together serialise on an advisory lock.
"""

import hashlib
from dataclasses import dataclass
from pathlib import Path

from services.runtime.connections import Connection

RUNTIME_MIGRATIONS = Path(__file__).parent / "migrations"


class MigrationChanged(RuntimeError):
    pass


@dataclass(frozen=True)
class Migration:
    component: str
    name: str
    sql: str

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.sql.encode()).hexdigest()


def read_migrations(component: str, folder: Path) -> list[Migration]:
    if not folder.is_dir():
        return []
    files = sorted(p for p in folder.iterdir() if p.suffix == ".sql")
    return [Migration(component, p.name, p.read_text(encoding="utf-8")) for p in files]


async def migrate(conn: Connection, schema: str, migrations: list[Migration]) -> list[str]:
    """Apply what is pending; return the names applied."""
    applied_now: list[str] = []
    async with conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock(hashtext($1))", f"migrate:{schema}")
        await conn.execute(
            """CREATE TABLE IF NOT EXISTS schema_migrations (
                   component text NOT NULL,
                   name text NOT NULL,
                   checksum text NOT NULL,
                   applied_at timestamptz NOT NULL DEFAULT now(),
                   PRIMARY KEY (component, name))"""
        )
        rows = await conn.fetch("SELECT component, name, checksum FROM schema_migrations")
        recorded = {(r["component"], r["name"]): r["checksum"] for r in rows}
        for migration in migrations:
            key = (migration.component, migration.name)
            if key in recorded:
                if recorded[key] != migration.checksum:
                    raise MigrationChanged(
                        f"{schema}: migration {migration.component}/{migration.name} was "
                        "changed after it was applied; add a new migration instead"
                    )
                continue
            async with conn.transaction():
                await conn.execute(migration.sql)
                await conn.execute(
                    "INSERT INTO schema_migrations (component, name, checksum) VALUES ($1,$2,$3)",
                    migration.component,
                    migration.name,
                    migration.checksum,
                )
            applied_now.append(f"{migration.component}/{migration.name}")
    return applied_now
