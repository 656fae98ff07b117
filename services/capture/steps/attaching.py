"""Attaching an uploaded file to a person of a candidacy (its owner or its alternate): the
person's photo (which the person's curricular draft then names) or signed consent document.

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
from contracts.events.capture import CONSENT_UPLOADED, ConsentUploaded, of_person
from services.capture.domain.errors import Refused
from services.capture.domain.formulas import check_has_person
from services.capture.domain.media import (
    PHOTO_FIELD,
    FileKind,
    StoredFile,
    check_document,
    clean_photo,
)
from services.capture.domain.one_chance import CaptureStatus
from services.capture.domain.publicity import institute_keeps, verification_required
from services.capture.steps.capturing import save_draft
from services.capture.steps.finding import editable_candidacy, readable_candidacy
from services.capture.steps.recording import SignedIn, on_candidacy, record
from services.capture.steps.uploading import take_file
from services.capture.store import change_windows, consents, files
from services.capture.store.candidacies import Candidacy
from services.capture.store.elections import Election
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
    conn: Connection,
    caller: SignedIn,
    order: Attach,
    stored: StoredFile,
    kind: FileKind,
    change_window: bool = False,
) -> tuple[datetime, Candidacy, Election]:
    """The file kept, as this person's of the candidacy, if the caller may still edit it
    (``change_window``: or its photo, opened by an approved change request): when, and
    the candidacy with its election."""
    candidacy, election = await editable_candidacy(
        conn, caller.principal, order.candidacy_id, change_window=change_window
    )
    check_has_person(candidacy.formula, order.persona)
    now = utc_now()
    await files.store_file(conn, stored, now)
    await files.attach_file(conn, stored.sha256, order.candidacy_id, kind, now, order.persona)
    return now, candidacy, election


async def attach_photo(deps: ServiceDeps, order: Attach, caller: SignedIn) -> Attached:
    """The photo, which the curricular draft then names."""
    photo = await _judged(deps, caller, order, UploadPurpose.PHOTO, clean_photo)
    async with deps.pool.acquire() as conn, conn.transaction():
        window = await change_windows.open_for(conn, order.candidacy_id, utc_now())
        opened = window is not None and of_person(order.persona, PHOTO_FIELD) in window.fields
        await _attach(conn, caller, order, photo, FileKind.PHOTO, change_window=opened)
        draft = QuestionnaireSave(
            candidacy_id=order.candidacy_id,
            cuestionario=QuestionnaireName.CURRICULAR,
            persona=order.persona,
            respuestas={PHOTO_FIELD: photo.sha256},
        )
        await save_draft(conn, deps, draft, caller)  # within an opened window, if any
    return _attached(photo)


async def keep_photo_for_change(deps: ServiceDeps, order: Attach, caller: SignedIn) -> Attached:
    """The new photo a change request brings, where the institute applies the change
    (000 §5.4): kept as this person's of the validated candidacy, named by nothing until
    the request that carries its SHA-256 is approved (steps/amending.py)."""
    photo = await _judged(deps, caller, order, UploadPurpose.CHANGE_PHOTO, clean_photo)
    async with deps.pool.acquire() as conn, conn.transaction():
        candidacy, _ = await readable_candidacy(conn, caller.principal, order.candidacy_id)
        check_has_person(candidacy.formula, order.persona)
        if candidacy.capture_status is not CaptureStatus.VALIDATED:
            raise Refused(
                "La fotografía de una solicitud de cambio es de una candidatura validada; "
                "antes de validarse, la fotografía se cambia en la candidatura."
            )
        now = utc_now()
        await files.store_file(conn, photo, now)
        await files.attach_file(
            conn, photo.sha256, order.candidacy_id, FileKind.PHOTO, now, order.persona
        )
        await record(
            conn,
            deps.outbox,
            caller,
            "photo.keep_for_change",
            on_candidacy(order.candidacy_id),
            {"persona": order.persona.value},
        )
    return _attached(photo)


async def attach_consent(deps: ServiceDeps, order: Attach, caller: SignedIn) -> Attached:
    """The signed document: whatever was said of an earlier one no longer holds, and
    moderation hears of it in the same transaction, so that the verifiers' consent queue
    holds every document the institute must act on (000 §3.9, 002 §II.B.3)."""
    document = await _judged(deps, caller, order, UploadPurpose.CONSENT, check_document)
    async with deps.pool.acquire() as conn, conn.transaction():
        now, candidacy, election = await _attach(conn, caller, order, document, FileKind.CONSENT)
        await consents.record_consent_document(
            conn, order.candidacy_id, document.sha256, now, order.persona
        )
        independent = candidacy.capturing_party is None
        uploaded = ConsentUploaded(
            election_id=candidacy.election_id,
            candidacy_id=candidacy.candidacy_id,
            document_sha256=document.sha256,
            uploaded_at=now,
            needs_verification=verification_required(
                election.profile, candidacy.formula.affirmative_action, independent=independent
            ),
            kept_by_institute=institute_keeps(election.profile, independent=independent),
            persona=order.persona,
        )
        await deps.outbox.add(
            conn,
            CONSENT_UPLOADED,
            uploaded,
            actor=caller.actor,
            election_id=candidacy.election_id,
            subject_id=candidacy.candidacy_id,
        )
        await record(
            conn,
            deps.outbox,
            caller,
            "consent.upload",
            on_candidacy(order.candidacy_id),
            {"persona": order.persona.value},
        )
    return _attached(document)
