"""Projecting a validated candidacy: what of it may be public now (``domain/publicity.py``
decides), built from its stored answers, and announced again whenever it changes (a
consent verified or revoked)."""

from contracts.capture import QuestionnaireName
from contracts.events.capture import (
    PROJECTION_UPDATED,
    ProjectionUpdated,
    PublicIdentity,
    PublicProjection,
)
from contracts.profile import InstituteProfile
from services.capture.adapters.sealing import KeyDestroyed
from services.capture.domain.one_chance import CaptureStatus
from services.capture.domain.publicity import (
    identity_may_be_public,
    public_curricular,
    public_formula,
    public_identity,
)
from services.capture.steps.capturing import stored_answers
from services.capture.steps.recording import SYSTEM
from services.capture.store import candidacies, consents, elections
from services.capture.store.candidacies import Candidacy
from services.runtime.connections import Connection
from services.runtime.service_deps import ServiceDeps
from services.runtime.settings import Settings


async def _public_identity(
    conn: Connection, settings: Settings, candidacy: Candidacy, profile: InstituteProfile
) -> PublicIdentity:
    action = candidacy.formula.affirmative_action
    consent = await consents.consent(conn, candidacy.candidacy_id)
    independent = candidacy.capturing_party is None
    if not identity_may_be_public(profile, action, consent, independent=independent):
        return PublicIdentity()
    try:
        answers = await stored_answers(
            conn, settings, candidacy.candidacy_id, QuestionnaireName.IDENTITY
        )
    except KeyDestroyed:
        answers = {}
    return public_identity(answers)


async def projection(
    conn: Connection, settings: Settings, candidacy: Candidacy, profile: InstituteProfile
) -> PublicProjection:
    action = candidacy.formula.affirmative_action
    curricular = await stored_answers(
        conn, settings, candidacy.candidacy_id, QuestionnaireName.CURRICULAR
    )
    return PublicProjection(
        election_id=candidacy.election_id,
        candidacy_id=candidacy.candidacy_id,
        formula=public_formula(candidacy.formula),
        curricular=public_curricular(curricular),
        identity=await _public_identity(conn, settings, candidacy, profile),
        affirmative_action=action
        if action and profile.affirmative_action.show_action_type
        else None,
    )


async def announce_projection(
    conn: Connection, deps: ServiceDeps, candidacy_id: str, cause: str
) -> None:
    """A validated candidacy's public projection changed (consent verified, revoked…)."""
    candidacy = await candidacies.candidacy(conn, candidacy_id)
    if candidacy is None or candidacy.capture_status is not CaptureStatus.VALIDATED:
        return
    election = await elections.election(conn, candidacy.election_id)
    assert election is not None  # a candidacy references its election
    public = await projection(conn, deps.settings, candidacy, election.profile)
    await deps.outbox.add(
        conn,
        PROJECTION_UPDATED,
        ProjectionUpdated(projection=public, cause=cause),
        actor=SYSTEM.actor,
        election_id=candidacy.election_id,
        subject_id=candidacy_id,
    )
