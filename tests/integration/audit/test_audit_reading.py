"""Admins read the activity log over HTTP, filter it and export it as CSV; other roles
are refused. Every sign-in is in the log within a second or so."""

from typing import Any

import pytest

from services.accounts.service import definition as accounts
from services.audit.service import definition as audit
from services.runtime.settings import Settings
from tests.support.accounts import activate, bearer, sign_in, signed_in_admin
from tests.support.gateway import gateway_client
from tests.support.hosts import running
from tests.support.waiting import eventually

pytestmark = pytest.mark.timeout(120)


async def test_admin_finds_sign_ins_and_exports_them_others_are_refused(fresh: Settings) -> None:
    async with running(fresh, accounts, audit), gateway_client(fresh) as client:
        admin, _ = await signed_in_admin(fresh, client)
        assert (await sign_in(client, "admin", password="equivocada equivocada")).status == 401

        async def sign_ins() -> dict[str, Any]:
            response = await client.get(
                "/api/v1/auditoria/entradas",
                headers=bearer(admin),
                params={"accion": "session.sign_in", "orden": "antiguas"},
            )
            assert response.status == 200, await response.text()
            return dict(await response.json())

        page = await eventually(sign_ins, lambda p: p["total"] >= 2, what="sign-ins logged")
        assert [e["outcome"] for e in page["entries"]] == ["ok", "denied"]

        export = await client.get(
            "/api/v1/auditoria/entradas.csv",
            headers=bearer(admin),
            params={"accion": "session.sign_in"},
        )
        assert export.status == 200
        text = (await export.read()).decode("utf-8-sig")
        lines = text.strip().split("\r\n")
        assert lines[0].startswith("Número,Fecha y hora,Cuenta,Rol,Módulo,Acción")
        assert len(lines) == 1 + page["total"]

        issued = await client.post(
            "/api/v1/cuentas/personal",
            headers=bearer(admin),
            json={"rol": "ine", "nombre": "INE", "usuario": "ine.lectura"},
        )
        await activate(client, (await issued.json())["accounts"][0]["codigo"])
        ine = (await (await sign_in(client, "ine.lectura")).json())["access_token"]
        refused = await client.get("/api/v1/auditoria/entradas", headers=bearer(ine))
        assert refused.status == 403
        anonymous = await client.get("/api/v1/auditoria/entradas")
        assert anonymous.status == 401
