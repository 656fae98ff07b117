"""Accounts in tests: capture's events on the real bus, the first admin signed in, and
the same for any account issued by a test."""

import time
from datetime import date
from typing import Any

import nats
import pyotp
from aiohttp.test_utils import TestClient
from faststream.nats import NatsBroker
from pydantic import BaseModel

from contracts import subjects
from contracts.audit import EntrySearch
from contracts.catalog import EventSpec
from contracts.envelope import Actor, EventEnvelope, new_event_id, utc_now
from contracts.events.capture import (
    CANDIDACY_REGISTERED,
    ELECTION_CONFIGURED,
    AccountRules,
    CandidacyRegistered,
    ElectionConfigured,
    PartyInfo,
)
from contracts.requests import Principal
from contracts.roles import Role
from contracts.services import ServiceName
from services.accounts.bootstrap import ensure_first_admin
from services.runtime.requests import RequestClient
from services.runtime.settings import Settings
from tests.support.waiting import eventually

STRONG_PASSWORD = "caballo correcto batería grapa 7"
ELECTION = "pel-2027"
PARTIES = [
    PartyInfo(id="pan", name="Partido Acción Nacional", acronym="PAN"),
    PartyInfo(id="morena", name="Morena", acronym="MORENA"),
]


async def publish_as_capture(settings: Settings, spec: EventSpec, data: BaseModel) -> None:
    """Publish one of capture's events on the real bus, as capture's relay would."""
    await publish_as(settings, "capture", spec, data.model_dump(mode="json"))


async def publish_as(
    settings: Settings, producer: str, spec: EventSpec, data: dict[str, Any]
) -> None:
    """Publish a service's event on the real bus, as that service's relay would."""
    envelope = EventEnvelope(
        id=new_event_id(),
        type=spec.event_type,
        version=spec.version,
        occurred_at=utc_now(),
        producer=producer,
        actor=Actor.system(producer),
        data=data,
    )
    nc = await nats.connect(settings.require_nats_urls())
    try:
        js = nc.jetstream()
        subject = subjects.event_subject(
            settings.bus_prefix, producer, spec.event_type, spec.version
        )
        await js.publish(
            subject, envelope.model_dump_json().encode(), headers={"Nats-Msg-Id": str(envelope.id)}
        )
    finally:
        await nc.close()


async def configure_election(
    settings: Settings,
    client: TestClient[Any, Any],
    token: str,
    *,
    party_admin: bool = False,
    delivery_days: int | None = None,
    candidacy_accounts: bool = True,
    campaigns_start: date | None = None,
) -> None:
    """The demo election as capture announces it, by default with an account for every
    candidacy (as Estado de México's), once accounts shows it on its board."""
    await publish_as_capture(
        settings,
        ELECTION_CONFIGURED,
        ElectionConfigured(
            election_id=ELECTION,
            name="Proceso Electoral Local 2026-2027",
            time_zone="America/Monterrey",
            parties=PARTIES,
            accounts=AccountRules(
                candidacy_accounts=candidacy_accounts,
                party_admin_accounts=party_admin,
                credentials_delivery_days=delivery_days,
            ),
            campaigns_start=campaigns_start,
        ),
    )

    async def board() -> Any:
        response = await client.get("/api/v1/entregas", headers=bearer(token))
        return await response.json()

    await eventually(board, lambda b: len(b.get("deliveries", [])) >= 2, what="election known")


async def register_candidacy(
    settings: Settings, candidacy_id: str, party: str | None, name: str
) -> None:
    await publish_as_capture(
        settings,
        CANDIDACY_REGISTERED,
        CandidacyRegistered(
            election_id=ELECTION,
            candidacy_id=candidacy_id,
            capturing_party_id=party,
            owner_name=name,
            office="Presidencia municipal",
            approved_at=utc_now(),
        ),
    )


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def totp_now(secret: str) -> str:
    return pyotp.TOTP(secret).now()


def next_totp(secret: str) -> str:
    """The code of the next time step (a code is accepted once)."""
    totp = pyotp.TOTP(secret)
    return totp.at(time.time() + totp.interval)


