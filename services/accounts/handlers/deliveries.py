"""The receipt (*acuse*) of a party's or independent's accounts, the recorded moment of
delivery — which starts the 15-day capture window (000 §3.2), so it is an event — and the
admin's board of what is due and overdue where the profile sets a deadline (002 §II.A).
"""

import base64

from contracts.accounts import (
    CREDENTIALS_DELIVERED,
    CredentialsDelivered,
    DeliveryBoard,
    DeliveryStatus,
    RecordDelivery,
    Scope,
    ScopeKind,
    ScopeRef,
)
from contracts.activity import ActivityTarget, Outcome
from contracts.envelope import Actor, ActorKind, utc_now
from contracts.errors import ErrorCode
from contracts.requests import Document, Empty, Request
from contracts.roles import ROLE_LABEL, Role
from services.accounts import store
from services.accounts.domain import permissions
from services.accounts.domain.deliveries import delivery_state, due_at
from services.accounts.handlers.refusals import permission_refusals, refuse
from services.accounts.handlers.scopes import known_scope
from services.accounts.issuance import CODE_PURPOSE
from services.accounts.receipt import Receipt, ReceiptLine, render_receipt
from services.accounts.sealing import sealer_for
from services.runtime.activity import record_activity
from services.runtime.service_deps import ServiceDeps

KIND_LABEL = {
    ScopeKind.PARTY: "Partido político",
    ScopeKind.INDEPENDENT: "Candidatura independiente",
}


def scope_target(scope: Scope) -> ActivityTarget:
    return ActivityTarget(kind=scope.kind.value, id=scope.id)


async def receipt(deps: ServiceDeps, request: Request[ScopeRef]) -> Document:
    with permission_refusals():
        permissions.require_role(request.principal, Role.ADMIN)
    ref = request.payload
    scope = Scope(kind=ref.scope_kind, id=ref.scope_id)
    now = utc_now()
    async with deps.pool.acquire() as conn, conn.transaction():
        known = await known_scope(conn, ref.election_id, scope)
        election, name = known.election, known.name
        rows = await store.printable_codes(conn, ref.election_id, scope.kind.value, scope.id, now)
        if not rows:
            raise refuse(
                ErrorCode.CONFLICT,
                "No hay códigos de activación pendientes de entregar para este ámbito.",
            )
        sealer = sealer_for(deps.settings)
        lines = tuple(
            ReceiptLine(
                usuario=row["username"],
                nombre=row["display_name"],
                rol=ROLE_LABEL[Role(row["role"])],
                codigo=sealer.open(row["code_sealed"], purpose=CODE_PURPOSE).decode(),
                vence=row["expires_at"],
            )
            for row in rows
        )
        await record_activity(
            conn,
            deps.outbox,
            action="accounts.print_receipt",
            outcome=Outcome.OK,
            principal=request.principal,
            target=scope_target(scope),
            request_id=request.request_id,
            client_address=request.client_address,
            detail={"cuentas": len(lines)},
        )
    pdf = render_receipt(
        Receipt(
            institute=deps.settings.institute_name,
            election_name=election["name"],
            recipient_kind=KIND_LABEL[scope.kind],
            recipient_name=name,
            issued_at=now,
            time_zone=election["time_zone"],
            activation_url=deps.settings.public_url.rstrip("/") + "/activar",
            lines=lines,
        )
    )
    return Document(
        filename=f"acuse-{scope.id}.pdf",
        media_type="application/pdf",
        content_base64=base64.b64encode(pdf).decode(),
    )


