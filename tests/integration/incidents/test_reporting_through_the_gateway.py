"""The story of the issue through the gateway: a capturist hits a server error, the
gateway opens an incident for it by itself, and the capturist's report carries their
last requests with the failing one marked; support opens it in the console with a link
to the failing request's trace, resolves it and reports back, and the capturist reads
the outcome. Another party's capturist sees none of it."""

import csv
import datetime as dt
import io
import re
from typing import Any

import pytest
from aiohttp import web
from PIL import Image

from services.accounts.service import definition as accounts
from services.incidents.service import definition as incidents
from services.runtime.settings import Settings
from tests.support.accounts import (
    bearer,
    configure_election,
    issue_party,
    pdf_text,
    session_of,
    signed_in_admin,
    staff_session,
)
from tests.support.gateway import gateway_client
from tests.support.hosts import running
from tests.support.waiting import eventually

pytestmark = pytest.mark.timeout(180)


async def broken(request: web.Request) -> web.Response:
    raise KeyError("campo")  # a bug of the gateway's own


BROKEN = [web.get("/prueba/falla/{candidacy_id}", broken)]


def png_screen() -> bytes:
    """What a screenshot looks like: a PNG with some text-like strokes."""
    image = Image.new("RGB", (320, 200), "white")
    for x in range(20, 300, 7):
        image.putpixel((x, 100), (0, 0, 0))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


async def as_json(response: Any) -> Any:
    assert response.status < 300, await response.text()
    return await response.json()


