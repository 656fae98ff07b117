"""Delivering a party's or independent's accounts: the receipt (*acuse*) with their
activation codes, the recorded moment of delivery — which starts the 15-day capture
window (000 §3.2), so it is an event — and the admin's board of what is due and overdue
where the profile sets a deadline (002 §II.A).
"""

import base64
from datetime import datetime

from contracts.accounts import (
    CREDENTIALS_DELIVERED,
    CredentialsDelivered,
    DeliveryBoard,
    DeliveryStatus,
    RecordDelivery,
    Scope,
    ScopeKind,
)
from contracts.activity import ActivityTarget, DetailValue
from contracts.envelope import Actor, ActorKind, utc_now
from contracts.requests import Document, Principal
from contracts.roles import ROLE_LABEL, Role
from services.accounts.adapters.receipt_pdf import Receipt, ReceiptLine, render_receipt
from services.accounts.adapters.sealing import CODE_PURPOSE, sealer_for
from services.accounts.domain.designation import designate_by
from services.accounts.domain.handover import (
    AlreadyDelivered,
    NotASubstitute,
    NothingToPrint,
    check_deliverable,
    check_delivery_moment,
    delivery_state,
    due_at,
)
from services.accounts.steps.locating import known_scope
from services.accounts.steps.recording import Origin
from services.accounts.store import accounts, activation_codes, candidacies, deliveries, elections
from services.accounts.store.elections import Election
from services.runtime.connections import Connection
from services.runtime.service_deps import ServiceDeps

KIND_LABEL = {
    ScopeKind.PARTY: "Partido político",
    ScopeKind.INDEPENDENT: "Candidatura independiente",
}


def scope_target(scope: Scope) -> ActivityTarget:
    return ActivityTarget(kind=scope.kind.value, id=scope.id)


async def print_receipt(
    conn: Connection, deps: ServiceDeps, origin: Origin, election_id: str, scope: Scope
) -> Document:
    """The receipt of the scope's accounts whose codes are still unused and unexpired."""
    now = utc_now()
    known = await known_scope(conn, election_id, scope)
    codes = await activation_codes.printable_codes(conn, election_id, scope, now)
    if not codes:
        raise NothingToPrint
    sealer = sealer_for(deps.settings)
    lines = tuple(
        ReceiptLine(
            usuario=code.username,
            nombre=code.display_name,
            rol=ROLE_LABEL[code.role],
            codigo=sealer.open(code.code_sealed, purpose=CODE_PURPOSE).decode(),
            vence=code.expires_at,
        )
        for code in codes
    )
    await origin.record(
        conn,
        deps.outbox,
        "accounts.print_receipt",
        target=scope_target(scope),
        detail={"cuentas": len(lines)},
    )
    pdf = render_receipt(
        Receipt(
            institute=known.election.institute or deps.settings.institute_name,
            election_name=known.election.name,
            recipient_kind=KIND_LABEL[scope.kind],
            recipient_name=known.name,
            issued_at=now,
            time_zone=known.election.time_zone,
            activation_url=deps.settings.public_url.rstrip("/") + "/activar",
            lines=lines,
        )
    )
    return Document(
        filename=f"acuse-{scope.id}.pdf",
        media_type="application/pdf",
        content_base64=base64.b64encode(pdf).decode(),
    )


async def record_delivery(
    conn: Connection,
    deps: ServiceDeps,
    origin: Origin,
    by: Principal,
    form: RecordDelivery,
) -> DeliveryStatus:
    """The moment the scope's accounts — or, after a substitution, the substitute's — were
    handed over, recorded once, as an event."""
    scope = Scope(kind=form.scope_kind, id=form.scope_id)
    now = utc_now()
    delivered_at = form.entregado_en or now
    check_delivery_moment(delivered_at, now)
    known = await known_scope(conn, form.election_id, scope)
    name = known.name
    live = len(await accounts.live_accounts_in_scope(conn, form.election_id, scope))
    check_deliverable(live)
    if form.candidacy_id is not None:
        name = await _record_substitute(conn, form, scope, by, delivered_at, now)
    elif not await deliveries.record_delivery(
        conn,
        election_id=form.election_id,
        scope=scope,
        delivered_at=delivered_at,
        recorded_by=by.account_id,
        recorded_at=now,
    ):
        earlier = await deliveries.delivery(conn, form.election_id, scope)
        assert earlier is not None  # the insert met it
        raise AlreadyDelivered(earlier.delivered_at, known.election.time_zone)
    delivered = CredentialsDelivered(
        election_id=form.election_id,
        scope=scope,
        delivered_at=delivered_at,
        candidacy_id=form.candidacy_id,
    )
    await deps.outbox.add(
        conn,
        CREDENTIALS_DELIVERED,
        delivered,
        actor=Actor(kind=ActorKind.ACCOUNT, id=by.account_id, role=by.role),
        election_id=form.election_id,
        subject_id=form.candidacy_id or scope.id,
    )
    detail: dict[str, DetailValue] = {"entregado_en": delivered_at.isoformat(), "cuentas": live}
    if form.candidacy_id is not None:
        detail["sustituta"] = form.candidacy_id
    await origin.record(
        conn,
        deps.outbox,
        "accounts.record_delivery",
        target=scope_target(scope),
        detail=detail,
    )
    return DeliveryStatus(
        election_id=form.election_id,
        scope=scope,
        candidacy_id=form.candidacy_id,
        name=name,
        accounts=live,
        due_at=None,
        delivered_at=delivered_at,
        state=delivery_state(accounts=live, delivered_at=delivered_at, due=None, now=now),
    )


