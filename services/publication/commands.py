"""Publication's commands: ``conoceles respaldo`` takes a backup now, ``conoceles
restaurar ARCHIVO`` rebuilds an empty deployment from one (issue 15 item 6, 000 §5.7).

Both work while the system is down (the embedded PostgreSQL under ``var/pg`` is started
for them); a restore is meant for exactly then.
"""

import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from contracts.backups import BackupOutcome
from contracts.envelope import utc_now
from services.publication.domain.backup_manifest import BackupRefused
from services.publication.steps import backing_up, restoring
from services.runtime.service_hooks import CommandGroup, CommandServers, ServiceCommand
from services.runtime.settings import Settings


class BackupWhere(BaseModel):
    carpeta: Path | None = Field(
        default=None, description="carpeta del archivo (si no, CONOCELES_BACKUP_DIR)"
    )


async def back_up_now(settings: Settings, arguments: BackupWhere) -> int:
    if arguments.carpeta is not None:
        settings = settings.model_copy(update={"backup_dir": arguments.carpeta})
    entry = await backing_up.take_backup(settings, utc_now())
    if entry.outcome is not BackupOutcome.OK:
        print(f"Error: el respaldo falló: {entry.detail}", file=sys.stderr)
        return 1
    folder = backing_up.backup_folder(settings)
    print(f"Respaldo escrito en {folder / entry.file_name}")
    print(f"Tamaño: {entry.size} bytes · SHA-256: {entry.sha256}")
    print(f"Esquemas: {', '.join(entry.schemas)}")
    return 0


class ArchiveToRestore(BaseModel):
    archivo: Path = Field(description="el archivo .tar que escribió «conoceles respaldo»")


async def restore_from(settings: Settings, arguments: ArchiveToRestore) -> int:
    try:
        manifest = await restoring.restore_backup(settings, arguments.archivo)
    except BackupRefused as refused:
        print(f"Error: no se restauró nada: {refused}", file=sys.stderr)
        return 1
    print(
        f"Restaurado el respaldo del {manifest.taken_at.isoformat()} en «{settings.instance}»: "
        + ", ".join(f.schema_name for f in manifest.files)
    )
    return 0


BACKUP = ServiceCommand(
    group=CommandGroup("respaldo", "respaldos de la base"),
    name="",
    help="respalda ahora todos los esquemas en un archivo con manifiesto SHA-256",
    arguments=BackupWhere,
    run=back_up_now,
    servers=CommandServers.INSTALLED,
)
RESTORE = ServiceCommand(
    group=CommandGroup("restaurar", "restaurar un respaldo"),
    name="",
    help="reconstruye un despliegue vacío desde un respaldo, tras verificar su manifiesto",
    arguments=ArchiveToRestore,
    run=restore_from,
    servers=CommandServers.INSTALLED,
)
COMMANDS: list[ServiceCommand[Any]] = [BACKUP, RESTORE]