async def test_a_capturists_report_carries_the_failing_request_and_support_works_it(
    fresh: Settings,
) -> None:
    async with running(fresh, accounts, incidents), gateway_client(fresh, BROKEN) as client:
        admin, _ = await signed_in_admin(fresh, client)
        support = await staff_session(client, admin, "support")
        await configure_election(fresh, client, admin)
        pan = (await issue_party(client, admin, "pan"))["capturist"]
        capturist = await session_of(client, pan)
        other = await session_of(client, (await issue_party(client, admin, "morena"))["capturist"])

        assert (await client.get("/api/v1/avisos", headers=bearer(capturist))).status == 200
        failing = await client.get("/prueba/falla/C-0001", headers=bearer(capturist))
        assert failing.status == 500
        trace_id = (await failing.json())["trace_id"]
        assert "KeyError" not in await failing.text() and "campo" not in await failing.text()

        # The gateway told incidents by itself: one incident, pointing at that request.
        async def seen_by_support() -> Any:
            listed = await client.get(
                "/api/v1/incidentes?source=server_error", headers=bearer(support)
            )
            return await as_json(listed)

        found = await eventually(
            seen_by_support, lambda page: page["total"] == 1, what="the server error's incident"
        )
        (automatic,) = found["incidents"]
        assert automatic["reporter"] is None and automatic["source"] == "server_error"
        assert "GET /prueba/falla/{candidacy_id}" in automatic["description"]
        assert "C-0001" not in automatic["description"]  # the route, never its values

        report = {
            "happened_at": dt.datetime.now(dt.UTC).isoformat(),
            "module": "captura",
            "anomaly": "mensaje_de_error",
            "description": '=HIPERVINCULO("x") al abrir la candidatura: «Ocurrió un error».',
        }
        filed = await as_json(
            await client.post("/api/v1/incidentes", json=report, headers=bearer(capturist))
        )
        traces = {t["trace_id"]: t for t in filed["traces"]}
        assert traces[trace_id]["failed"] and traces[trace_id]["status"] == 500
        assert traces[trace_id]["what"] == "GET /prueba/falla/{candidacy_id}"
        assert any(t["what"] == "GET /api/v1/avisos" and not t["failed"] for t in traces.values())
        incident = filed["incident_id"]

        # Screenshots: judged by their content, re-encoded, read back by the reporter and
        # support alone.
        screen = png_screen() + b"<script>alert(1)</script>"  # something appended to it
        shots = f"/api/v1/incidentes/{incident}/capturas"
        with_shot = await as_json(await client.post(shots, data=screen, headers=bearer(capturist)))
        (shot,) = with_shot["screenshots"]
        program = b"MZ\x90\x00" + b"\x00" * 4000  # a Windows program named captura.png
        renamed = await client.post(shots, data=program, headers=bearer(capturist))
        assert renamed.status == 422
        assert "PNG o JPEG" in (await renamed.json())["detail"]
        served = await client.get(f"{shots}/{shot['sha256']}", headers=bearer(support))
        assert served.status == 200 and served.headers["Content-Type"] == "image/png"
        assert b"<script>" not in await served.read()
        not_theirs = await client.get(f"{shots}/{shot['sha256']}", headers=bearer(other))
        assert not_theirs.status == 404

        # Another party's capturist: not theirs to read, and not in their list.
        hidden = await client.get(f"/api/v1/incidentes/{incident}", headers=bearer(other))
        assert hidden.status == 404
        theirs = await as_json(await client.get("/api/v1/incidentes", headers=bearer(other)))
        assert theirs["total"] == 0

        # Support, in the console: the bitácora, the incident and its failing trace.
        listing = await client.get("/incidentes", headers=bearer(support))
        html = await listing.text()
        assert listing.status == 200 and filed["folio"] in html and "Bitácora de incidentes" in html
        page = await client.get(f"/incidentes/{incident}", headers=bearer(support))
        html = await page.text()
        assert f'href="/consola/trazas/{trace_id}"' in html and "Falló" in html
        for to, note in (
            ("in_progress", None),
            ("resolved", "Se corrigió la lectura de la candidatura."),
            ("reported_back", "Se informó por correo a la persona."),
        ):
            moved = await client.post(
                f"/api/v1/incidentes/{incident}/estado",
                json={"to": to, "note": note},
                headers=bearer(support),
            )
            assert moved.status == 200, await moved.text()

        # A report received by e-mail, filed by support in the capturist's name.
        by_mail = await client.post(
            "/incidentes",
            data={
                "happened_at": "2026-12-01T10:30",
                "module": "cuentas",
                "anomaly": "sin_acceso",
                "description": "Escribió por correo: no puede entrar con su contraseña.",
                "on_behalf_of": pan["usuario"],
            },
            headers=bearer(support),
            allow_redirects=False,
        )
        assert by_mail.status == 303, await by_mail.text()
        filed_for = by_mail.headers["Location"].split("/")[-1].split("?")[0]
        theirs_now = await as_json(
            await client.get("/api/v1/incidentes", headers=bearer(capturist))
        )
        assert filed_for in [i["incident_id"] for i in theirs_now["incidents"]]
        unknown = await client.post(
            "/incidentes",
            data={
                "happened_at": "2026-12-01T10:30",
                "module": "cuentas",
                "anomaly": "sin_acceso",
                "description": "Escribió por correo: no puede entrar con su contraseña.",
                "on_behalf_of": "nadie.con.ese.usuario",
            },
            headers=bearer(support),
        )
        assert "No existe una cuenta con ese usuario." in await unknown.text()
        of_pan = await client.get(f"/incidentes?reporta={pan['usuario']}", headers=bearer(support))
        html = await of_pan.text()
        assert filed["folio"] in html and automatic["folio"] not in html

        # The capturist and the admin were told at each step (accounts' notices).
        async def subjects_of(token: str) -> list[str]:
            inbox = await as_json(await client.get("/api/v1/avisos", headers=bearer(token)))
            return [n["subject"] for n in inbox["notices"]]

        folio = filed["folio"]
        told = await eventually(
            lambda: subjects_of(capturist),
            lambda found: f"Incidente {folio}: Resuelto e informado" in found,
            what="the capturist told of each step",
        )
        assert f"Recibimos su reporte de falla {folio}" in told
        assert f"Incidente {folio}: En atención" in told and f"Incidente {folio}: Resuelto" in told
        admin_told = await eventually(
            lambda: subjects_of(admin),
            lambda found: f"Incidente {folio}: Resuelto e informado" in found,
            what="the admin told too",
        )
        assert f"Nuevo incidente {folio}: Captura de cuestionarios" in admin_told
        assert not any(folio in subject for subject in await subjects_of(other))

        # The admin downloads the period's bitácora, as CSV and as the PDF report.
        today = dt.datetime.now(dt.UTC).date()
        period = f"desde={today - dt.timedelta(days=1)}&hasta={today + dt.timedelta(days=1)}"
        as_csv = await client.get(
            f"/incidentes/descarga?{period}&formato=csv", headers=bearer(admin)
        )
        assert as_csv.status == 200 and as_csv.headers["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO((await as_csv.read()).decode("utf-8-sig"))))
        assert rows[0][:3] == ["Folio", "Recibido", "Ocurrió"]
        by_folio = {row[0]: row for row in rows[1:]}
        assert by_folio[folio][6].startswith("'=")  # «=HIPERVINCULO…» is no formula
        assert by_folio[automatic["folio"]][7] == "El sistema"
        as_pdf = await client.get(
            f"/incidentes/descarga?{period}&formato=pdf", headers=bearer(admin)
        )
        assert as_pdf.headers["Content-Type"] == "application/pdf"
        text = pdf_text(await as_pdf.read())
        assert "Reporte técnico de fallas" in text and folio in text and "3 incidentes" in text
        refused = await client.get(
            f"/incidentes/descarga?{period}&formato=csv", headers=bearer(capturist)
        )
        assert refused.status == 403

        mine = await client.get(f"/incidentes/{incident}", headers=bearer(capturist))
        html = await mine.text()
        assert "Resuelto e informado" in html and "Se corrigió la lectura" in html
        assert "/consola/trazas/" not in html  # the trace links are support's
        assert re.search(
            r"Mis reportes de falla",
            await (await client.get("/incidentes", headers=bearer(capturist))).text(),
        )
