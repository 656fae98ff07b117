"""The candidacy's photo and signed consent document, the privacy notice's acceptance,
the consent format to print, and consent revocation (000 §5.5)."""

import asyncio
import base64
from collections.abc import Callable
from typing import Any, TypeVar

import asyncpg

from contracts.activity import ActivityTarget, Outcome
from contracts.capture import (
    Attach,
    Attached,
    CandidacyRef,
    ElectionConfig,
    FileRef,
    PrivacyAcceptance,
    QuestionnaireName,
    QuestionnaireSave,
    UploadPurpose,
)
from contracts.envelope import utc_now
from contracts.errors import ErrorCode, FieldProblem
from contracts.questionnaires import CURRICULAR, FieldType
from contracts.requests import Document, Empty, Principal, Request
from contracts.roles import Role
from services.capture import store
from services.capture.capturing import profile_of, save, scope_of
from services.capture.consent_format import consent_format_pdf
from services.capture.domain.files import FileRefused, check_document, clean_photo
from services.capture.domain.scope import (
    NotAllowed,
    OutOfScope,
    check_may_read,
)
from services.capture.handlers.candidacies import editable_candidacy
from services.capture.handlers.refusals import refuse, scope_refusal, signed_in
from services.capture.handlers.uploads import uploaded_file
from services.capture.lifecycle import announce_projection
from services.runtime.activity import record_activity
from services.runtime.service_deps import ServiceDeps

T = TypeVar("T")
PHOTO, CONSENT = "photo", "consent"
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "application/pdf": "pdf"}


def file_url(sha256: str) -> str:
    return f"/api/v1/archivos/{sha256}"


async def _editable(conn: Any, request: Request[Any], candidacy_id: str) -> tuple[Any, Any]:
    principal = signed_in(request, "capturar")
    row, election, _ = await editable_candidacy(conn, principal, candidacy_id)
    return row, election


async def _upload(
    deps: ServiceDeps, request: Request[Attach], purpose: UploadPurpose, check: Callable[[bytes], T]
) -> T:
    """The uploaded file, judged in a worker thread (decoding an image takes CPU time),
    before a connection is held: its chunks were authorised for this very candidacy, and
    the transaction that attaches it checks again that the candidacy may be edited."""
    principal = signed_in(request, "capturar")
    order = request.payload
    content = await uploaded_file(deps, principal, order.upload_id, purpose, order.candidacy_id)
    try:
        return await asyncio.to_thread(check, content)
    except FileRefused as refused:
        raise refuse(ErrorCode.INVALID_REQUEST, str(refused)) from None


async def attach_photo(deps: ServiceDeps, request: Request[Attach]) -> Attached:
    order = request.payload
    photo = await _upload(deps, request, UploadPurpose.PHOTO, clean_photo)
    async with deps.pool.acquire() as conn, conn.transaction():
        await _editable(conn, request, order.candidacy_id)
        now = utc_now()
        await store.store_file(conn, photo.sha256, photo.media_type, photo.content, now)
        await store.attach_file(conn, photo.sha256, order.candidacy_id, PHOTO, now)
        assert request.principal is not None
        await save(
            conn,
            deps.settings,
            deps.outbox,
            QuestionnaireSave(
                candidacy_id=order.candidacy_id,
                cuestionario=QuestionnaireName.CURRICULAR,
                respuestas={"fotografia": photo.sha256},
            ),
            request.principal,
            request_id=request.request_id,
            client_address=request.client_address,
        )
    return Attached(sha256=photo.sha256, media_type=photo.media_type, url=file_url(photo.sha256))


async def attach_consent(deps: ServiceDeps, request: Request[Attach]) -> Attached:
    order = request.payload
    document = await _upload(deps, request, UploadPurpose.CONSENT, check_document)
    async with deps.pool.acquire() as conn, conn.transaction():
        await _editable(conn, request, order.candidacy_id)
        now = utc_now()
        await store.store_file(conn, document.sha256, document.media_type, document.content, now)
        await store.attach_file(conn, document.sha256, order.candidacy_id, CONSENT, now)
        await store.attach_consent(conn, order.candidacy_id, document.sha256, now)
        await record_activity(
            conn,
            deps.outbox,
            action="consent.upload",
            outcome=Outcome.OK,
            principal=request.principal,
            target=ActivityTarget(kind="candidacy", id=order.candidacy_id),
            request_id=request.request_id,
            client_address=request.client_address,
        )
    return Attached(
        sha256=document.sha256, media_type=document.media_type, url=file_url(document.sha256)
    )


def _may_read(principal: Principal, owner: asyncpg.Record) -> None:
    """A validated candidacy's photo is public; anything else needs scope over its
    candidacy (the institute's staff, its party, the person)."""
    public = owner["status"] == "registrada" and owner["capture_status"] == "validated"
    if owner["kind"] == PHOTO and owner["shown"] and public:
        return
    check_may_read(principal, scope_of(owner))


