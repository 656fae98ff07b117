"""Recording what a step did: who asked and from where (``SignedIn``), the actor its
events carry, and its activity entry (written in the step's own transaction)."""

from dataclasses import dataclass

from contracts.activity import ActivityTarget, DetailValue, Outcome
from contracts.envelope import Actor, ActorKind
from contracts.requests import Principal
from services.runtime.activity import record_activity
from services.runtime.connections import Connection
from services.runtime.outbox import Outbox


@dataclass(frozen=True)
class SignedIn:
    """A person who signed in, and where the request came from."""

    principal: Principal
    request_id: str | None = None
    client_address: str | None = None

    @property
    def actor(self) -> Actor:
        return Actor(kind=ActorKind.ACCOUNT, id=self.principal.account_id, role=self.principal.role)


def on_candidacy(candidacy_id: str) -> ActivityTarget:
    return ActivityTarget(kind="candidacy", id=candidacy_id)


async def record(
    conn: Connection,
    outbox: Outbox,
    caller: SignedIn,
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
