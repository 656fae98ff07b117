"""The audit service's consumers: activity entries from every service, appended to the
log in batches, and which party captures each candidacy."""

from contracts.activity import ACTIVITY_RECORDED
from contracts.envelope import EventEnvelope
from contracts.events.capture import CANDIDACY_REGISTERED, CandidacyRegistered
from contracts.services import ServiceName
from services.audit import store
from services.audit.steps.appending import append_entries
from services.runtime.connections import Connection
from services.runtime.inbox import EventConsumer
from services.runtime.service_deps import ServiceDeps


async def append_activity(_: ServiceDeps, conn: Connection, events: list[EventEnvelope]) -> None:
    await append_entries(conn, events)


async def note_candidacy(_: ServiceDeps, conn: Connection, event: EventEnvelope) -> None:
    """Which party captures the candidacy: the transparency view reads it. Nothing to
    decide, so no step: the row is what the event says."""
    candidacy = CandidacyRegistered.model_validate(event.data)
    await store.upsert_candidacy(
        conn, candidacy.candidacy_id, candidacy.election_id, candidacy.capturing_party_id
    )


CANDIDACY_CONSUMER = EventConsumer(
    name="note_candidacy",
    producer=ServiceName.CAPTURE,
    event_type=CANDIDACY_REGISTERED.event_type,
    version=CANDIDACY_REGISTERED.version,
    handler=note_candidacy,
)


def activity_consumers() -> list[EventConsumer]:
    """One durable consumer per producing service: each service's events are in its own
    stream (contracts/subjects.py)."""
    return [
        EventConsumer(
            name=f"append_from_{producer}",
            producer=producer,
            event_type=ACTIVITY_RECORDED.event_type,
            version=ACTIVITY_RECORDED.version,
            batch_handler=append_activity,
            batch_size=1000,
        )
        for producer in ServiceName
    ]


CONSUMERS = [*activity_consumers(), CANDIDACY_CONSUMER]
