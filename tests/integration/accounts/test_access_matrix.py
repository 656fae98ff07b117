"""Role × scope: each role against its own and another party's accounts, allowed and
refused, every refusal in the activity log; a party admin cannot grant a role it does not
have nor reach another party (004 §10-13)."""

from typing import Any
from urllib.parse import urlencode

import pytest

from contracts.audit import EntrySearch
from services.accounts.service import definition as accounts
from services.audit.service import definition as audit
from services.runtime.settings import Settings
from tests.support.accounts import (
    ELECTION,
    activate,
    audit_search,
    bearer,
    configure_election,
    issue_party,
    next_totp,
    register_candidacy,
    session_of,
    sign_in,
    signed_in_admin,
    staff_session,
    sub_accounts,
    totp_now,
)
from tests.support.gateway import gateway_client
from tests.support.hosts import running
from tests.support.waiting import eventually

pytestmark = pytest.mark.timeout(180)


async def test_party_admins_manage_only_their_own_sub_accounts(fresh: Settings) -> None:
    async with running(fresh, accounts, audit), gateway_client(fresh) as client:
        admin, _ = await signed_in_admin(fresh, client)
        await configure_election(fresh, client, admin, party_admin=True)
        named = await client.post(
            "/api/v1/cuentas/ambito",
            headers=bearer(admin),
            json={
                "election_id": ELECTION,
                "scope": {"kind": "party", "id": "pan"},
                "supervisores": [{"nombre": "Supervisión pan"}],
            },
        )
        assert named.status == 422  # the party's admin creates its supervision (004 §10-13)
        assert "solo la cuenta de administración" in (await named.json())["detail"]
        pan, morena = (
            await issue_party(client, admin, "pan", supervisor=False),
            await issue_party(client, admin, "morena", supervisor=False),
        )
        assert set(pan) == {"party_admin"}  # the institute issues the admin account only
        pan_admin = await session_of(client, pan["party_admin"])
        morena["capturist"] = (
            await sub_accounts(client, await session_of(client, morena["party_admin"]), "capturist")
        )["capturist"]
        pan_supervisor = await session_of(
            client, (await sub_accounts(client, pan_admin, "supervisor"))["supervisor"]
        )

        made = await client.post(
            "/api/v1/subcuentas",
            headers=bearer(pan_admin),
            json={"rol": "capturist", "nombre": "Segunda captura"},
        )
        assert made.status == 200, await made.text()
        sub = (await made.json())["accounts"][0]
        assert sub["usuario"].startswith("pan-")

        listed = await client.get("/api/v1/cuentas", headers=bearer(pan_admin))
        assert listed.status == 200
        seen = {a["account_id"] for a in (await listed.json())["accounts"]}
        assert sub["account_id"] in seen and morena["capturist"]["account_id"] not in seen

        asked = {
            "grant verifier": await client.post(
                "/api/v1/subcuentas",
                headers=bearer(pan_admin),
                json={"rol": "verifier", "nombre": "Intruso"},
            ),
            "grant party admin": await client.post(
                "/api/v1/subcuentas",
                headers=bearer(pan_admin),
                json={"rol": "party_admin", "nombre": "Otro admin"},
            ),
            "revoke another party's capturist": await client.post(
                f"/api/v1/cuentas/{morena['capturist']['account_id']}/revocacion",
                headers=bearer(pan_admin),
            ),
            "supervisor lists accounts": await client.get(
                "/api/v1/cuentas", headers=bearer(pan_supervisor)
            ),
            "supervisor issues a party": await client.post(
                "/api/v1/cuentas/ambito",
                headers=bearer(pan_supervisor),
                json={"election_id": ELECTION, "scope": {"kind": "party", "id": "pan"}},
            ),
            "party admin reissues": await client.post(
                f"/api/v1/cuentas/{sub['account_id']}/reemision", headers=bearer(pan_admin)
            ),
            "party admin makes a supervisor staff": await client.post(
                f"/api/v1/cuentas/{sub['account_id']}/rol",
                headers=bearer(pan_admin),
                json={"rol": "admin"},
            ),
        }
        statuses = {what: response.status for what, response in asked.items()}
        assert statuses == dict.fromkeys(asked, 403)

        own = await client.post(
            f"/api/v1/cuentas/{sub['account_id']}/revocacion", headers=bearer(pan_admin)
        )
        assert own.status == 200
        assert (await own.json())["status"] == "revoked"

        async def denied_entries() -> Any:
            page = await audit_search(fresh, EntrySearch(resultado="denied", servicio="accounts"))
            return page

        page = await eventually(
            denied_entries, lambda p: p["total"] >= len(asked), what="refusals logged"
        )
        assert {e["role"] for e in page["entries"]} == {"party_admin", "supervisor"}


