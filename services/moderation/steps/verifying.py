"""Verifying consent documents (000 §3.9), or receiving and keeping an independent's
(002 §II.B.3): capture says which documents the institute must act on — at validation
(``candidacy.review_requested``) and whenever one is uploaded (``consent.uploaded``) —
and they wait in the election's consent queue; the verifier views each beside the
candidacy's name and accepts it or rejects it with a reason. The alternate's document
is the alternate's own consent, verified apart from the owner's (001 §3.III-V): each
decision says whose (``ConsentDecision.persona``). Capture honours the decision in the
public projection."""

from datetime import datetime

from contracts.envelope import utc_now
from contracts.events.capture import ConsentUploaded, Person, ReviewRequested
from contracts.events.moderation import CONSENT_REJECTED, CONSENT_VERIFIED, ConsentDecision
from contracts.moderation import (
    ConsentItem,
    ConsentQueue,
    ConsentRef,
    ConsentReject,
    ConsentStatus,
    ElectionOf,
)
from services.moderation.domain.consent_decisions import check_may_say, verified_wording
from services.moderation.domain.errors import NotFound
from services.moderation.domain.reviewers import check_may_decide, check_may_review
from services.moderation.steps.recording import SignedIn, on_candidacy, record
from services.moderation.store import consents
from services.moderation.store.consents import Consent
from services.runtime.connections import Connection
from services.runtime.service_deps import ServiceDeps

NO_DOCUMENT = "No hay un documento de consentimiento por revisar de esa candidatura."


async def note_review_requested(
    conn: Connection, requested: ReviewRequested, occurred_at: datetime
) -> None:
    """At validation: each person's document, if one is there and the institute must act
    on it — the owner's and the alternate's, each waiting on its own."""
    if not requested.consent_needs_verification:
        return
    documents = {
        Person.OWNER: requested.consent_document_sha256,
        Person.ALTERNATE: requested.alternate_consent_document_sha256,
    }
    for persona, sha256 in documents.items():
        if sha256 is None:
            continue
        await consents.note_document(
            conn,
            election_id=requested.election_id,
            candidacy_id=requested.candidacy_id,
            sha256=sha256,
            uploaded_at=occurred_at,
            kept_by_institute=requested.consent_kept_by_institute,
            persona=persona,
        )


async def note_uploaded(conn: Connection, uploaded: ConsentUploaded) -> None:
    if not uploaded.needs_verification:
        return
    await consents.note_document(
        conn,
        election_id=uploaded.election_id,
        candidacy_id=uploaded.candidacy_id,
        sha256=uploaded.document_sha256,
        uploaded_at=uploaded.uploaded_at,
        kept_by_institute=uploaded.kept_by_institute,
        persona=uploaded.persona,
    )


def _item(row: Consent) -> ConsentItem:
    return ConsentItem.model_validate(row.model_dump())


async def consent_queue(conn: Connection, ref: ElectionOf, caller: SignedIn) -> ConsentQueue:
    check_may_review(caller.principal, ref.election_id)
    rows = await consents.consents_of(conn, ref.election_id)
    return ConsentQueue(
        election_id=ref.election_id,
        pending=[_item(row) for row in rows if row.status is ConsentStatus.PENDING],
        decided=[_item(row) for row in rows if row.status is not ConsentStatus.PENDING],
    )


async def _document(conn: Connection, ref: ConsentRef, caller: SignedIn) -> Consent:
    row = await consents.consent(conn, ref.candidacy_id, ref.persona)
    if row is None:
        raise NotFound(NO_DOCUMENT)
    check_may_review(caller.principal, row.election_id)
    return row


async def consent_item(conn: Connection, ref: ConsentRef, caller: SignedIn) -> ConsentItem:
    """One person's document beside the candidacy's name: the reviewer then reads the
    file itself from capture, which lets the institute's staff of this election read it."""
    return _item(await _document(conn, ref, caller))


async def _decide(
    conn: Connection,
    deps: ServiceDeps,
    ref: ConsentRef,
    caller: SignedIn,
    status: ConsentStatus,
    reason: str | None,
) -> ConsentItem:
    candidacy_id = ref.candidacy_id
    row = await _document(conn, ref, caller)
    check_may_decide(caller.principal, row.election_id)
    check_may_say(row.status, status)
    now = utc_now()
    await consents.decide(
        conn,
        candidacy_id,
        row.persona,
        row.document_sha256,
        status,
        reason,
        caller.principal.account_id,
        now,
    )
    spec = CONSENT_VERIFIED if status is ConsentStatus.VERIFIED else CONSENT_REJECTED
    await deps.outbox.add(
        conn,
        spec,
        ConsentDecision(
            election_id=row.election_id,
            candidacy_id=candidacy_id,
            reason=reason,
            document_sha256=row.document_sha256,
            persona=row.persona,
        ),
        actor=caller.actor,
        election_id=row.election_id,
        subject_id=candidacy_id,
    )
    verified = status is ConsentStatus.VERIFIED
    await record(
        conn,
        deps.outbox,
        caller,
        "consent.verify" if verified else "consent.reject",
        on_candidacy(candidacy_id),
        {
            "documento": row.document_sha256,
            "persona": row.persona.value,
            "resultado": verified_wording(row.kept_by_institute) if verified else "Rechazado",
        },
    )
    decided = await consents.consent(conn, candidacy_id, row.persona)
    assert decided is not None
    return _item(decided)


async def verify(
    conn: Connection, deps: ServiceDeps, ref: ConsentRef, caller: SignedIn
) -> ConsentItem:
    return await _decide(conn, deps, ref, caller, ConsentStatus.VERIFIED, None)


async def reject(
    conn: Connection, deps: ServiceDeps, order: ConsentReject, caller: SignedIn
) -> ConsentItem:
    return await _decide(conn, deps, order, caller, ConsentStatus.REJECTED, order.motivo)
