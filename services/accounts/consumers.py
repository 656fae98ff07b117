"""Capture's events, as accounts needs them: the election's account rules and parties,
and each candidacy's own account — created at registration, revoked (with every session)
when the candidacy is substituted or cancelled (000 §3.14)."""

import asyncpg

from contracts.accounts import Scope, ScopeKind
from contracts.activity import Outcome
from contracts.envelope import EventEnvelope, utc_now
from contracts.events.capture import (
    CANDIDACY_REGISTERED,
    CANDIDACY_WITHDRAWN,
    CORRECTION_REQUESTED,
    ELECTION_CONFIGURED,
    CandidacyRegistered,
    CandidacyWithdrawn,
    CorrectionRequested,
    ElectionConfigured,
)
from contracts.roles import Role
from contracts.services import ServiceName
from services.accounts import store
from services.accounts.issuance import NewAccount, create_account, kill_sessions
from services.accounts.notices import notify
from services.accounts.views import account_target
from services.runtime.activity import record_activity
from services.runtime.inbox import EventConsumer
from services.runtime.service_deps import ServiceDeps


async def election_configured(
    deps: ServiceDeps, conn: asyncpg.Connection, event: EventEnvelope
) -> None:
    election = ElectionConfigured.model_validate(event.data)
    await store.upsert_election(
        conn,
        {
            "election_id": election.election_id,
            "name": election.name,
            "time_zone": election.time_zone,
            "party_admin_accounts": election.accounts.party_admin_accounts,
            "credentials_delivery_days": election.accounts.credentials_delivery_days,
            "parties": [p.model_dump() for p in election.parties],
        },
        utc_now(),
    )


async def candidacy_registered(
    deps: ServiceDeps, conn: asyncpg.Connection, event: EventEnvelope
) -> None:
    candidacy = CandidacyRegistered.model_validate(event.data)
    await store.upsert_candidacy(conn, candidacy.model_dump())
    if await store.live_account_of_candidacy(conn, candidacy.candidacy_id) is not None:
        return
    independent = candidacy.capturing_party_id is None
    scope = Scope(
        kind=ScopeKind.INDEPENDENT if independent else ScopeKind.PARTY,
        id=candidacy.candidacy_id if independent else str(candidacy.capturing_party_id),
    )
    party_prefix = "independiente" if independent else scope.id
    issued = await create_account(
        conn,
        deps.settings,
        NewAccount(
            username_base=f"{party_prefix}-{candidacy.owner_name}",
            display_name=candidacy.owner_name,
            role=Role.INDEPENDENT if independent else Role.CANDIDATE,
            election_id=candidacy.election_id,
            scope=scope,
            candidacy_id=candidacy.candidacy_id,
        ),
        created_by=None,
        now=utc_now(),
    )
    await record_activity(
        conn,
        deps.outbox,
        action="account.issue",
        outcome=Outcome.OK,
        target=account_target(issued.account_id),
        detail={"rol": issued.role.value, "candidatura": candidacy.candidacy_id},
    )


async def candidacy_withdrawn(
    deps: ServiceDeps, conn: asyncpg.Connection, event: EventEnvelope
) -> None:
    withdrawn = CandidacyWithdrawn.model_validate(event.data)
    now = utc_now()
    await store.withdraw_candidacy(conn, withdrawn.candidacy_id, now)
    own = await store.live_account_of_candidacy(conn, withdrawn.candidacy_id)
    team = await store.live_accounts_in_scope(
        conn, withdrawn.election_id, ScopeKind.INDEPENDENT.value, withdrawn.candidacy_id
    )
    for row in {r["account_id"]: r for r in [*([own] if own else []), *team]}.values():
        version = await store.revoke_account(conn, row["account_id"], now)
        await store.void_codes(conn, row["account_id"], now)
        await kill_sessions(
            conn,
            deps.outbox,
            row["account_id"],
            reason=f"candidacy {withdrawn.reason}",
            credential_version=version,
            now=now,
            by=None,
        )
        await record_activity(
            conn,
            deps.outbox,
            action="account.revoke",
            outcome=Outcome.OK,
            target=account_target(row["account_id"]),
            detail={"motivo": f"candidatura {withdrawn.reason.value}", "rol": row["role"]},
        )


async def correction_requested(
    deps: ServiceDeps, conn: asyncpg.Connection, event: EventEnvelope
) -> None:
    """The institute's administration hears of it at once (000 §4.3)."""
    request = CorrectionRequested.model_validate(event.data)
    for row in await store.list_accounts(conn, {"role": "admin", "status": "active"}):
        await notify(
            conn,
            row["account_id"],
            f"Corrección solicitada: candidatura {request.candidacy_id}",
            f"La supervisión pide corregir: {', '.join(request.fields)}.\n\n{request.note}",
            key=f"correccion-{event.id}",
        )


# Each name is its durable consumer's: renaming one starts a new consumer that replays
# the whole stream (tests/unit/test_consumer_names.py). They spell what the handlers
# were called when the consumers were first deployed.
CONSUMERS: list[EventConsumer] = [
    EventConsumer(
        name=name,
        producer=ServiceName.CAPTURE,
        event_type=spec.event_type,
        version=spec.version,
        handler=handler,
    )
    for name, spec, handler in (
        ("election_configured", ELECTION_CONFIGURED, election_configured),
        ("candidacy_registered", CANDIDACY_REGISTERED, candidacy_registered),
        ("candidacy_withdrawn", CANDIDACY_WITHDRAWN, candidacy_withdrawn),
        ("correction_requested", CORRECTION_REQUESTED, correction_requested),
    )
]
