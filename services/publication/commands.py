"""The publication service's commands.

- ``conoceles ine consumidor``: INE reads every publication change (000 §5.2, 001 §29,
  003 §28, 004 §29) from its own durable consumer ``ine`` on publication's stream, filtered
  to the profile events (``profile.published``, ``profile.updated``, ``profile.withdrawn``):
  the stream holds publication's activity entries too, which are not INE's. INE's NATS user
  (deploy/nats/users.conf) may only fetch from that consumer and ack, not create it; the
  institute creates it, once, with this command, which binds to it when it exists. It
  starts at the stream's first event, so INE receives every change ever published, and it
  never gives up redelivering one INE has not acked.
- ``conoceles backup`` takes a backup now; ``conoceles restore ARCHIVO`` rebuilds an empty
  deployment from one (000 §5.7). Both work while the system is down (the embedded
  PostgreSQL under ``var/pg`` is started for them); a restore is meant for exactly then.
"""

import sys
from pathlib import Path
from typing import Any

import nats
from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig, ConsumerInfo, DeliverPolicy
from pydantic import BaseModel, Field

from contracts import subjects
from contracts.backups import BackupOutcome
from contracts.envelope import utc_now
from contracts.services import ServiceName
from services.publication.domain.backup_manifest import BackupRefused
from services.publication.steps import backing_up, restoring
from services.runtime.bus import ensure_stream, event_stream_config
from services.runtime.service_hooks import (
    CommandGroup,
    CommandServers,
    NoArguments,
    ServiceCommand,
)
from services.runtime.settings import Settings

INE_DURABLE = "ine"
INE_ACK_WAIT_S = 60.0


def ine_stream(settings: Settings) -> str:
    return subjects.stream_name(settings.bus_prefix, ServiceName.PUBLICATION)


def ine_filter(settings: Settings) -> str:
    """The subjects of the profile events, and of nothing else on the stream."""
    return f"{settings.bus_prefix}.evt.{ServiceName.PUBLICATION}.profile.>"


def ine_consumer_config(settings: Settings) -> ConsumerConfig:
    return ConsumerConfig(
        durable_name=INE_DURABLE,
        description="INE: cada cambio de lo publicado, firmado",
        ack_policy=AckPolicy.EXPLICIT,
        deliver_policy=DeliverPolicy.ALL,
        filter_subject=ine_filter(settings),
        max_deliver=-1,  # a change INE has not acked comes again, however long it is away
        ack_wait=INE_ACK_WAIT_S,
        num_replicas=settings.stream_replicas,
    )


async def ensure_ine_consumer(js: JetStreamContext, settings: Settings) -> ConsumerInfo:
    """Publication's stream (as the service creates it) and INE's durable consumer on it,
    created or brought in line with ``ine_consumer_config``; its state now."""
    await ensure_stream(js, event_stream_config(settings, ServiceName.PUBLICATION))
    return await js.add_consumer(ine_stream(settings), ine_consumer_config(settings))


async def print_ine_consumer(settings: Settings, _: NoArguments) -> int:
    nc = await nats.connect(settings.require_nats_urls())
    try:
        info = await ensure_ine_consumer(nc.jetstream(), settings)
    finally:
        await nc.close()
    print(
        f"Consumidor duradero «{info.name}» listo en el flujo {info.stream_name}\n"
        f"(filtro {ine_filter(settings)}). Cambios por entregar: {info.num_pending}; "
        f"entregados sin confirmar: {info.num_ack_pending}.\n"
        "INE lo lee con su usuario de NATS (deploy/nats/users.conf)."
    )
    return 0


INE_CONSUMER = ServiceCommand(
    group=CommandGroup("ine", "lo que INE recibe de la publicación"),
    name="consumidor",
    help="crea (o ajusta) el consumidor duradero de INE en el flujo de la publicación",
    arguments=NoArguments,
    run=print_ine_consumer,
    servers=CommandServers.RUNNING,
)


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
    archivo: Path = Field(description="el archivo .tar que escribió «conoceles backup»")


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
    group=CommandGroup("backup", "respaldos de la base"),
    name="",
    help="respalda ahora todos los esquemas en un archivo con manifiesto SHA-256",
    arguments=BackupWhere,
    run=back_up_now,
    servers=CommandServers.INSTALLED,
)
RESTORE = ServiceCommand(
    group=CommandGroup("restore", "restaurar un respaldo"),
    name="",
    help="reconstruye un despliegue vacío desde un respaldo, tras verificar su manifiesto",
    arguments=ArchiveToRestore,
    run=restore_from,
    servers=CommandServers.INSTALLED,
)
COMMANDS: list[ServiceCommand[Any]] = [INE_CONSUMER, BACKUP, RESTORE]
