"""Capture's events, as moderation needs them: the election and its candidacies
(steps/mirroring.py), and each validated candidacy's public projection, which is screened
and joins the verifiers' queue (steps/reviewing.py). Each is idempotent by the inbox."""

from contracts.envelope import EventEnvelope
from contracts.events.capture import (
    CANDIDACY_REGISTERED,
    CANDIDACY_VALIDATED,
    CANDIDACY_WITHDRAWN,
    CHANGE_COMPLETED,
    CHANGE_WINDOW_OPENED,
    CONSENT_UPLOADED,
    ELECTION_CONFIGURED,
    PROJECTION_UPDATED,
    REVIEW_REQUESTED,
    CandidacyRegistered,
    CandidacyValidated,
    CandidacyWithdrawn,
    ChangeCompleted,
    ChangeWindowOpened,
    ConsentUploaded,
    ElectionConfigured,
    ProjectionUpdated,
    ReviewRequested,
)
from contracts.services import ServiceName
from services.moderation.steps import finishing_changes, mirroring, reviewing, verifying
from services.runtime.connections import Connection
from services.runtime.inbox import EventConsumer
from services.runtime.service_deps import ServiceDeps


async def election_configured(deps: ServiceDeps, conn: Connection, event: EventEnvelope) -> None:
    await mirroring.mirror_election(conn, ElectionConfigured.model_validate(event.data))


async def candidacy_registered(deps: ServiceDeps, conn: Connection, event: EventEnvelope) -> None:
    await mirroring.mirror_candidacy(conn, CandidacyRegistered.model_validate(event.data))


async def candidacy_withdrawn(deps: ServiceDeps, conn: Connection, event: EventEnvelope) -> None:
    await mirroring.mirror_withdrawal(conn, CandidacyWithdrawn.model_validate(event.data))


async def candidacy_validated(deps: ServiceDeps, conn: Connection, event: EventEnvelope) -> None:
    await reviewing.take_for_review(conn, deps, CandidacyValidated.model_validate(event.data))


async def change_window_opened(deps: ServiceDeps, conn: Connection, event: EventEnvelope) -> None:
    opened = ChangeWindowOpened.model_validate(event.data)
    await finishing_changes.note_window_opened(conn, opened)


async def change_completed(deps: ServiceDeps, conn: Connection, event: EventEnvelope) -> None:
    completed = ChangeCompleted.model_validate(event.data)
    await finishing_changes.note_completed(conn, deps, completed)


async def projection_updated(deps: ServiceDeps, conn: Connection, event: EventEnvelope) -> None:
    await reviewing.take_update(conn, deps, ProjectionUpdated.model_validate(event.data))


async def consent_review_requested(
    deps: ServiceDeps, conn: Connection, event: EventEnvelope
) -> None:
    """At validation: a consent document the institute must act on joins its queue."""
    requested = ReviewRequested.model_validate(event.data)
    await verifying.note_review_requested(conn, requested, event.occurred_at)


async def consent_uploaded(deps: ServiceDeps, conn: Connection, event: EventEnvelope) -> None:
    """A document uploaded at any time: it joins the queue, replacing an earlier one."""
    await verifying.note_uploaded(conn, ConsentUploaded.model_validate(event.data))


# Each name is its durable consumer's: renaming one starts a new consumer that replays
# the whole stream (tests/unit/test_consumer_names.py).
CONSUMERS: list[EventConsumer] = [
    EventConsumer(
        name=name,
        producer=ServiceName.CAPTURE,
        event_type=spec.event_type,
        version=spec.version,
        handler=handler,
    )
    for name, spec, handler in (
        ("election_configured", ELECTION_CONFIGURED, election_configured),
        ("candidacy_registered", CANDIDACY_REGISTERED, candidacy_registered),
        ("candidacy_withdrawn", CANDIDACY_WITHDRAWN, candidacy_withdrawn),
        ("candidacy_validated", CANDIDACY_VALIDATED, candidacy_validated),
        ("projection_updated", PROJECTION_UPDATED, projection_updated),
        ("consent_review_requested", REVIEW_REQUESTED, consent_review_requested),
        ("consent_uploaded", CONSENT_UPLOADED, consent_uploaded),
        ("change_window_opened", CHANGE_WINDOW_OPENED, change_window_opened),
        ("change_completed", CHANGE_COMPLETED, change_completed),
    )
]
