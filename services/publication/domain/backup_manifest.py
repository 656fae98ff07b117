"""What a backup is and when one is due (issue 15 item 6; 000 §5.7, 001 §34, 003 §32,
004 §33: published information is backed up at least weekly and can be restored).

An archive holds one PostgreSQL dump per schema (every service's tables, binaries
included: photos, consent documents and release files live in them) and a manifest naming
each dump with its size and SHA-256. A restore checks the manifest against the archive
before it touches the database: a dump missing, added, cut short or changed by one byte
refuses the whole archive, because half a deployment restored is worse than none.
"""

import datetime as dt
import re

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError

from contracts.roles import Role
from services.publication.domain.errors import Forbidden

MANIFEST = "manifest.json"
FORMAT = "conoceles-respaldo/1"
SCHEMA_NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}$")


class BackupRefused(ValueError):
    """The archive cannot be restored; the message says why, in Spanish."""


class DumpFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    schema_name: str = Field(alias="schema")
    size: int = Field(ge=0)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")


class Manifest(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    format: str
    instance: str
    taken_at: AwareDatetime
    server_version: str
    files: list[DumpFile]


def dump_name(schema: str) -> str:
    return f"{schema}.dump"


def backup_id(now: dt.datetime) -> str:
    """The archive's name: its UTC moment, sortable (respaldo-2027-04-01T120000Z)."""
    return "respaldo-" + now.astimezone(dt.UTC).strftime("%Y-%m-%dT%H%M%SZ")


def parse_manifest(text: bytes) -> Manifest:
    try:
        manifest = Manifest.model_validate_json(text)
    except ValidationError as error:
        raise BackupRefused("el manifiesto del respaldo no es válido") from error
    if manifest.format != FORMAT:
        raise BackupRefused(f"formato de respaldo desconocido: «{manifest.format}»")
    for listed in manifest.files:
        if not SCHEMA_NAME.match(listed.schema_name) or listed.name != dump_name(
            listed.schema_name
        ):
            raise BackupRefused(f"el manifiesto nombra un archivo inválido: «{listed.name}»")
    if not manifest.files:
        raise BackupRefused("el manifiesto no nombra ningún archivo")
    return manifest


def check_contents(manifest: Manifest, found: dict[str, tuple[int, str]]) -> None:
    """``found``: every member of the archive but the manifest, with its size and
    SHA-256. Raises BackupRefused at the first difference from the manifest."""
    listed = {f.name: f for f in manifest.files}
    missing = sorted(set(listed) - set(found))
    if missing:
        raise BackupRefused(
            "el respaldo está incompleto: falta " + ", ".join(f"«{m}»" for m in missing)
        )
    extra = sorted(set(found) - set(listed))
    if extra:
        raise BackupRefused(
            "el respaldo contiene archivos que su manifiesto no nombra: "
            + ", ".join(f"«{e}»" for e in extra)
        )
    for name, entry in listed.items():
        size, digest = found[name]
        if size != entry.size or digest != entry.sha256:
            raise BackupRefused(
                f"el archivo «{name}» no coincide con el manifiesto (SHA-256 o tamaño "
                "distintos): el respaldo fue alterado o está dañado"
            )


def backup_due(
    *, weekly_backups: list[bool], last_taken: dt.datetime | None, now: dt.datetime, every_s: float
) -> bool:
    """A backup is due when some election's profile keeps weekly backups (the knob; where
    a seed is silent the common rule keeps them) and the last good one is older than the
    interval. With no election there is nothing published to keep yet."""
    if not any(weekly_backups):
        return False
    return last_taken is None or (now - last_taken).total_seconds() >= every_s


def to_prune(archives: list[str], kept: int) -> list[str]:
    """The archives beyond the newest ``kept`` (names sort by their moment)."""
    return sorted(archives, reverse=True)[kept:]


BACKUP_READERS = frozenset({Role.ADMIN})
BACKUP_ROLES = "Solo la administración del Instituto consulta los respaldos."
DEFAULT_TIME_ZONE = "America/Mexico_City"


def check_may_list_backups(role: str | None) -> None:
    """The admin runs backups (DESIGN §1): the list names files of the whole database."""
    if role not in BACKUP_READERS:
        raise Forbidden(BACKUP_ROLES)