async def test_a_candidacy_brings_its_own_account_and_a_withdrawal_revokes_it(
    fresh: Settings,
) -> None:
    async with running(fresh, accounts), gateway_client(fresh) as client:
        admin, _ = await signed_in_admin(fresh, client)
        await configure_election(fresh, client, admin)
        await register_candidacy(fresh, "c-001", "pan", "María José Núñez")

        async def candidates() -> list[dict[str, Any]]:
            response = await client.get(
                "/api/v1/cuentas", headers=bearer(admin), params={"rol": "candidate"}
            )
            return list((await response.json())["accounts"])

        found = await eventually(candidates, lambda c: len(c) == 1, what="candidate account")
        assert found[0]["scope"] == {"kind": "party", "id": "pan"}
        assert found[0]["usuario"] == "pan-maria-jose-nunez"


SCOPE_QUERY = {"election_id": ELECTION, "scope_kind": "party", "scope_id": "pan"}
OPERATIONS = {
    "list accounts": ("GET", "/api/v1/cuentas", None),
    "issue a party": (
        "POST",
        "/api/v1/cuentas/ambito",
        {"election_id": ELECTION, "scope": {"kind": "party", "id": "pan"}},
    ),
    "issue staff": (
        "POST",
        "/api/v1/cuentas/personal",
        {"rol": "analyst", "nombre": "X", "usuario": "intruso.x"},
    ),
    "delivery board": ("GET", "/api/v1/entregas", None),
    "print receipt": ("GET", "/api/v1/entregas/acuse?" + urlencode(SCOPE_QUERY), None),
    "local mailbox": ("GET", "/api/v1/correo-local", None),
    "read the log": ("GET", "/api/v1/auditoria/entradas", None),
    "own inbox": ("GET", "/api/v1/avisos", None),
}
ALLOWED = {  # role → operations it may do (on its own scope); every other one is refused
    "admin": set(OPERATIONS),
    "support": {"local mailbox", "read the log", "own inbox"},
    "verifier": {"own inbox"},
    "analyst": {"own inbox"},
    "ine": {"own inbox"},
    "party_admin": {"list accounts", "read the log", "own inbox"},
    "capturist": {"read the log", "own inbox"},
    "supervisor": {"read the log", "own inbox"},
    "candidate": {"read the log", "own inbox"},
}


