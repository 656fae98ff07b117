"""The done-when of the accounts issue, over the real bus and database: an admin issues a
party's accounts, prints their receipt and records delivery; the supervisor activates
(no second factor), signs in and sees an empty inbox; staff must enrol TOTP."""

import logging
from typing import Any

import pytest

from services.accounts.service import definition as accounts
from services.audit.service import definition as audit
from services.runtime.settings import Settings
from tests.support.accounts import (
    ELECTION,
    STRONG_PASSWORD,
    activate,
    bearer,
    configure_election,
    pdf_text,
    sign_in,
    signed_in_admin,
    totp_now,
)
from tests.support.gateway import gateway_client
from tests.support.hosts import running

pytestmark = pytest.mark.timeout(120)


async def test_admin_issues_prints_and_delivers_and_the_supervisor_signs_in(
    fresh: Settings,
) -> None:
    async with running(fresh, accounts, audit), gateway_client(fresh) as client:
        admin, _ = await signed_in_admin(fresh, client)
        await configure_election(fresh, client, admin)

        issued = await client.post(
            "/api/v1/cuentas/ambito",
            headers=bearer(admin),
            json={
                "election_id": ELECTION,
                "scope": {"kind": "party", "id": "pan"},
                "supervisores": [{"nombre": "Lucía Peña Ibáñez", "correo": "lucia@pan.mx"}],
            },
        )
        assert issued.status == 200, await issued.text()
        accounts_issued = (await issued.json())["accounts"]
        assert [a["role"] for a in accounts_issued] == ["capturist", "supervisor"]
        supervisor = accounts_issued[1]

        receipt = await client.get(
            "/api/v1/entregas/acuse",
            headers=bearer(admin),
            params={"election_id": ELECTION, "scope_kind": "party", "scope_id": "pan"},
        )
        assert receipt.status == 200
        assert receipt.content_type == "application/pdf"
        text = pdf_text(await receipt.read())
        assert supervisor["codigo"] in text and "Lucía Peña Ibáñez" in text

        delivery = {"election_id": ELECTION, "scope_kind": "party", "scope_id": "pan"}
        recorded = await client.post("/api/v1/entregas", headers=bearer(admin), json=delivery)
        assert recorded.status == 200, await recorded.text()
        again = await client.post("/api/v1/entregas", headers=bearer(admin), json=delivery)
        assert again.status == 409

        activated = await activate(client, supervisor["codigo"])
        assert activated["totp"] is None  # not staff: no second factor
        response = await sign_in(client, supervisor["usuario"])
        assert response.status == 200, await response.text()
        session: dict[str, Any] = await response.json()
        inbox = await client.get("/api/v1/avisos", headers=bearer(session["access_token"]))
        assert inbox.status == 200
        assert await inbox.json() == {"notices": [], "unread": 0}


async def test_an_activation_code_works_once(fresh: Settings) -> None:
    async with running(fresh, accounts), gateway_client(fresh) as client:
        admin, _ = await signed_in_admin(fresh, client)
        issued = await client.post(
            "/api/v1/cuentas/personal",
            headers=bearer(admin),
            json={"rol": "analyst", "nombre": "Ana Ruiz", "usuario": "ana.ruiz"},
        )
        code = (await issued.json())["accounts"][0]["codigo"]
        enrolment = (await activate(client, code))["totp"]
        enrolled = await client.post(
            "/api/v1/activacion/segundo-factor",
            json={"ticket": enrolment["ticket"], "codigo_totp": totp_now(enrolment["secret"])},
        )
        assert enrolled.status == 204  # the activation is finished: its code is spent
        second = await client.post(
            "/api/v1/activacion",
            json={
                "codigo": code,
                "contrasena": "otra frase larga y rara 42",
                "confirmacion": "otra frase larga y rara 42",
            },
        )
        assert second.status == 404
        assert "ya se usó" in (await second.json())["detail"]


async def test_passwords_codes_and_tokens_never_reach_logs_or_traces(
    fresh: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    async with running(fresh, accounts, audit) as hosts, gateway_client(fresh) as client:
        admin, _ = await signed_in_admin(fresh, client)
        issued = await client.post(
            "/api/v1/cuentas/personal",
            headers=bearer(admin),
            json={"rol": "ine", "nombre": "INE", "usuario": "ine.secreto"},
        )
        code = (await issued.json())["accounts"][0]["codigo"]
        await activate(client, code)
        session = await (await sign_in(client, "ine.secreto")).json()
        await sign_in(client, "ine.secreto", password="una contraseña equivocada")
        for host in hosts:
            assert host.tracer_provider is not None
            host.tracer_provider.force_flush()
    traces = "".join(p.read_text() for p in (fresh.var_dir / "traces").glob("*"))
    assert "session.sign_in" in traces  # the spans were written
    secrets = [
        STRONG_PASSWORD,
        "una contraseña equivocada",
        code,
        session["refresh_token"],
        session["access_token"],
    ]
    for secret in secrets:
        assert secret not in caplog.text
        assert secret not in traces
