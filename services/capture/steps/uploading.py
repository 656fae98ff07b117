"""Files that come in chunks: each chunk authorised by what the upload is for before a
byte of it is stored, within the account's quota of pending bytes; the request of that
purpose then takes the whole file (or its rows); what no request takes expires.

Chunks are kept ``upload_expiry_s`` after the last one arrived, then deleted, each
deletion an activity entry; so a refused or abandoned file holds no space, and no quota
of its account, for long.
"""

import base64
import binascii
import datetime as dt
from typing import Any

from contracts.activity import ActivityTarget
from contracts.capture import ImportFormat, UploadChunk, UploadPurpose
from contracts.envelope import utc_now
from contracts.events.capture import person_of
from contracts.requests import Principal
from services.capture.domain.errors import Invalid, QuotaExceeded, Refused
from services.capture.domain.media import PHOTO_FIELD
from services.capture.domain.preload_rows import PRELOAD_COLUMNS
from services.capture.domain.tabular_files import UnreadableFile, read_rows
from services.capture.steps.finding import editable_candidacy, election_named, readable_candidacy
from services.capture.steps.recording import SYSTEM, SignedIn, record
from services.capture.store import change_windows, uploads
from services.runtime.connections import Connection
from services.runtime.service_deps import ServiceDeps

PRELOAD_OFF = "Este proceso no prevé la precarga masiva."


async def _authorise(conn: Connection, principal: Principal, chunk: UploadChunk) -> None:
    """The same check as the request that will take the file, so a file no one may use
    is never stored (the registry's is the administration's: its handler checks)."""
    if chunk.purpose is UploadPurpose.REGISTRY:
        return
    if chunk.purpose is UploadPurpose.PRELOAD:
        election = await election_named(conn, chunk.target)
        if not election.profile.capture.bulk_preload:
            raise Refused(PRELOAD_OFF)
        return
    if chunk.purpose is UploadPurpose.CHANGE_PHOTO:  # the new photo of a change request
        await readable_candidacy(conn, principal, chunk.target)
        return
    window = await change_windows.open_for(conn, chunk.target, utc_now())
    opened = (
        chunk.purpose is UploadPurpose.PHOTO
        and window is not None
        and any(person_of(name)[1] == PHOTO_FIELD for name in window.fields)
    )
    await editable_candidacy(conn, principal, chunk.target, change_window=opened)


async def receive_chunk(
    conn: Connection, deps: ServiceDeps, chunk: UploadChunk, caller: SignedIn
) -> None:
    await _authorise(conn, caller.principal, chunk)
    try:
        data = base64.b64decode(chunk.content_base64, validate=True)
    except binascii.Error:
        raise Invalid("El fragmento no es base64 válido.") from None
    quota = deps.settings.upload_pending_max_bytes
    if not await uploads.save_chunk(
        conn, chunk, data, caller.principal.account_id, utc_now(), quota
    ):
        raise QuotaExceeded(
            f"El archivo excede lo que una cuenta puede tener en curso de subida "
            f"({quota // (1024 * 1024)} MB); espere a que terminen sus otras subidas o "
            "divida el archivo."
        )


async def take_file(
    deps: ServiceDeps, caller: SignedIn, upload_id: str, purpose: UploadPurpose, target: str
) -> bytes:
    """A file this account uploaded for this purpose and target, taken in a transaction
    of its own: once a request has it, it is gone, even if the request is refused."""
    async with deps.pool.acquire() as conn:
        content = await uploads.take_upload(
            conn, upload_id, caller.principal.account_id, purpose, target
        )
    if content is None:
        raise Invalid("El archivo no llegó completo; súbalo de nuevo.")
    return content


async def take_rows(
    deps: ServiceDeps, caller: SignedIn, upload_id: str, file_format: ImportFormat, target: str
) -> list[tuple[int, dict[str, Any]]]:
    """The rows of an uploaded pre-load file; refused when incomplete, unreadable or empty."""
    content = await take_file(deps, caller, upload_id, UploadPurpose.PRELOAD, target)
    rows = list(read_rows(file_format, content, deps.settings.registry_max_rows, PRELOAD_COLUMNS))
    if not rows:
        raise UnreadableFile("El archivo no tiene filas.")
    return rows


async def expire_uploads(deps: ServiceDeps, now: dt.datetime) -> None:
    """Forget the uploads whose last chunk arrived ``upload_expiry_s`` before ``now``."""
    cutoff = now - dt.timedelta(seconds=deps.settings.upload_expiry_s)
    async with deps.pool.acquire() as conn, conn.transaction():
        for gone in await uploads.expire_uploads(conn, cutoff):
            await record(
                conn,
                deps.outbox,
                SYSTEM,
                "upload.expire",
                ActivityTarget(kind="upload", id=gone.upload_id),
                {"cuenta": gone.uploaded_by, "bytes": gone.size},
            )
