"""Projecting a validated candidacy: what of it may be public now (``domain/publicity.py``
decides), built from its stored answers, and announced again whenever it changes (a
consent verified or revoked)."""

import base64
from zoneinfo import ZoneInfo

from pydantic import BaseModel

from contracts.capture import QuestionnaireName
from contracts.catalog import EventSpec
from contracts.envelope import utc_now
from contracts.events.capture import (
    PHOTO_VALIDATED,
    PROJECTION_UPDATED,
    Person,
    PhotoValidated,
    ProjectionUpdated,
    PublicIdentity,
    PublicProjection,
)
from contracts.profile import InstituteProfile
from services.capture.adapters.sealing import KeyDestroyed
from services.capture.domain.one_chance import CaptureStatus
from services.capture.domain.publicity import (
    identity_may_be_public,
    identity_public_by_consent,
    public_curricular,
    public_formula,
    public_identity,
)
from services.capture.steps.capturing import stored_answers
from services.capture.steps.recording import SYSTEM
from services.capture.store import candidacies, consents, elections, files
from services.capture.store.candidacies import Candidacy
from services.runtime.connections import Connection
from services.runtime.service_deps import ServiceDeps
from services.runtime.settings import Settings


async def _public_identity(
    conn: Connection,
    settings: Settings,
    candidacy: Candidacy,
    profile: InstituteProfile,
    person: Person = Person.OWNER,
) -> tuple[PublicIdentity, bool]:
    """The person's identity answers that may be public, and whether by consent (rather
    than only as an affirmative action, 001 §19): the same rules for the owner and the
    alternate, each by its own consent."""
    action = candidacy.formula.affirmative_action
    consent = await consents.consent(conn, candidacy.candidacy_id, person)
    independent = candidacy.capturing_party is None
    if not identity_may_be_public(profile, action, consent, independent=independent):
        return PublicIdentity(), False
    by_consent = identity_public_by_consent(profile, action, consent, independent=independent)
    try:
        answers = await stored_answers(
            conn, settings, candidacy.candidacy_id, QuestionnaireName.IDENTITY, person
        )
    except KeyDestroyed:
        answers = {}
    return public_identity(answers), by_consent


async def projection(
    conn: Connection, settings: Settings, candidacy: Candidacy, profile: InstituteProfile
) -> PublicProjection:
    action = candidacy.formula.affirmative_action
    curricular = await stored_answers(
        conn, settings, candidacy.candidacy_id, QuestionnaireName.CURRICULAR
    )
    today = utc_now().astimezone(ZoneInfo(profile.time_zone)).date()
    identity, by_consent = await _public_identity(conn, settings, candidacy, profile)
    alternate_curricular, alternate_identity, alternate_by_consent = None, PublicIdentity(), False
    if candidacy.formula.alternate is not None:  # the alternate's own answers, 001 §3.III-V
        answers = await stored_answers(
            conn, settings, candidacy.candidacy_id, QuestionnaireName.CURRICULAR, Person.ALTERNATE
        )
        alternate_curricular = public_curricular(answers)
        alternate_identity, alternate_by_consent = await _public_identity(
            conn, settings, candidacy, profile, Person.ALTERNATE
        )
    return PublicProjection(
        alternate_curricular=alternate_curricular,
        alternate_identity=alternate_identity,
        alternate_identity_by_consent=alternate_by_consent,
        election_id=candidacy.election_id,
        candidacy_id=candidacy.candidacy_id,
        formula=public_formula(candidacy.formula, today),
        curricular=public_curricular(curricular),
        identity=identity,
        identity_by_consent=by_consent,
        affirmative_action=action
        if action and profile.affirmative_action.show_action_type
        else None,
    )


async def photo_validated(
    conn: Connection, public: PublicProjection, sha256: str | None
) -> PhotoValidated | None:
    """A photo a validated projection names, for publication to serve (None: no photo,
    or no stored file by that digest)."""
    if sha256 is None:
        return None
    stored = await files.stored_file(conn, sha256)
    if stored is None:
        return None
    return PhotoValidated(
        election_id=public.election_id,
        candidacy_id=public.candidacy_id,
        sha256=stored.sha256,
        media_type=stored.media_type,
        content_base64=base64.b64encode(stored.content).decode("ascii"),
    )


async def with_photo(
    conn: Connection, public: PublicProjection, event: tuple[EventSpec, BaseModel, str | None]
) -> list[tuple[EventSpec, BaseModel, str | None]]:
    """A validation's event, and beside it each photo it names (``photo.validated``: the
    owner's and the alternate's), to go in the same outbox call."""
    events = [event]
    alternate = public.alternate_curricular
    for sha256 in dict.fromkeys(
        (public.curricular.fotografia, alternate.fotografia if alternate else None)
    ):
        photo = await photo_validated(conn, public, sha256)
        if photo is not None:
            events.append((PHOTO_VALIDATED, photo, public.candidacy_id))
    return events


async def announce_projection(
    conn: Connection, deps: ServiceDeps, candidacy_id: str, cause: str, *, validated: bool = False
) -> None:
    """A validated candidacy's public projection changed (consent verified, revoked…);
    ``validated``: re-captured answers were validated again, so their photo goes too."""
    candidacy = await candidacies.candidacy(conn, candidacy_id)
    if candidacy is None or candidacy.capture_status is not CaptureStatus.VALIDATED:
        return
    election = await elections.election(conn, candidacy.election_id)
    assert election is not None  # a candidacy references its election
    public = await projection(conn, deps.settings, candidacy, election.profile)
    event: tuple[EventSpec, BaseModel, str | None] = (
        PROJECTION_UPDATED,
        ProjectionUpdated(projection=public, cause=cause),
        candidacy_id,
    )
    events = await with_photo(conn, public, event) if validated else [event]
    await deps.outbox.add_many(conn, events, actor=SYSTEM.actor, election_id=candidacy.election_id)