async def activate(client: TestClient[Any, Any], code: str) -> dict[str, Any]:
    response = await client.post(
        "/api/v1/activacion",
        json={"codigo": code, "contrasena": STRONG_PASSWORD, "confirmacion": STRONG_PASSWORD},
    )
    assert response.status == 200, await response.text()
    return dict(await response.json())


async def sign_in(
    client: TestClient[Any, Any],
    user: str,
    totp: str | None = None,
    password: str = STRONG_PASSWORD,
) -> Any:
    return await client.post(
        "/api/v1/sesion", json={"usuario": user, "contrasena": password, "codigo_totp": totp}
    )


async def signed_in_admin(settings: Settings, client: TestClient[Any, Any]) -> tuple[str, str]:
    """The first admin, activated with TOTP and signed in: (access token, TOTP secret)."""
    issued = await ensure_first_admin(settings)
    assert issued is not None
    activated = await activate(client, issued.codigo)
    secret = activated["totp"]["secret"]
    confirm = await client.post(
        "/api/v1/activacion/segundo-factor",
        json={"ticket": activated["totp"]["ticket"], "codigo_totp": totp_now(secret)},
    )
    assert confirm.status == 204, await confirm.text()
    response = await sign_in(client, issued.usuario, next_totp(secret))
    assert response.status == 200, await response.text()
    return (await response.json())["access_token"], secret


def pdf_text(body: bytes) -> str:
    import io

    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)


async def issue_party(
    client: Any, admin: str, party: str, election: str = ELECTION, *, supervisor: bool = True
) -> dict[str, dict[str, Any]]:
    """The party's accounts as the institute issues them, by role; ``supervisor=False``
    where it issues only the party's admin account, which creates the rest (004 §10-13)."""
    response = await client.post(
        "/api/v1/cuentas/ambito",
        headers=bearer(admin),
        json={
            "election_id": election,
            "scope": {"kind": "party", "id": party},
            "supervisores": [{"nombre": f"Supervisión {party}"}] if supervisor else [],
        },
    )
    assert response.status == 200, await response.text()
    return {a["role"]: a for a in (await response.json())["accounts"]}


async def sub_accounts(client: Any, party_admin: str, *roles: str) -> dict[str, dict[str, Any]]:
    """The accounts a party's admin (signed in as ``party_admin``) creates, by role."""
    made = {}
    for role in roles:
        response = await client.post(
            "/api/v1/subcuentas",
            headers=bearer(party_admin),
            json={"rol": role, "nombre": f"Cuenta de {role}"},
        )
        assert response.status == 200, await response.text()
        made[role] = dict((await response.json())["accounts"][0])
    return made


async def session_of(client: Any, issued: dict[str, Any]) -> str:
    await activate(client, issued["codigo"])
    response = await sign_in(client, issued["usuario"])
    assert response.status == 200, await response.text()
    return str((await response.json())["access_token"])


async def audit_search(settings: Settings, search: EntrySearch) -> dict[str, Any]:
    broker = NatsBroker(settings.require_nats_urls())
    await broker.connect()
    try:
        client = RequestClient(broker, settings.bus_prefix, 5.0)
        return await client.call(
            ServiceName.AUDIT,
            "entries.search",
            search,
            request_id="prueba",
            principal=Principal(account_id="auditor", role=Role.ADMIN),
        )
    finally:
        await broker.stop()


async def staff_session(client: Any, admin: str, role: str, election_id: str | None = None) -> str:
    """A signed-in staff account of ``role`` (bound to ``election_id`` when given)."""
    usuario = f"{role}.{election_id or 'matriz'}"
    issued = await client.post(
        "/api/v1/cuentas/personal",
        headers=bearer(admin),
        json={"rol": role, "nombre": f"Cuenta {role}", "usuario": usuario}
        | ({"election_id": election_id} if election_id else {}),
    )
    assert issued.status == 200, await issued.text()
    account = (await issued.json())["accounts"][0]
    activated = await activate(client, account["codigo"])
    if activated["totp"] is None:
        return str((await (await sign_in(client, account["usuario"])).json())["access_token"])
    secret = activated["totp"]["secret"]
    await client.post(
        "/api/v1/activacion/segundo-factor",
        json={"ticket": activated["totp"]["ticket"], "codigo_totp": totp_now(secret)},
    )
    signed = await sign_in(client, account["usuario"], next_totp(secret))
    return str((await signed.json())["access_token"])
