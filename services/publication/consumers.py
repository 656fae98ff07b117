"""Capture's and moderation's events, as publication needs them (steps/hearing.py): each
is noted and the candidacy's public state materialised again, in the inbox's transaction
(idempotent by the inbox, and by materialising: nothing changed, nothing emitted). And
publication's own profile events, each copied into the public bucket the gateway watches
(steps/copying.py)."""

from contracts.envelope import EventEnvelope
from contracts.events.capture import (
    CANDIDACY_REGISTERED,
    CANDIDACY_SUBMITTED,
    CANDIDACY_VALIDATED,
    CANDIDACY_WITHDRAWN,
    ELECTION_CONFIGURED,
    PHOTO_VALIDATED,
    PROJECTION_UPDATED,
    CandidacyRegistered,
    CandidacySubmitted,
    CandidacyValidated,
    CandidacyWithdrawn,
    ElectionConfigured,
    PhotoValidated,
    ProjectionUpdated,
)
from contracts.events.moderation import (
    MODERATION_DECIDED,
    PUBLICATION_AUTHORISED,
    ModerationDecided,
    PublicationAuthorised,
)
from contracts.events.publication import (
    PROFILE_PUBLISHED,
    PROFILE_UPDATED,
    PROFILE_WITHDRAWN,
    ProfileChanged,
)
from contracts.services import ServiceName
from services.publication.steps import copying, hearing
from services.runtime.connections import Connection
from services.runtime.inbox import EventConsumer
from services.runtime.service_deps import ServiceDeps


async def election_configured(deps: ServiceDeps, conn: Connection, event: EventEnvelope) -> None:
    configured = ElectionConfigured.model_validate(event.data)
    await hearing.hear_election(conn, deps, configured, event.occurred_at)


async def candidacy_registered(deps: ServiceDeps, conn: Connection, event: EventEnvelope) -> None:
    registered = CandidacyRegistered.model_validate(event.data)
    await hearing.hear_registered(conn, deps, registered, event.occurred_at)


async def candidacy_submitted(deps: ServiceDeps, conn: Connection, event: EventEnvelope) -> None:
    submitted = CandidacySubmitted.model_validate(event.data)
    await hearing.hear_submitted(conn, deps, submitted, event.occurred_at)


async def candidacy_validated(deps: ServiceDeps, conn: Connection, event: EventEnvelope) -> None:
    validated = CandidacyValidated.model_validate(event.data)
    await hearing.hear_validated(conn, deps, validated, event.occurred_at)


async def projection_updated(deps: ServiceDeps, conn: Connection, event: EventEnvelope) -> None:
    updated = ProjectionUpdated.model_validate(event.data)
    await hearing.hear_projection(conn, deps, updated, event.occurred_at)


async def candidacy_withdrawn(deps: ServiceDeps, conn: Connection, event: EventEnvelope) -> None:
    withdrawn = CandidacyWithdrawn.model_validate(event.data)
    await hearing.hear_withdrawn(conn, deps, withdrawn, event.occurred_at)


async def photo_validated(deps: ServiceDeps, conn: Connection, event: EventEnvelope) -> None:
    photo = PhotoValidated.model_validate(event.data)
    await hearing.hear_photo(conn, deps, photo, event.occurred_at)


async def moderation_decided(deps: ServiceDeps, conn: Connection, event: EventEnvelope) -> None:
    decided = ModerationDecided.model_validate(event.data)
    await hearing.hear_decision(conn, deps, decided, event.occurred_at)


async def publication_authorised(deps: ServiceDeps, conn: Connection, event: EventEnvelope) -> None:
    authorised = PublicationAuthorised.model_validate(event.data)
    await hearing.hear_authorisation(conn, deps, authorised, event.occurred_at)


async def profile_changed(deps: ServiceDeps, conn: Connection, event: EventEnvelope) -> None:
    """Published, updated or withdrawn: the bucket gets the read model's latest entry."""
    changed = ProfileChanged.model_validate(event.data)
    await copying.copy_profile(conn, deps, changed.candidacy_id)


# Each name is its durable consumer's: renaming one starts a new consumer that replays
# the whole stream (tests/unit/test_consumer_names.py).
CONSUMERS: list[EventConsumer] = [
    EventConsumer(
        name=name,
        producer=producer,
        event_type=spec.event_type,
        version=spec.version,
        handler=handler,
    )
    for name, producer, spec, handler in (
        ("election_configured", ServiceName.CAPTURE, ELECTION_CONFIGURED, election_configured),
        ("candidacy_registered", ServiceName.CAPTURE, CANDIDACY_REGISTERED, candidacy_registered),
        ("candidacy_submitted", ServiceName.CAPTURE, CANDIDACY_SUBMITTED, candidacy_submitted),
        ("candidacy_validated", ServiceName.CAPTURE, CANDIDACY_VALIDATED, candidacy_validated),
        ("projection_updated", ServiceName.CAPTURE, PROJECTION_UPDATED, projection_updated),
        ("candidacy_withdrawn", ServiceName.CAPTURE, CANDIDACY_WITHDRAWN, candidacy_withdrawn),
        ("photo_validated", ServiceName.CAPTURE, PHOTO_VALIDATED, photo_validated),
        ("moderation_decided", ServiceName.MODERATION, MODERATION_DECIDED, moderation_decided),
        (
            "publication_authorised",
            ServiceName.MODERATION,
            PUBLICATION_AUTHORISED,
            publication_authorised,
        ),
        ("bucket_profile_published", ServiceName.PUBLICATION, PROFILE_PUBLISHED, profile_changed),
        ("bucket_profile_updated", ServiceName.PUBLICATION, PROFILE_UPDATED, profile_changed),
        ("bucket_profile_withdrawn", ServiceName.PUBLICATION, PROFILE_WITHDRAWN, profile_changed),
    )
]
