"""Other services' events capture acts on, each read as its model and handed to a step:
the delivery of accounts opens capture windows (steps/opening_windows.py); moderation's
consent decisions are honoured, each for the person it names — a verified consent lets
identity answers into a validated candidacy's public projection (000 §3.9), a rejected
one keeps them out (steps/consenting.py); an approved change request is applied, or its
fields opened to the party (steps/amending.py). Each is idempotent: a repeated event
changes nothing more."""

from contracts.accounts import CREDENTIALS_DELIVERED, CredentialsDelivered
from contracts.envelope import EventEnvelope
from contracts.events.moderation import (
    CHANGE_REQUEST_DECIDED,
    CONSENT_REJECTED,
    CONSENT_VERIFIED,
    ChangeRequestDecided,
    ConsentDecision,
)
from contracts.services import ServiceName
from services.capture.steps import amending, consenting, opening_windows
from services.runtime.connections import Connection
from services.runtime.inbox import EventConsumer
from services.runtime.service_deps import ServiceDeps


async def credentials_delivered(deps: ServiceDeps, conn: Connection, event: EventEnvelope) -> None:
    delivered = CredentialsDelivered.model_validate(event.data)
    await opening_windows.open_on_delivery(conn, delivered)


async def consent_verified(deps: ServiceDeps, conn: Connection, event: EventEnvelope) -> None:
    decision = ConsentDecision.model_validate(event.data)
    await consenting.note_verified(
        conn, deps, decision.candidacy_id, decision.document_sha256, decision.persona
    )


async def consent_rejected(deps: ServiceDeps, conn: Connection, event: EventEnvelope) -> None:
    decision = ConsentDecision.model_validate(event.data)
    await consenting.note_rejected(
        conn, deps, decision.candidacy_id, decision.document_sha256, decision.persona
    )


async def change_request_decided(deps: ServiceDeps, conn: Connection, event: EventEnvelope) -> None:
    decided = ChangeRequestDecided.model_validate(event.data)
    await amending.take_decision(conn, deps, decided, event.actor)


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
        (
            "open_capture_windows",
            ServiceName.ACCOUNTS,
            CREDENTIALS_DELIVERED,
            credentials_delivered,
        ),
        ("consent_verified", ServiceName.MODERATION, CONSENT_VERIFIED, consent_verified),
        ("consent_rejected", ServiceName.MODERATION, CONSENT_REJECTED, consent_rejected),
        (
            "change_request_decided",
            ServiceName.MODERATION,
            CHANGE_REQUEST_DECIDED,
            change_request_decided,
        ),
    )
]
