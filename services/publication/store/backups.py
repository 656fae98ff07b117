"""The ``backups`` table: every backup taken or tried (migrations/0004_backups.sql).

Its statements name the schema, because ``conoceles respaldo`` records its backup through
the administrator's connection, whose search path is not publication's."""

from datetime import datetime

from contracts.backups import BackupEntry, BackupOutcome
from services.runtime.typed_rows import Conn, Row


class BackupRow(Row):
    backup_id: str
    taken_at: datetime
    file_name: str
    size: int | None
    sha256: str | None
    schemas: list[str]
    outcome: BackupOutcome
    detail: str
    pruned: bool

    def entry(self) -> BackupEntry:
        return BackupEntry.model_validate(self.model_dump())


async def record_backup(conn: Conn, row: BackupRow) -> None:
    await conn.execute(
        """INSERT INTO publication.backups (backup_id, taken_at, file_name, size, sha256,
               schemas, outcome, detail, pruned)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, false)
           ON CONFLICT (backup_id) DO NOTHING""",
        row.backup_id,
        row.taken_at,
        row.file_name,
        row.size,
        row.sha256,
        row.schemas,
        str(row.outcome),
        row.detail,
    )


async def last_good_backup(conn: Conn) -> datetime | None:
    taken: datetime | None = await conn.fetchval(
        "SELECT max(taken_at) FROM publication.backups WHERE outcome = 'ok'"
    )
    return taken


async def mark_pruned(conn: Conn, file_names: list[str]) -> None:
    await conn.execute(
        "UPDATE publication.backups SET pruned = true WHERE file_name = ANY($1::text[])",
        file_names,
    )


async def newest_backups(conn: Conn, limit: int = 200) -> list[BackupRow]:
    return await BackupRow.many(
        conn,
        f"SELECT {BackupRow.columns()} FROM publication.backups "
        "ORDER BY taken_at DESC, backup_id DESC LIMIT $1",
        limit,
    )
