"""Submitting (one chance), validating, asking the institute to correct, and the public
projection that validation (and later consent decisions) announce.

Each step commits with its activity entry and its events in one transaction.
"""

import json
from typing import Any

import asyncpg

from contracts.activity import ActivityTarget, Outcome
from contracts.capture import ElectionConfig, QuestionnaireName, SubmitPreview
from contracts.envelope import Actor, ActorKind, utc_now
from contracts.events.capture import (
    CANDIDACY_VALIDATED,
    PROJECTION_UPDATED,
    REVIEW_REQUESTED,
    CandidacyValidated,
    ProjectionUpdated,
    PublicProjection,
    ReviewRequested,
)
from contracts.profile import InstituteProfile
from contracts.requests import Principal
from services.capture import store
from services.capture.capturing import QUESTIONNAIRES, stored_answers
from services.capture.data_keys import KeyDestroyed
from services.capture.domain.answers import check_answers
from services.capture.domain.lifecycle import Refused
from services.capture.domain.projection import (
    ConsentState,
    identity_may_be_public,
    public_curricular,
    public_formula,
    public_identity,
)
from services.runtime.activity import record_activity
from services.runtime.outbox import Outbox
from services.runtime.settings import Settings


def _actor(principal: Principal | None) -> Actor:
    if principal is None:
        return Actor.system("capture")
    return Actor(kind=ActorKind.ACCOUNT, id=principal.account_id, role=principal.role)


def _target(candidacy_id: str) -> ActivityTarget:
    return ActivityTarget(kind="candidacy", id=candidacy_id)


async def preview(conn: asyncpg.Connection, settings: Settings, candidacy_id: str) -> SubmitPreview:
    missing: dict[str, list[str]] = {}
    problems: dict[str, Any] = {}
    for name, questionnaire in QUESTIONNAIRES.items():
        checked = check_answers(
            questionnaire, await stored_answers(conn, settings, candidacy_id, name)
        )
        missing[name.value] = checked.missing
        problems[name.value] = checked.problems
    row = await store.candidacy(conn, candidacy_id)
    assert row is not None
    election = await store.election(conn, row["election_id"])
    version = ElectionConfig.model_validate_json(election["config"]).privacy_notice_version
    if not await store.privacy_accepted(conn, candidacy_id, version):
        missing["curricular"] = [*missing["curricular"], "aviso_de_privacidad"]
    return SubmitPreview(
        candidacy_id=candidacy_id, submitted=False, missing=missing, problems=problems
    )


async def submit(
    conn: asyncpg.Connection,
    outbox: Outbox,
    candidacy_id: str,
    principal: Principal,
    *,
    request_id: str | None,
    client_address: str | None,
) -> None:
    moved = await store.advance_capture_status(
        conn,
        candidacy_id,
        from_status="draft",
        to_status="submitted",
        now=utc_now(),
        by=principal.account_id,
    )
    if not moved:
        raise Refused("Los cuestionarios ya se enviaron: hay una sola oportunidad (000 §3.16).")
    await record_activity(
        conn,
        outbox,
        action="candidacy.submit",
        outcome=Outcome.OK,
        principal=principal,
        target=_target(candidacy_id),
        request_id=request_id,
        client_address=client_address,
    )


async def consent_state(conn: asyncpg.Connection, candidacy_id: str) -> ConsentState:
    row = await store.consent(conn, candidacy_id)
    if row is None:
        return ConsentState()
    return ConsentState(
        row["uploaded_at"], row["verified_at"], row["rejected_at"], row["revoked_at"]
    )


async def projection(
    conn: asyncpg.Connection, settings: Settings, row: asyncpg.Record, profile: InstituteProfile
) -> PublicProjection:
    candidacy_id = row["candidacy_id"]
    formula = json.loads(row["formula"])
    action = formula.get("affirmative_action")
    curricular = await stored_answers(conn, settings, candidacy_id, QuestionnaireName.CURRICULAR)
    identity: dict[str, Any] = {}
    if identity_may_be_public(profile, action, await consent_state(conn, candidacy_id)):
        try:
            answers = await stored_answers(conn, settings, candidacy_id, QuestionnaireName.IDENTITY)
        except KeyDestroyed:
            answers = {}
        identity = public_identity(answers)
    return PublicProjection(
        election_id=row["election_id"],
        candidacy_id=candidacy_id,
        formula=public_formula(formula),
        curricular=public_curricular(curricular),
        identity=identity,
        affirmative_action=action
        if action and profile.affirmative_action.show_action_type
        else None,
    )


async def validate(
    conn: asyncpg.Connection,
    settings: Settings,
    outbox: Outbox,
    row: asyncpg.Record,
    profile: InstituteProfile,
    principal: Principal,
    *,
    request_id: str | None,
    client_address: str | None,
) -> PublicProjection:
    candidacy_id = row["candidacy_id"]
    moved = await store.advance_capture_status(
        conn,
        candidacy_id,
        from_status="submitted",
        to_status="validated",
        now=utc_now(),
        by=principal.account_id,
    )
    if not moved:
        raise Refused("Solo se validan cuestionarios enviados y aún sin validar.")
    public = await projection(conn, settings, row, profile)
    consent = await store.consent(conn, candidacy_id)
    actor = _actor(principal)
    await outbox.add(
        conn,
        CANDIDACY_VALIDATED,
        CandidacyValidated(projection=public),
        actor=actor,
        election_id=row["election_id"],
        subject_id=candidacy_id,
    )
    needs_verification = bool(
        consent
        and consent["uploaded_at"]
        and consent["verified_at"] is None
        and profile.consent.institute_verifies
    )
    await outbox.add(
        conn,
        REVIEW_REQUESTED,
        ReviewRequested(
            election_id=row["election_id"],
            candidacy_id=candidacy_id,
            consent_document_sha256=consent["document_sha256"] if consent else None,
            consent_needs_verification=needs_verification,
        ),
        actor=actor,
        election_id=row["election_id"],
        subject_id=candidacy_id,
    )
    await record_activity(
        conn,
        outbox,
        action="candidacy.validate",
        outcome=Outcome.OK,
        principal=principal,
        target=_target(candidacy_id),
        request_id=request_id,
        client_address=client_address,
        detail={"identidad_publica": bool(public.identity)},
    )
    return public


async def announce_projection(
    conn: asyncpg.Connection, settings: Settings, outbox: Outbox, candidacy_id: str, cause: str
) -> None:
    """A validated candidacy's public projection changed (consent verified, revoked…)."""
    row = await store.candidacy(conn, candidacy_id)
    if row is None or row["capture_status"] != "validated":
        return
    election = await store.election(conn, row["election_id"])
    assert election is not None
    profile = InstituteProfile.model_validate_json(election["profile"])
    public = await projection(conn, settings, row, profile)
    await outbox.add(
        conn,
        PROJECTION_UPDATED,
        ProjectionUpdated(projection=public, cause=cause),
        actor=_actor(None),
        election_id=row["election_id"],
        subject_id=candidacy_id,
    )
