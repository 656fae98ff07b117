"""The events incidents hears: capture's elections (where the institute is, when an
incident is due: steps/mirroring.py), and every other service's
``bus.message_dead_lettered`` (steps/noticing.py: one incident per poison message). Each
is idempotent by the inbox.

Incidents does not hear its own dead letters: a consumer of its own that failed on every
dead letter would write one more for each, without end; its failures are in its logs and
in ``/salud``."""

from contracts.envelope import EventEnvelope
from contracts.events.bus import MESSAGE_DEAD_LETTERED, MessageDeadLettered
from contracts.events.capture import ELECTION_CONFIGURED, ElectionConfigured
from contracts.services import BACKEND_SERVICES, ServiceName
from services.incidents.steps import mirroring, noticing
from services.runtime.connections import Connection
from services.runtime.inbox import EventConsumer
from services.runtime.service_deps import ServiceDeps


async def election_configured(deps: ServiceDeps, conn: Connection, event: EventEnvelope) -> None:
    await mirroring.mirror_election(conn, ElectionConfigured.model_validate(event.data))


async def message_dead_lettered(deps: ServiceDeps, conn: Connection, event: EventEnvelope) -> None:
    await noticing.note_dead_letter(conn, deps, MessageDeadLettered.model_validate(event.data))


CONSUMERS: list[EventConsumer] = [
    EventConsumer(
        name="election_configured",
        producer=ServiceName.CAPTURE,
        event_type=ELECTION_CONFIGURED.event_type,
        version=ELECTION_CONFIGURED.version,
        handler=election_configured,
    ),
    *(
        EventConsumer(
            name=f"dead_letters_of_{producer.value}",
            producer=producer,
            event_type=MESSAGE_DEAD_LETTERED.event_type,
            version=MESSAGE_DEAD_LETTERED.version,
            handler=message_dead_lettered,
        )
        for producer in BACKEND_SERVICES
        if producer is not ServiceName.INCIDENTS
    ),
]
