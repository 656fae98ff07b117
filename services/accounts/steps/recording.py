"""Recording a step's activity entry: who asked, from where, and what it touched.

Every step records its action with ``Origin.record``, in the caller's transaction; a step
run by a consumer or the launcher has the system as its origin (``SYSTEM``).
"""

from dataclasses import dataclass, replace

from contracts.activity import ActivityTarget, DetailValue, Outcome
from contracts.requests import PayloadT, Principal, Request
from services.runtime.activity import record_activity
from services.runtime.connections import Connection
from services.runtime.outbox import Outbox


@dataclass(frozen=True)
class Origin:
    """Who asked for a step and from where, as its activity entry names them."""

    principal: Principal | None = None
    request_id: str | None = None
    client_address: str | None = None

    @classmethod
    def of(cls, request: Request[PayloadT]) -> "Origin":
        return cls(request.principal, request.request_id, request.client_address)

    def acting_as(self, principal: Principal | None) -> "Origin":
        """The same request, recorded as ``principal`` (the account signing in or
        activating, or nobody yet)."""
        return replace(self, principal=principal)

    async def record(
        self,
        conn: Connection,
        outbox: Outbox,
        action: str,
        *,
        outcome: Outcome = Outcome.OK,
        target: ActivityTarget | None = None,
        detail: dict[str, DetailValue] | None = None,
    ) -> None:
        await record_activity(
            conn,
            outbox,
            action=action,
            outcome=outcome,
            principal=self.principal,
            target=target,
            request_id=self.request_id,
            client_address=self.client_address,
            detail=detail,
        )


SYSTEM = Origin()


def account_target(account_id: str) -> ActivityTarget:
    return ActivityTarget(kind="account", id=account_id)