async def get_file(deps: ServiceDeps, request: Request[FileRef]) -> Document:
    """A file of a candidacy within the caller's scope, or a validated candidacy's photo:
    knowing a file's SHA-256 opens nothing by itself."""
    principal = signed_in(request, "consultar archivos")
    sha = request.payload.sha256
    async with deps.pool.acquire() as conn:
        owners = await store.file_owners(conn, sha)
        if not owners:
            raise refuse(ErrorCode.NOT_FOUND, "No existe ese archivo.")
        refusal: Exception | None = None
        for owner in owners:
            try:
                _may_read(principal, owner)
                break
            except (OutOfScope, NotAllowed) as error:
                refusal = error
        else:
            assert refusal is not None
            raise scope_refusal(refusal)
        row = await store.file(conn, sha)
    assert row is not None
    extension = EXTENSIONS.get(row["media_type"], "bin")
    return Document(
        filename=f"{sha}.{extension}",
        media_type=row["media_type"],
        content_base64=base64.b64encode(row["content"]).decode(),
    )


async def check_file_answers(conn: Any, order: QuestionnaireSave) -> None:
    """A draft names only a photo uploaded for that same candidacy (its SHA-256, as
    photo.attach answered): never another candidacy's file, nor a consent document."""
    questionnaire = CURRICULAR if order.cuestionario is QuestionnaireName.CURRICULAR else None
    if questionnaire is None:
        return
    for field in questionnaire.fields:
        value = order.respuestas.get(field.name)
        if field.type is not FieldType.IMAGE or value in (None, ""):
            continue
        if not isinstance(value, str) or not await store.is_attached(
            conn, value, order.candidacy_id, PHOTO
        ):
            reason = (
                f"La {field.label.lower()} debe ser un archivo subido como {field.label.lower()} "
                "de esta candidatura; súbalo de nuevo."
            )
            raise refuse(
                ErrorCode.INVALID_REQUEST, reason, [FieldProblem(field=field.name, reason=reason)]
            )


async def accept_privacy(deps: ServiceDeps, request: Request[PrivacyAcceptance]) -> Empty:
    order = request.payload
    async with deps.pool.acquire() as conn, conn.transaction():
        _, election = await _editable(conn, request, order.candidacy_id)
        current = ElectionConfig.model_validate_json(election["config"]).privacy_notice_version
        if order.version != current:
            raise refuse(
                ErrorCode.CONFLICT,
                f"El aviso de privacidad vigente es la versión "
                f"{current}; léala antes de aceptarla.",
            )
        assert request.principal is not None
        await store.accept_privacy(
            conn, order.candidacy_id, current, request.principal.account_id, utc_now()
        )
        await record_activity(
            conn,
            deps.outbox,
            action="privacy_notice.accept",
            outcome=Outcome.OK,
            principal=request.principal,
            target=ActivityTarget(kind="candidacy", id=order.candidacy_id),
            request_id=request.request_id,
            client_address=request.client_address,
            detail={"version": current},
        )
    return Empty()


async def consent_format(deps: ServiceDeps, request: Request[CandidacyRef]) -> Document:
    principal = signed_in(request, "descargar el formato")
    async with deps.pool.acquire() as conn:
        row = await store.candidacy(conn, request.payload.candidacy_id)
        if row is None:
            raise refuse(ErrorCode.NOT_FOUND, "No existe esa candidatura.")
        try:
            check_may_read(principal, scope_of(row))
        except (OutOfScope, NotAllowed) as error:
            raise scope_refusal(error) from None
        election = await store.election(conn, row["election_id"])
    pdf = consent_format_pdf(
        row, ElectionConfig.model_validate_json(election["config"]), profile_of(election)
    )
    return Document(
        filename=f"consentimiento-{row['candidacy_id']}.pdf",
        media_type="application/pdf",
        content_base64=base64.b64encode(pdf).decode(),
    )


async def revoke_consent(deps: ServiceDeps, request: Request[CandidacyRef]) -> Empty:
    """Revocation at any time via the supervisor (000 §5.5); identity leaves public view
    at once: the projection is announced again without it."""
    principal = signed_in(request, "revocar el consentimiento")
    candidacy_id = request.payload.candidacy_id
    async with deps.pool.acquire() as conn, conn.transaction():
        row = await store.candidacy(conn, candidacy_id)
        if row is None:
            raise refuse(ErrorCode.NOT_FOUND, "No existe esa candidatura.")
        profile = profile_of(await store.election(conn, row["election_id"]))
        try:
            check_may_read(principal, scope_of(row))
        except (OutOfScope, NotAllowed) as error:
            raise scope_refusal(error) from None
        independent = row["capturing_party"] is None and principal.role == Role.INDEPENDENT
        if principal.role != Role.SUPERVISOR and not independent:
            raise refuse(ErrorCode.FORBIDDEN, "La revocación se presenta por la supervisión.")
        if not profile.consent.revocable:
            raise refuse(ErrorCode.CONFLICT, "Este proceso no prevé revocar el consentimiento.")
        await store.set_consent_decision(conn, candidacy_id, "revoked_at", utc_now())
        await announce_projection(conn, deps.settings, deps.outbox, candidacy_id, "consent_revoked")
        await record_activity(
            conn,
            deps.outbox,
            action="consent.revoke",
            outcome=Outcome.OK,
            principal=principal,
            target=ActivityTarget(kind="candidacy", id=candidacy_id),
            request_id=request.request_id,
            client_address=request.client_address,
        )
    return Empty()
