"""Other services' events capture acts on: the delivery of accounts opens capture
windows (windows.py); moderation's consent decisions are honoured — a verified consent
lets identity answers into a validated candidacy's public projection (000 §3.9), a
rejected one keeps them out."""

import asyncpg

from contracts.envelope import EventEnvelope, utc_now
from contracts.events.capture import CONSENT_REJECTED, CONSENT_VERIFIED, ConsentDecision
from contracts.services import ServiceName
from services.capture import store
from services.capture.lifecycle import announce_projection
from services.capture.windows import DELIVERY_CONSUMER
from services.runtime.inbox import EventConsumer
from services.runtime.service_deps import ServiceDeps


async def consent_verified(
    deps: ServiceDeps, conn: asyncpg.Connection, event: EventEnvelope
) -> None:
    decision = ConsentDecision.model_validate(event.data)
    if await store.candidacy(conn, decision.candidacy_id) is None:
        return
    await store.set_consent_decision(conn, decision.candidacy_id, "verified_at", utc_now())
    await announce_projection(
        conn, deps.settings, deps.outbox, decision.candidacy_id, "consent_verified"
    )


async def consent_rejected(
    deps: ServiceDeps, conn: asyncpg.Connection, event: EventEnvelope
) -> None:
    decision = ConsentDecision.model_validate(event.data)
    if await store.candidacy(conn, decision.candidacy_id) is None:
        return
    await store.set_consent_decision(conn, decision.candidacy_id, "rejected_at", utc_now())


# Each name is its durable consumer's: renaming one starts a new consumer that replays
# the whole stream (tests/unit/test_consumer_names.py).
CONSUMERS: list[EventConsumer] = [DELIVERY_CONSUMER] + [
    EventConsumer(
        name=name,
        producer=ServiceName.MODERATION,
        event_type=spec.event_type,
        version=spec.version,
        handler=handler,
    )
    for name, spec, handler in (
        ("consent_verified", CONSENT_VERIFIED, consent_verified),
        ("consent_rejected", CONSENT_REJECTED, consent_rejected),
    )
]
