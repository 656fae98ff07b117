"""The accounts' web pages, as a browser without JavaScript uses them, over the real
services: forms carry their CSRF token, refusals come back as pages in Spanish."""

import re

import pytest

from contracts.events.capture import ELECTION_CONFIGURED, AccountRules, ElectionConfigured
from services.accounts.bootstrap import ensure_first_admin
from services.accounts.service import definition as accounts
from services.gateway.sessions import ACCESS_COOKIE, REFRESH_COOKIE
from services.runtime.settings import Settings
from tests.support.accounts import (
    ELECTION,
    PARTIES,
    activate,
    bearer,
    configure_election,
    next_totp,
    publish_as_capture,
    signed_in_admin,
    totp_now,
)
from tests.support.browser_session import (
    activate_page,
    has_cookie,
    hidden,
    read,
    sign_in_page,
    submit,
    texts,
)
from tests.support.gateway import gateway_client
from tests.support.hosts import running
from tests.support.waiting import eventually

pytestmark = pytest.mark.timeout(120)


async def test_a_form_posted_without_its_csrf_token_is_refused(fresh: Settings) -> None:
    async with gateway_client(fresh) as client:
        status, page = await read(client, "/entrar")
        assert status == 200
        assert '<html lang="es">' in page and '<label for="usuario">Usuario</label>' in page

        response = await client.post(
            "/entrar", data={"usuario": "ana", "contrasena": "x"}, allow_redirects=False
        )
        assert response.status == 403
        forged = await client.post(
            "/entrar",
            data={"csrf": "otro", "usuario": "ana", "contrasena": "x"},
            allow_redirects=False,
        )
        assert forged.status == 403


async def test_staff_enrol_the_qr_code_sign_in_and_issue_a_partys_accounts(
    fresh: Settings,
) -> None:
    async with running(fresh, accounts), gateway_client(fresh) as client:
        first = await ensure_first_admin(fresh)
        assert first is not None
        activated = await activate_page(client, first.codigo)
        assert activated.status == 200
        page = await activated.text()
        assert "<svg" in page and "Código QR" in page
        [secret] = texts(page, "secreto")

        wrong = await submit(
            client,
            "/activar/segundo-factor",
            {
                "ticket": hidden(page, "ticket"),
                "usuario": first.usuario,
                "secreto": secret,
                "codigo_totp": "000000" if totp_now(secret) != "000000" else "111111",
            },
        )
        assert wrong.status == 422
        retry = await wrong.text()
        assert 'aria-invalid="true"' in retry and "El código no coincide." in retry
        assert secret in retry  # still there to type by hand

        confirmed = await submit(
            client,
            "/activar/segundo-factor",
            {
                "ticket": hidden(page, "ticket"),
                "usuario": first.usuario,
                "secreto": secret,
                "codigo_totp": totp_now(secret),
            },
        )
        assert confirmed.status == 200
        assert "<h1>Cuenta activada</h1>" in await confirmed.text()

        signed_in = await sign_in_page(client, first.usuario, next_totp(secret))
        assert signed_in.status == 303
        assert signed_in.headers["Location"] == "/consola/cuentas"
        assert has_cookie(client, ACCESS_COOKIE) and has_cookie(client, REFRESH_COOKIE)

        await publish_as_capture(
            fresh,
            ELECTION_CONFIGURED,
            ElectionConfigured(
                election_id=ELECTION,
                name="Proceso Electoral Local 2026-2027",
                time_zone="America/Monterrey",
                parties=PARTIES,
                accounts=AccountRules(),
            ),
        )
        _, console = await eventually(
            lambda: read(client, "/consola/cuentas"),
            lambda seen: seen[0] == 200 and 'name="scope_id" value="morena"' in seen[1],
            what="the board lists the parties",
        )
        assert "Partido Acción Nacional (PAN)" in console and "Sin emitir" in console

        issued = await submit(
            client,
            "/consola/cuentas/emitir",
            {
                "election_id": ELECTION,
                "scope_kind": "party",
                "scope_id": "pan",
                "nombre": "Lucía Peña Ibáñez",
                "correo": "lucia@pan.mx",
                "telefono": "",
            },
        )
        assert issued.status == 200
        result = await issued.text()
        codes = texts(result, "codigo")
        assert len(codes) == 2 and all(codes)
        assert "se muestran solo esta vez" in result and "acuse de entrega" in result
        assert "Lucía Peña Ibáñez" in result and "Supervisión" in result

        link = re.search(r'href="(/consola/cuentas/acuse\?[^"]+)"', result)
        assert link is not None
        receipt = await client.get(link.group(1).replace("&amp;", "&"))
        assert receipt.status == 200 and receipt.content_type == "application/pdf"

        delivered = await submit(
            client,
            "/consola/cuentas/entrega",
            {
                "election_id": ELECTION,
                "scope_kind": "party",
                "scope_id": "pan",
                "entregado_en": "2026-11-30T10:00",  # as typed, where the institute is
            },
        )
        assert delivered.status == 303
        _, console = await read(client, delivered.headers["Location"])
        assert "Se registró la entrega de las cuentas." in console and "Entregada" in console
        assert "30/11/2026 10:00 h" in console and "UTC" not in console
        board = await (await client.get("/api/v1/entregas")).json()
        pan = next(d for d in board["deliveries"] if d["scope"]["id"] == "pan")
        assert pan["delivered_at"].startswith("2026-11-30T16:00")  # central Mexico is UTC-6

        bad_staff = await submit(
            client,
            "/consola/cuentas/personal",
            {"rol": "analyst", "nombre": "Ana Ruiz", "usuario": "Ana Ruiz!", "correo": ""},
        )
        assert bad_staff.status == 422
        refused = await bad_staff.text()
        assert 'id="personal-usuario-error"' in refused and "No tiene el formato" in refused
        assert 'value="Ana Ruiz!"' in refused