async def test_the_access_matrix_every_role_allowed_and_refused_each_refusal_audited(
    fresh: Settings,
) -> None:
    async with running(fresh, accounts, audit), gateway_client(fresh) as client:
        admin, _ = await signed_in_admin(fresh, client)
        await configure_election(fresh, client, admin, party_admin=True)
        await register_candidacy(fresh, "c-pan-9", "pan", "Ana Sofía Ramírez")
        tokens = {"admin": admin}
        for role in ("support", "verifier", "analyst", "ine"):
            tokens[role] = await staff_session(client, admin, role)
        party = await issue_party(client, admin, "pan", supervisor=False)
        tokens["party_admin"] = await session_of(client, party["party_admin"])
        team = await sub_accounts(
            client, tokens["party_admin"], "capturist", "supervisor", "validator"
        )  # the validator's code stays unused: the receipt has a code to print
        for role in ("capturist", "supervisor"):
            tokens[role] = await session_of(client, team[role])

        async def candidate_account() -> list[dict[str, Any]]:
            response = await client.get(
                "/api/v1/cuentas", headers=bearer(admin), params={"rol": "candidate"}
            )
            return list((await response.json())["accounts"])

        [candidate] = await eventually(candidate_account, lambda a: len(a) == 1, what="cand.")
        reissued = await client.post(
            f"/api/v1/cuentas/{candidate['account_id']}/reemision", headers=bearer(admin)
        )
        tokens["candidate"] = await session_of(client, (await reissued.json())["accounts"][0])

        refusals = 0
        for role, token in tokens.items():
            for name, (method, path, body) in OPERATIONS.items():
                response = await client.request(method, path, headers=bearer(token), json=body)
                allowed = name in ALLOWED[role]
                assert (response.status < 400) == allowed, (role, name, response.status)
                if not allowed:
                    assert response.status == 403, (role, name, response.status)
                    refusals += 1
            anonymous = await client.get("/api/v1/avisos")
            assert anonymous.status == 401

        async def denied() -> int:
            page = await audit_search(fresh, EntrySearch(resultado="denied", por_pagina=500))
            return sum(1 for e in page["entries"] if e["role"] in ALLOWED and e["role"] != "admin")

        await eventually(denied, lambda n: n >= refusals, what="every refusal in the log")


async def test_a_verifier_cannot_sign_in_without_enrolling_and_using_totp(
    fresh: Settings,
) -> None:
    async with running(fresh, accounts), gateway_client(fresh) as client:
        admin, _ = await signed_in_admin(fresh, client)
        issued = await client.post(
            "/api/v1/cuentas/personal",
            headers=bearer(admin),
            json={"rol": "verifier", "nombre": "Verificación", "usuario": "verifica.uno"},
        )
        activated = await activate(client, (await issued.json())["accounts"][0]["codigo"])
        enrolment = activated["totp"]
        assert enrolment is not None and enrolment["qr_svg"].startswith("<svg")
        assert (await sign_in(client, "verifica.uno")).status == 401  # not enrolled yet
        confirmed = await client.post(
            "/api/v1/activacion/segundo-factor",
            json={"ticket": enrolment["ticket"], "codigo_totp": totp_now(enrolment["secret"])},
        )
        assert confirmed.status == 204
        assert (await sign_in(client, "verifica.uno")).status == 401  # no code
        assert (await sign_in(client, "verifica.uno", "000000")).status == 401  # wrong code
        signed = await sign_in(client, "verifica.uno", next_totp(enrolment["secret"]))
        assert signed.status == 200


async def test_an_independents_party_admin_reaches_only_its_own_team(fresh: Settings) -> None:
    async with running(fresh, accounts), gateway_client(fresh) as client:
        admin, _ = await signed_in_admin(fresh, client)
        await configure_election(fresh, client, admin, party_admin=True)
        await register_candidacy(fresh, "c-ind-7", None, "Raúl Cantú Treviño")
        await issue_party(client, admin, "pan", supervisor=False)

        async def independent_team() -> dict[str, Any]:
            response = await client.post(
                "/api/v1/cuentas/ambito",
                headers=bearer(admin),
                json={"election_id": ELECTION, "scope": {"kind": "independent", "id": "c-ind-7"}},
            )
            return {"status": response.status, "body": await response.json()}

        issued = await eventually(independent_team, lambda r: r["status"] == 200, what="team")
        [team_admin] = issued["body"]["accounts"]
        assert team_admin["role"] == "party_admin"
        token = await session_of(client, team_admin)
        made = await client.post(
            "/api/v1/subcuentas",
            headers=bearer(token),
            json={"rol": "supervisor", "nombre": "Supervisión independiente"},
        )
        assert made.status == 200
        listed = await (await client.get("/api/v1/cuentas", headers=bearer(token))).json()
        scopes = {(a["scope"]["kind"], a["scope"]["id"]) for a in listed["accounts"]}
        assert scopes == {("independent", "c-ind-7")}
        roles = {a["role"] for a in listed["accounts"]}
        assert roles == {"party_admin", "supervisor"}  # the institute issued the admin only