async def _record_substitute(
    conn: Connection,
    form: RecordDelivery,
    scope: Scope,
    by: Principal,
    delivered_at: datetime,
    now: datetime,
) -> str:
    """A substitute of the scope, live, whose delivery is recorded now: its name."""
    assert form.candidacy_id is not None
    substitute = await candidacies.candidacy(conn, form.candidacy_id)
    if (
        substitute is None
        or substitute.election_id != form.election_id
        or substitute.scope_id != scope.id
        or substitute.withdrawn_at is not None
        or substitute.replaces is None
    ):
        raise NotASubstitute(form.candidacy_id)
    if not await deliveries.record_substitute_delivery(
        conn,
        election_id=form.election_id,
        candidacy_id=form.candidacy_id,
        delivered_at=delivered_at,
        recorded_by=by.account_id,
        recorded_at=now,
    ):
        earlier = await deliveries.substitute_deliveries(conn, form.election_id)
        election = await elections.election(conn, form.election_id)
        assert election is not None  # known_scope found it
        raise AlreadyDelivered(earlier[form.candidacy_id], election.time_zone)
    return f"Sustitución: {substitute.owner_name}"


async def supervisor_designated(conn: Connection, election_id: str, scope: Scope) -> bool:
    """The party named a supervisor, with a name and a way to reach them (000 §4.1)."""
    return any(
        account.role is Role.SUPERVISOR
        and account.display_name.strip()
        and (account.email or account.phone)
        for account in await accounts.live_accounts_in_scope(conn, election_id, scope)
    )


async def _election_board(
    conn: Connection, election: Election, now: datetime
) -> list[DeliveryStatus]:
    eid = election.election_id
    counts = await accounts.live_account_counts(conn, eid)
    delivered = {d.scope: d.delivered_at for d in await deliveries.deliveries(conn, eid)}
    live = await candidacies.live_candidacies(conn, eid)
    scopes = [
        (Scope(kind=ScopeKind.PARTY, id=party.id), f"{party.name} ({party.acronym})")
        for party in election.parties
    ]
    scopes += [
        (Scope(kind=ScopeKind.INDEPENDENT, id=c.candidacy_id), c.owner_name)
        for c in live
        if c.capturing_party_id is None
    ]
    statuses = []
    for scope, name in scopes:
        due = due_at(
            [c.approved_at for c in live if c.scope_id == scope.id],
            election.credentials_delivery_days,
            election.time_zone,
        )
        delivered_at = delivered.get(scope)
        issued = counts.get(scope, 0)
        designated = (
            await supervisor_designated(conn, eid, scope) if scope.kind is ScopeKind.PARTY else None
        )
        statuses.append(
            DeliveryStatus(
                election_id=eid,
                scope=scope,
                name=name,
                accounts=issued,
                due_at=due,
                delivery_days=election.credentials_delivery_days,
                delivered_at=delivered_at,
                state=delivery_state(accounts=issued, delivered_at=delivered_at, due=due, now=now),
                supervisor_designated=designated,
                designate_by=designate_by(election.campaigns_start)
                if scope.kind is ScopeKind.PARTY
                else None,
                admin_account_only=election.party_admin_accounts,
            )
        )
    substitutes = await deliveries.substitute_deliveries(conn, eid)
    for candidacy in live:
        if candidacy.replaces is None:
            continue
        scope = Scope(
            kind=ScopeKind.PARTY if candidacy.capturing_party_id else ScopeKind.INDEPENDENT,
            id=candidacy.scope_id,
        )
        delivered_at = substitutes.get(candidacy.candidacy_id)
        issued = counts.get(scope, 0)
        statuses.append(
            DeliveryStatus(
                election_id=eid,
                scope=scope,
                candidacy_id=candidacy.candidacy_id,
                name=f"Sustitución: {candidacy.owner_name}",
                accounts=issued,
                due_at=None,
                delivered_at=delivered_at,
                state=delivery_state(accounts=issued, delivered_at=delivered_at, due=None, now=now),
            )
        )
    return statuses


async def board(conn: Connection) -> DeliveryBoard:
    """Every party and independent of every election: accounts issued, due, delivered."""
    now = utc_now()
    return DeliveryBoard(
        deliveries=[
            status
            for election in await elections.all_elections(conn)
            for status in await _election_board(conn, election, now)
        ]
    )
