"""The event envelope: what every domain event carries around its data."""

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator
from uuid6 import uuid7


class ActorKind(StrEnum):
    ACCOUNT = "account"
    SYSTEM = "system"


class Actor(BaseModel):
    """Who caused the event: a signed-in account, or the system itself (timers, imports)."""

    model_config = ConfigDict(frozen=True)

    kind: ActorKind
    id: str = Field(description="Account id, or the name of the system component.")
    role: str | None = None

    @classmethod
    def system(cls, component: str) -> "Actor":
        return cls(kind=ActorKind.SYSTEM, id=component)


class EventEnvelope(BaseModel):
    """One domain event as it travels on the bus and rests in an outbox row."""

    model_config = ConfigDict(frozen=True)

    id: UUID = Field(description="UUIDv7: unique, and sortable by creation time.")
    type: str = Field(description="What happened, e.g. `candidacy.submitted`.")
    version: int = Field(ge=1, description="Version of this type's data schema.")
    occurred_at: AwareDatetime
    producer: str = Field(description="Service whose state change this records.")
    election_id: str | None = Field(
        default=None, description="Election process the event belongs to, if any."
    )
    subject_id: str | None = Field(
        default=None, description="Id of the entity the event is about (e.g. a candidacy)."
    )
    actor: Actor
    data: dict[str, Any]

    @field_validator("id")
    @classmethod
    def _id_is_uuid7(cls, value: UUID) -> UUID:
        if value.version != 7:
            raise ValueError("event id must be a UUIDv7")
        return value


def new_event_id() -> UUID:
    return uuid7()


def utc_now() -> datetime:
    return datetime.now(UTC)
