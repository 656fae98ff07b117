"""Configuring an election: the admin's request, and the demo's, share this one path.

The configuration is saved with its profile (as loaded now) and announced as
``election.configured`` in the same transaction, with the account rules other services
read from the profile.
"""

from typing import Any

import asyncpg

from contracts.activity import ActivityTarget, Outcome
from contracts.capture import ElectionConfig
from contracts.envelope import Actor, ActorKind, utc_now
from contracts.events.capture import (
    ELECTION_CONFIGURED,
    AccountRules,
    ElectionConfigured,
    PartyInfo,
)
from contracts.profile import InstituteProfile
from contracts.requests import Principal
from services.capture import store
from services.runtime.activity import record_activity
from services.runtime.outbox import Outbox


async def configure(
    conn: asyncpg.Connection,
    outbox: Outbox,
    config: ElectionConfig,
    profile: InstituteProfile,
    *,
    principal: Principal | None,
    request_id: str | None = None,
    client_address: str | None = None,
) -> ElectionConfig:
    settled = config.model_copy(update={"time_zone": config.time_zone or profile.time_zone})
    existed = await store.election(conn, config.election_id) is not None
    await store.save_election(
        conn,
        config.election_id,
        settled.model_dump(mode="json"),
        profile.model_dump(mode="json"),
        utc_now(),
        principal.account_id if principal else None,
    )
    announced = ElectionConfigured(
        election_id=settled.election_id,
        name=settled.name,
        time_zone=str(settled.time_zone),
        profile=profile.name,
        parties=[PartyInfo(id=p.id, name=p.name, acronym=p.acronym) for p in settled.parties],
        accounts=AccountRules(**profile.accounts.model_dump()),
    )
    actor = (
        Actor(kind=ActorKind.ACCOUNT, id=principal.account_id, role=principal.role)
        if principal
        else Actor.system("capture")
    )
    await outbox.add(
        conn, ELECTION_CONFIGURED, announced, actor=actor, election_id=settled.election_id
    )
    detail: dict[str, Any] = {"perfil": profile.name, "nueva": not existed}
    await record_activity(
        conn,
        outbox,
        action="election.configure",
        outcome=Outcome.OK,
        principal=principal,
        target=ActivityTarget(kind="election", id=settled.election_id),
        request_id=request_id,
        client_address=client_address,
        detail=detail,
    )
    return settled
