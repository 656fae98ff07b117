"""Backing up the deployment (issue 15 item 6, 000 §5.7): every service's schema dumped
with PostgreSQL's own ``pg_dump`` as of one snapshot, packed with a SHA-256 manifest into
one archive in the backup folder, recorded in ``backups``, and all but the newest few
archives deleted.

The weekly timer (timers.py) and ``conoceles respaldo`` (commands.py) both call
``take_backup``. It connects with the administrator's URL: a backup reads every schema,
which no service's own role may. A failure is recorded too and logged as an error with
its fields (``event=backup.failed``), for the incident log to pick up.
"""

import asyncio
import datetime as dt
import logging
import tempfile
from pathlib import Path

import asyncpg

from contracts.activity import ActivityTarget
from contracts.backups import BackupEntry, BackupList, BackupOutcome
from contracts.services import BACKEND_SERVICES
from services.publication.adapters import pg_tools
from services.publication.adapters.backup_archives import file_digest, write_archive
from services.publication.domain.backup_manifest import (
    DEFAULT_TIME_ZONE,
    FORMAT,
    DumpFile,
    Manifest,
    backup_due,
    backup_id,
    check_may_list_backups,
    dump_name,
    to_prune,
)
from services.publication.store import backups, database_catalog, elections
from services.runtime.callers import SignedIn, record
from services.runtime.connections import Connection
from services.runtime.database import admin_dsn
from services.runtime.service_deps import ServiceDeps
from services.runtime.settings import Settings

log = logging.getLogger(__name__)
ARCHIVE_SUFFIX = ".tar"


def backup_folder(settings: Settings) -> Path:
    return settings.backup_dir or settings.var_dir / "respaldos"


async def backed_up_schemas(admin: Connection) -> list[str]:
    """The services' schemas this database holds (every service's, once provisioned)."""
    return await database_catalog.schemas_present(admin, [str(s) for s in BACKEND_SERVICES])


async def _dump(settings: Settings, admin: Connection, work: Path, now: dt.datetime) -> Path:
    major, version = await database_catalog.server_version(admin)
    tools = await pg_tools.tools_for(major)
    dsn = admin_dsn(settings, database=settings.instance)
    schemas = await backed_up_schemas(admin)
    dumps: dict[str, Path] = {}
    # One exported snapshot for every pg_dump: the schemas show the same moment (an
    # event in capture's outbox and its effect in publication agree).
    async with admin.transaction(isolation="repeatable_read", readonly=True):
        snapshot = await database_catalog.export_snapshot(admin)
        for schema in schemas:
            dumps[dump_name(schema)] = work / dump_name(schema)
            await pg_tools.dump_schema(tools, dsn, schema, snapshot, dumps[dump_name(schema)])
    files = []
    for schema in schemas:
        size, digest = await asyncio.to_thread(file_digest, dumps[dump_name(schema)])
        files.append(DumpFile(name=dump_name(schema), schema=schema, size=size, sha256=digest))
    manifest = Manifest(
        format=FORMAT, instance=settings.instance, taken_at=now, server_version=version, files=files
    )
    target = backup_folder(settings) / (backup_id(now) + ARCHIVE_SUFFIX)
    await asyncio.to_thread(write_archive, target, manifest, dumps)
    return target


async def take_backup(settings: Settings, now: dt.datetime) -> BackupEntry:
    """Take one backup and record it, good or failed; prune the oldest archives."""
    folder = backup_folder(settings)
    name = backup_id(now)
    admin: Connection = await asyncpg.connect(admin_dsn(settings, database=settings.instance))
    try:
        schemas = await backed_up_schemas(admin)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryDirectory(dir=folder, prefix=".respaldo-") as work:
                archive = await _dump(settings, admin, Path(work), now)
            size, digest = await asyncio.to_thread(file_digest, archive)
            row = backups.BackupRow(
                backup_id=name,
                taken_at=now,
                file_name=archive.name,
                size=size,
                sha256=digest,
                schemas=schemas,
                outcome=BackupOutcome.OK,
                detail="",
                pruned=False,
            )
        except (pg_tools.ToolFailed, OSError, asyncpg.PostgresError) as error:
            log.error(
                "backup failed",
                extra={
                    "event": "backup.failed",
                    "backup_id": name,
                    "backup_dir": str(folder),
                    "error": str(error),
                },
            )
            row = backups.BackupRow(
                backup_id=name,
                taken_at=now,
                file_name=name + ARCHIVE_SUFFIX,
                size=None,
                sha256=None,
                schemas=schemas,
                outcome=BackupOutcome.FAILED,
                detail=str(error)[:2000],
                pruned=False,
            )
        await backups.record_backup(admin, row)
        if row.outcome is BackupOutcome.OK:
            await _prune(admin, folder, settings.backups_kept)
        return row.entry()
    finally:
        await admin.close()


def _delete_old(folder: Path, kept: int) -> list[str]:
    archives = [p.name for p in folder.glob(f"respaldo-*{ARCHIVE_SUFFIX}")]
    old = to_prune(archives, kept)
    for name in old:
        (folder / name).unlink(missing_ok=True)
    return old


async def _prune(conn: Connection, folder: Path, kept: int) -> None:
    old = await asyncio.to_thread(_delete_old, folder, kept)
    if old:
        await backups.mark_pruned(conn, old)


async def back_up_if_due(deps: ServiceDeps, now: dt.datetime) -> BackupEntry | None:
    """The timer's tick: a backup when an election's profile keeps weekly backups and the
    last good one is older than ``backup_interval_s``."""
    known = await elections.every_election(deps.pool)
    due = backup_due(
        weekly_backups=[e.profile.publication.weekly_backups for e in known],
        last_taken=await backups.last_good_backup(deps.pool),
        now=now,
        every_s=deps.settings.backup_interval_s,
    )
    if not due:
        return None
    return await take_backup(deps.settings, now)


BACKUPS = ActivityTarget(kind="backups", id="respaldos")


async def backup_list(conn: Connection, deps: ServiceDeps, caller: SignedIn) -> BackupList:
    """The admin console's list, newest first, with the zone of the first election."""
    check_may_list_backups(caller.principal.role)
    rows = await backups.newest_backups(conn)
    known = await elections.every_election(conn)
    await record(conn, deps.outbox, caller, "publication.backup_list", BACKUPS, {})
    return BackupList(
        backups=[r.entry() for r in rows],
        time_zone=known[0].time_zone if known else DEFAULT_TIME_ZONE,
    )
