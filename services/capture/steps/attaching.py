"""Attaching an uploaded file to a candidacy: its photo (which its curricular draft then
names) or its signed consent document.

The file is judged in a worker thread (decoding an image takes CPU time) before a
connection is held: its chunks were authorised for this very candidacy, and the
transaction that attaches it checks again that the candidacy may be edited.
"""

import asyncio
from collections.abc import Callable
from datetime import datetime

from contracts.capture import (
    Attach,
    Attached,
    QuestionnaireName,
    QuestionnaireSave,
    UploadPurpose,
)
from contracts.envelope import utc_now
from services.capture.domain.media import FileKind, StoredFile, check_document, clean_photo
from services.capture.steps.capturing import save
from services.capture.steps.finding import editable_candidacy
from services.capture.steps.recording import SignedIn, on_candidacy, record
from services.capture.steps.uploading import take_file
from services.capture.store import consents, files
from services.runtime.connections import Connection
from services.runtime.service_deps import ServiceDeps


def file_url(sha256: str) -> str:
    return f"/api/v1/archivos/{sha256}"


def _attached(stored: StoredFile) -> Attached:
    return Attached(sha256=stored.sha256, media_type=stored.media_type, url=file_url(stored.sha256))


async def _judged(
    deps: ServiceDeps,
    caller: SignedIn,
    order: Attach,
    purpose: UploadPurpose,
    judge: Callable[[bytes], StoredFile],
) -> StoredFile:
    content = await take_file(deps, caller, order.upload_id, purpose, order.candidacy_id)
    return await asyncio.to_thread(judge, content)


async def _attach(
    conn: Connection, caller: SignedIn, order: Attach, stored: StoredFile, kind: FileKind
) -> datetime:
    """The file kept, as this candidacy's, if the caller may still edit it: when."""
    await editable_candidacy(conn, caller.principal, order.candidacy_id)
    now = utc_now()
    await files.store_file(conn, stored, now)
    await files.attach_file(conn, stored.sha256, order.candidacy_id, kind, now)
    return now


async def attach_photo(deps: ServiceDeps, order: Attach, caller: SignedIn) -> Attached:
    """The photo, which the curricular draft then names."""
    photo = await _judged(deps, caller, order, UploadPurpose.PHOTO, clean_photo)
    async with deps.pool.acquire() as conn, conn.transaction():
        await _attach(conn, caller, order, photo, FileKind.PHOTO)
        draft = QuestionnaireSave(
            candidacy_id=order.candidacy_id,
            cuestionario=QuestionnaireName.CURRICULAR,
            respuestas={"fotografia": photo.sha256},
        )
        await save(conn, deps, draft, caller)
    return _attached(photo)


async def attach_consent(deps: ServiceDeps, order: Attach, caller: SignedIn) -> Attached:
    """The signed document: whatever was said of an earlier one no longer holds."""
    document = await _judged(deps, caller, order, UploadPurpose.CONSENT, check_document)
    async with deps.pool.acquire() as conn, conn.transaction():
        now = await _attach(conn, caller, order, document, FileKind.CONSENT)
        await consents.record_consent_document(conn, order.candidacy_id, document.sha256, now)
        await record(conn, deps.outbox, caller, "consent.upload", on_candidacy(order.candidacy_id))
    return _attached(document)
