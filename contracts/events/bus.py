"""Events about the bus itself, written by the runtime on behalf of any service."""

from enum import StrEnum

from pydantic import BaseModel, Field

from contracts.catalog import EventSpec, register


class DeadLetterReason(StrEnum):
    MAX_DELIVERIES = "max_deliveries"
    """Its handler failed on every allowed delivery."""
    MALFORMED = "malformed"
    """It is no event envelope at all: no delivery could ever handle it."""


class MessageDeadLettered(BaseModel):
    """A consumer gave up on a message: after its last allowed delivery, or at once when
    the message could not be read as an event.

    The incidents service opens an incident from it (DESIGN §7: failures the system sees
    itself open incidents, with their trace id).
    """

    stream: str
    consumer: str
    stream_sequence: int = Field(ge=1)
    deliveries: int = Field(ge=1)
    event_id: str | None = Field(default=None, description="Id of the event given up on.")
    event_type: str | None = None
    trace_id: str | None = None
    subject: str | None = None
    reason: DeadLetterReason = DeadLetterReason.MAX_DELIVERIES
    detail: str | None = Field(
        default=None,
        description="What could not be read (field and error kind, never the message's content).",
    )


MESSAGE_DEAD_LETTERED = register(
    EventSpec(
        event_type="bus.message_dead_lettered",
        version=1,
        producer="any",
        data_model=MessageDeadLettered,
        summary="Un consumidor agotó sus entregas de un evento; se abre un incidente.",
    )
)
