"""Hearing capture's and moderation's events: each is noted in publication's tables, then
the candidacy's public state is materialised again (steps/materialising.py), in the
inbox's transaction. The read model is fed by these events alone (DESIGN §6)."""

import base64
from datetime import datetime

from contracts.events.capture import (
    CandidacyRegistered,
    CandidacySubmitted,
    CandidacyValidated,
    CandidacyWithdrawn,
    ElectionConfigured,
    PhotoValidated,
    ProjectionUpdated,
)
from contracts.events.moderation import ModerationDecided, PublicationAuthorised
from services.publication.steps.copying import copy_election
from services.publication.steps.materialising import materialise, materialise_election
from services.publication.store import candidacies, elections, photos
from services.runtime.connections import Connection
from services.runtime.service_deps import ServiceDeps


async def hear_election(
    conn: Connection, deps: ServiceDeps, configured: ElectionConfigured, now: datetime
) -> None:
    """Its rules or its calendar may have changed: every candidacy is decided again."""
    await elections.upsert_election(conn, configured, now)
    await materialise_election(conn, deps, configured.election_id, now)
    await copy_election(conn, deps, configured.election_id)


async def hear_registered(
    conn: Connection, deps: ServiceDeps, registered: CandidacyRegistered, now: datetime
) -> None:
    await candidacies.note_registered(
        conn,
        registered.candidacy_id,
        registered.election_id,
        registered.capturing_party_id,
        registered.office,
        registered.approved_at,
    )
    await materialise(conn, deps, registered.candidacy_id, now)


async def hear_submitted(
    conn: Connection, deps: ServiceDeps, submitted: CandidacySubmitted, now: datetime
) -> None:
    await candidacies.note_submitted(conn, submitted.candidacy_id, submitted.election_id, now)


async def hear_validated(
    conn: Connection, deps: ServiceDeps, validated: CandidacyValidated, now: datetime
) -> None:
    projection = validated.projection
    await candidacies.note_projection(
        conn, projection, validated.capturing_party, now, validated=True
    )
    await materialise(conn, deps, projection.candidacy_id, now)


async def hear_projection(
    conn: Connection, deps: ServiceDeps, updated: ProjectionUpdated, now: datetime
) -> None:
    """A consent verified or revoked, a change applied: what may be public changed."""
    await candidacies.note_projection(conn, updated.projection, None, now, validated=False)
    await materialise(conn, deps, updated.projection.candidacy_id, now)


async def hear_withdrawn(
    conn: Connection, deps: ServiceDeps, withdrawn: CandidacyWithdrawn, now: datetime
) -> None:
    await candidacies.note_withdrawn(
        conn, withdrawn.candidacy_id, withdrawn.election_id, withdrawn.reason.value, now
    )
    await materialise(conn, deps, withdrawn.candidacy_id, now)


async def hear_photo(
    conn: Connection, deps: ServiceDeps, photo: PhotoValidated, now: datetime
) -> None:
    content = base64.b64decode(photo.content_base64)
    await photos.store_photo(conn, photo.sha256, photo.media_type, content, now)
    await materialise(conn, deps, photo.candidacy_id, now)


async def hear_decision(
    conn: Connection, deps: ServiceDeps, decided: ModerationDecided, now: datetime
) -> None:
    """The restrictions after the decision, kept only if newer than those held."""
    await candidacies.note_restrictions(
        conn, decided.candidacy_id, decided.election_id, decided.restrictions, now
    )
    await materialise(conn, deps, decided.candidacy_id, now)


async def hear_authorisation(
    conn: Connection, deps: ServiceDeps, authorised: PublicationAuthorised, now: datetime
) -> None:
    await candidacies.note_authorised(
        conn, authorised.candidacy_id, authorised.election_id, authorised.authorised_at
    )
    await materialise(conn, deps, authorised.candidacy_id, now)