async def test_a_supervisor_signs_in_to_an_empty_inbox_is_kept_out_of_the_console_and_leaves(
    fresh: Settings,
) -> None:
    async with running(fresh, accounts), gateway_client(fresh) as client:
        admin, _ = await signed_in_admin(fresh, client)
        await configure_election(fresh, client, admin)
        issued = await client.post(
            "/api/v1/cuentas/ambito",
            headers=bearer(admin),
            json={
                "election_id": ELECTION,
                "scope": {"kind": "party", "id": "pan"},
                "supervisores": [{"nombre": "Lucía Peña Ibáñez"}],
            },
        )
        supervisor = (await issued.json())["accounts"][1]

        activated = await activate_page(client, supervisor["codigo"])
        assert activated.status == 200
        done = await activated.text()
        assert "<h1>Cuenta activada</h1>" in done and 'href="/entrar"' in done

        wrong = await sign_in_page(client, supervisor["usuario"], password="no es la mía 123")
        assert wrong.status == 401
        assert "Usuario, contraseña o código de verificación incorrectos" in await wrong.text()

        signed_in = await sign_in_page(client, supervisor["usuario"])
        assert signed_in.status == 303 and signed_in.headers["Location"] == "/avisos"
        status, inbox = await read(client, "/avisos")
        assert status == 200 and "No tiene avisos." in inbox
        assert '<nav class="menu-cuenta"' in inbox and "Consola" not in inbox

        status, denied = await read(client, "/consola/cuentas")
        assert status == 403 and "Su rol no permite esta acción." in denied

        signed_out = await submit(client, "/salir", {})
        assert signed_out.status == 303 and signed_out.headers["Location"] == "/entrar"
        assert not has_cookie(client, ACCESS_COOKIE)
        after = await client.get("/avisos", allow_redirects=False)
        assert after.status == 303 and after.headers["Location"] == "/entrar"


async def test_a_party_admin_creates_a_sub_account_and_sees_its_code_once(
    fresh: Settings,
) -> None:
    async with running(fresh, accounts), gateway_client(fresh) as client:
        admin, _ = await signed_in_admin(fresh, client)
        await configure_election(fresh, client, admin, party_admin=True)
        console = await (await client.get("/consola/cuentas", headers=bearer(admin))).text()
        # The institute issues only the party's admin account (004 §10-13): no supervisor
        # is named on its console, and issuing brings that one account.
        assert "Persona supervisora" not in console
        assert "Emitir la cuenta de administración" in console
        issued = await client.post(
            "/api/v1/cuentas/ambito",
            headers=bearer(admin),
            json={"election_id": ELECTION, "scope": {"kind": "party", "id": "pan"}},
        )
        [party_admin] = (await issued.json())["accounts"]
        assert party_admin["role"] == "party_admin"
        await activate(client, party_admin["codigo"])
        assert (await sign_in_page(client, party_admin["usuario"])).status == 303

        status, page = await read(client, "/consola/subcuentas")
        assert status == 200 and "Subcuentas del partido" in page
        assert party_admin["usuario"] in page

        missing = await submit(client, "/consola/subcuentas", {"rol": "supervisor", "nombre": ""})
        assert missing.status == 422
        assert "Este campo es obligatorio." in await missing.text()

        created = await submit(
            client,
            "/consola/subcuentas",
            {"rol": "supervisor", "nombre": "Raúl Núñez", "correo": "", "telefono": ""},
        )
        assert created.status == 200
        result = await created.text()
        [code] = texts(result, "codigo")
        assert code and "Raúl Núñez" in result

        validation = await submit(
            client,
            "/consola/subcuentas",
            {"rol": "validator", "nombre": "Inés Ortiz", "correo": "", "telefono": ""},
        )
        assert validation.status == 200 and "Inés Ortiz" in await validation.text()

        _, page = await read(client, "/consola/subcuentas")
        validator_row = re.search(r"<tr>(?:(?!</tr>).)*Inés Ortiz(?:(?!</tr>).)*</tr>", page, re.S)
        assert validator_row is not None and "pan-validacion" in validator_row.group(0)
        assert "/revocar" in validator_row.group(0)  # validation is the party's to revoke too
        revoke = re.search(
            r'Raúl Núñez</td>.*?action="(/consola/subcuentas/[^"]+/revocar)"', page, re.S
        )
        assert revoke is not None
        asked = await submit(client, revoke.group(1), {})
        assert asked.status == 200 and "¿Revocar la cuenta?" in await asked.text()
        revoked = await submit(client, revoke.group(1), {"confirmar": "si"})
        assert revoked.status == 303
        _, page = await read(client, revoked.headers["Location"])
        assert "Se revocó la cuenta" in page and "Revocada el" in page
