"""Who a service's step acts for, and its activity entry.

A ``Caller`` is who asked and from where (no principal: the service itself, as the demo
and the timers act); a ``SignedIn`` caller is a person. ``record`` writes the step's
activity entry in the step's own transaction (a refusal is recorded by the runtime).
"""

from dataclasses import dataclass

from contracts.activity import ActivityTarget, DetailValue, Outcome
from contracts.envelope import Actor, ActorKind
from contracts.requests import Principal
from services.runtime.activity import record_activity
from services.runtime.connections import Connection
from services.runtime.outbox import Outbox


@dataclass(frozen=True)
class Caller:
    """Who a step acts for (no principal: the system, named ``system``) and where the
    request came from."""

    principal: Principal | None = None
    request_id: str | None = None
    client_address: str | None = None
    system: str = "system"

    @property
    def actor(self) -> Actor:
        """The actor of the events the step writes."""
        if self.principal is None:
            return Actor.system(self.system)
        return Actor(kind=ActorKind.ACCOUNT, id=self.principal.account_id, role=self.principal.role)


@dataclass(frozen=True)
class SignedIn(Caller):
    """A caller who signed in: a person, never the system."""

    principal: Principal


def on_candidacy(candidacy_id: str) -> ActivityTarget:
    return ActivityTarget(kind="candidacy", id=candidacy_id)


def on_election(election_id: str) -> ActivityTarget:
    return ActivityTarget(kind="election", id=election_id)


async def record(
    conn: Connection,
    outbox: Outbox,
    caller: Caller,
    action: str,
    target: ActivityTarget,
    detail: dict[str, DetailValue] | None = None,
) -> None:
    """The step's activity entry: it happened (a refusal is recorded by the runtime)."""
    await record_activity(
        conn,
        outbox,
        action=action,
        outcome=Outcome.OK,
        principal=caller.principal,
        target=target,
        request_id=caller.request_id,
        client_address=caller.client_address,
        detail=detail,
    )
