"""Restoring a backup (issue 15 item 6): ``conoceles restaurar ARCHIVO`` rebuilds an empty
deployment from an archive that ``take_backup`` wrote.

The archive is checked against its manifest before anything is touched (a tampered or
partial one is refused whole). The deployment must be empty: its database missing, or
its schemas without a table, so that a restore never mixes two moments. Then the
database, roles and schemas are provisioned as for a new deployment, each schema is
replaced by its dump in one transaction (``pg_restore --single-transaction``), and the
provisioning is run once more to put back the runtime roles' rights the dump may lack.
"""

import tempfile
from pathlib import Path

import asyncpg

from services.publication.adapters import pg_tools
from services.publication.adapters.backup_archives import verified_archive
from services.publication.domain.backup_manifest import BackupRefused, Manifest, dump_name
from services.publication.store import database_catalog
from services.runtime.connections import Connection
from services.runtime.database import admin_dsn, provision
from services.runtime.settings import Settings


async def _tables_in(settings: Settings, schemas: list[str]) -> int:
    admin: Connection = await asyncpg.connect(admin_dsn(settings))
    try:
        if not await database_catalog.database_exists(admin, settings.instance):
            return 0
    finally:
        await admin.close()
    database: Connection = await asyncpg.connect(admin_dsn(settings, database=settings.instance))
    try:
        return await database_catalog.tables_in(database, schemas)
    finally:
        await database.close()


async def restore_backup(settings: Settings, archive: Path) -> Manifest:
    """Restore ``archive`` into the (empty) deployment ``settings`` name; BackupRefused
    with the reason, in Spanish, when it cannot."""
    with tempfile.TemporaryDirectory(prefix="conoceles-restaurar-") as work:
        manifest = verified_archive(archive, Path(work))
        schemas = [f.schema_name for f in manifest.files]
        if await _tables_in(settings, schemas):
            raise BackupRefused(
                f"el despliegue «{settings.instance}» ya tiene datos: un respaldo se restaura "
                "solo en un despliegue vacío (detenga el sistema y use una base nueva)"
            )
        await provision(settings, schemas)
        database: Connection = await asyncpg.connect(
            admin_dsn(settings, database=settings.instance)
        )
        try:
            major, _ = await database_catalog.server_version(database)
        finally:
            await database.close()
        tools = await pg_tools.tools_for(major)
        dsn = admin_dsn(settings, database=settings.instance)
        for schema in schemas:
            await pg_tools.restore_schema(tools, dsn, Path(work) / dump_name(schema))
        await provision(settings, schemas)
    return manifest