async def record_delivery(deps: ServiceDeps, request: Request[RecordDelivery]) -> DeliveryStatus:
    with permission_refusals():
        principal = permissions.require_role(request.principal, Role.ADMIN)
    form = request.payload
    scope = Scope(kind=form.scope_kind, id=form.scope_id)
    now = utc_now()
    delivered_at = form.entregado_en or now
    if delivered_at > now:
        raise refuse(ErrorCode.INVALID_REQUEST, "La fecha de entrega no puede estar en el futuro.")
    async with deps.pool.acquire() as conn, conn.transaction():
        name = (await known_scope(conn, form.election_id, scope)).name
        live = await store.live_accounts_in_scope(
            conn, form.election_id, scope.kind.value, scope.id
        )
        if not live:
            raise refuse(ErrorCode.CONFLICT, "Aún no se emiten cuentas para este ámbito.")
        recorded = await store.record_delivery(
            conn,
            {
                "election_id": form.election_id,
                "scope_kind": scope.kind.value,
                "scope_id": scope.id,
                "delivered_at": delivered_at,
                "recorded_by": principal.account_id,
                "recorded_at": now,
            },
        )
        if not recorded:
            earlier = await store.delivery(conn, form.election_id, scope.kind.value, scope.id)
            assert earlier is not None
            raise refuse(
                ErrorCode.CONFLICT,
                "La entrega de estas cuentas ya se registró "
                f"({earlier['delivered_at']:%Y-%m-%d %H:%M} UTC); no se registra dos veces.",
            )
        await deps.outbox.add(
            conn,
            CREDENTIALS_DELIVERED,
            CredentialsDelivered(
                election_id=form.election_id, scope=scope, delivered_at=delivered_at
            ),
            actor=Actor(kind=ActorKind.ACCOUNT, id=principal.account_id, role=principal.role),
            election_id=form.election_id,
            subject_id=scope.id,
        )
        await record_activity(
            conn,
            deps.outbox,
            action="accounts.record_delivery",
            outcome=Outcome.OK,
            principal=principal,
            target=scope_target(scope),
            request_id=request.request_id,
            client_address=request.client_address,
            detail={"entregado_en": delivered_at.isoformat(), "cuentas": len(live)},
        )
    return DeliveryStatus(
        election_id=form.election_id,
        scope=scope,
        name=name,
        accounts=len(live),
        due_at=None,
        delivered_at=delivered_at,
        state=delivery_state(accounts=len(live), delivered_at=delivered_at, due=None, now=now),
    )


async def board(deps: ServiceDeps, request: Request[Empty]) -> DeliveryBoard:
    """Every party and independent of every election: accounts issued, due, delivered."""
    with permission_refusals():
        permissions.require_role(request.principal, Role.ADMIN)
    now = utc_now()
    statuses: list[DeliveryStatus] = []
    async with deps.pool.acquire() as conn:
        for election in await store.all_elections(conn):
            eid = election["election_id"]
            counts = await store.live_account_counts(conn, eid)
            delivered = {
                (d["scope_kind"], d["scope_id"]): d for d in await store.deliveries(conn, eid)
            }
            candidacies = await store.live_candidacies(conn, eid)
            scopes = [
                (Scope(kind=ScopeKind.PARTY, id=p["id"]), f"{p['name']} ({p['acronym']})")
                for p in store.parties_of(election)
            ]
            scopes += [
                (Scope(kind=ScopeKind.INDEPENDENT, id=c["candidacy_id"]), c["owner_name"])
                for c in candidacies
                if c["capturing_party_id"] is None
            ]
            for scope, name in scopes:
                approvals = [
                    c["approved_at"]
                    for c in candidacies
                    if (c["capturing_party_id"] or c["candidacy_id"]) == scope.id
                ]
                key = (scope.kind.value, scope.id)
                due = due_at(approvals, election["credentials_delivery_days"])
                delivered_at = delivered[key]["delivered_at"] if key in delivered else None
                accounts = counts.get(key, 0)
                statuses.append(
                    DeliveryStatus(
                        election_id=eid,
                        scope=scope,
                        name=name,
                        accounts=accounts,
                        due_at=due,
                        delivered_at=delivered_at,
                        state=delivery_state(
                            accounts=accounts, delivered_at=delivered_at, due=due, now=now
                        ),
                    )
                )
    return DeliveryBoard(deliveries=statuses)
