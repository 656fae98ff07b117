"""The activity entry: one action by one account (or the system), for the activity log.

Every service records its actions — refusals and failed sign-ins included — with
``services.runtime.activity.record_activity``, in the same transaction as the action;
the audit service appends each entry to the log that no one can rewrite unnoticed
(000 §3.7, 001 §15, 003 §14, 004 §14: at least date, time, user, module and action).

An entry never holds sensitive data: ``detail`` says *which* fields changed, never their
values, and accepts only short scalars and lists of names.
"""

from enum import StrEnum
from typing import Annotated

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator

from contracts.catalog import EventSpec, register

DetailValue = str | int | bool | None | list[str]
MAX_DETAIL_KEYS = 20
MAX_DETAIL_TEXT = 200


class Outcome(StrEnum):
    OK = "ok"
    DENIED = "denied"
    INVALID = "invalid"
    ERROR = "error"


class ActivityActor(BaseModel):
    model_config = ConfigDict(frozen=True)

    account_id: str | None = Field(description="Account, or None for the system itself.")
    role: str | None = None
    election_id: str | None = None


class ActivityTarget(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: Annotated[str, Field(min_length=1, max_length=60)]
    id: Annotated[str, Field(min_length=1, max_length=120)]


class ActivityRecorded(BaseModel):
    """What a service reports; the audit log adds the entry id and when it was recorded."""

    model_config = ConfigDict(frozen=True)

    occurred_at: AwareDatetime
    actor: ActivityActor
    service: Annotated[str, Field(min_length=1, max_length=40)]
    action: Annotated[str, Field(min_length=1, max_length=80, pattern=r"^[a-z][a-z0-9_.]*$")]
    target: ActivityTarget | None = None
    outcome: Outcome
    request_id: str | None = None
    trace_id: str | None = None
    client_address: str | None = None
    detail: dict[str, DetailValue] = Field(default_factory=dict)

    @field_validator("detail")
    @classmethod
    def _detail_is_small(cls, detail: dict[str, DetailValue]) -> dict[str, DetailValue]:
        if len(detail) > MAX_DETAIL_KEYS:
            raise ValueError(f"detail holds at most {MAX_DETAIL_KEYS} keys")
        for key, value in detail.items():
            texts = value if isinstance(value, list) else [value]
            for text in texts:
                if isinstance(text, str) and len(text) > MAX_DETAIL_TEXT:
                    raise ValueError(f"detail {key!r} is longer than {MAX_DETAIL_TEXT} characters")
        return detail


ACTIVITY_RECORDED = register(
    EventSpec(
        event_type="activity.recorded",
        version=1,
        producer="any",
        data_model=ActivityRecorded,
        summary="Una acción de una cuenta o del sistema, para la bitácora de actividad.",
    )
)
