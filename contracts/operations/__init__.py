"""Every request a service answers, declared once: the service, the operation's name, the
payload it takes and the reply it gives.

The service binds a handler to an ``Operation`` (``RequestRoute``); the gateway calls the
same ``Operation`` and gets the reply back as its model, so the two sides cannot drift
apart without mypy (or the reply's validation) noticing.
"""

from dataclasses import dataclass
from typing import Generic, TypeVar

from pydantic import BaseModel

PayloadT = TypeVar("PayloadT", bound=BaseModel)
ReplyT = TypeVar("ReplyT", bound=BaseModel)


@dataclass(frozen=True)
class Operation(Generic[PayloadT, ReplyT]):
    service: str
    """A ``ServiceName`` (test services of the runtime's own tests have other names)."""
    name: str
    payload: type[PayloadT]
    reply: type[ReplyT]

    def __str__(self) -> str:
        return f"{self.service}.{self.name}"
