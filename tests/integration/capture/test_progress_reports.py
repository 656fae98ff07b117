"""The analysis area's capture-progress reports (004 §48) against real PostgreSQL and
NATS: at a cut-off the timer makes the election's report once, however often it ticks
and however many replicas tick at once; where the profile makes none, the timer makes
none and none is made on demand; a party's account reads none of it; the analysis area
downloads the report and the identity matrix without names."""

import asyncio
import csv
import datetime as dt
import io
from typing import Any

import pytest

from contracts.audit import EntrySearch
from services.accounts.service import definition as accounts
from services.audit.service import definition as audit
from services.capture.service import definition as capture
from services.capture.steps import reporting
from services.runtime.settings import Settings
from tests.support.accounts import (
    audit_search,
    bearer,
    issue_party,
    pdf_text,
    session_of,
    staff_session,
)
from tests.support.capture import ELECTION, capture_all, election_under, submit
from tests.support.gateway import gateway_client
from tests.support.hosts import running
from tests.support.waiting import eventually

pytestmark = pytest.mark.timeout(240)

APRIL_CUTOFF = dt.datetime(2027, 5, 1, 6, 0, tzinfo=dt.UTC)  # the demo's election year, CDMX
REPORTS = f"/api/v1/elecciones/{ELECTION}/informes-avance"


async def _captured_by_pan(client: Any, admin: str) -> str:
    """PAN's admin account makes a capturist, who captures and sends F-PAN-1; its token."""
    issued = await issue_party(client, admin, "pan", ELECTION, supervisor=False)
    party_admin = await session_of(client, issued["party_admin"])
    made = await client.post(
        "/api/v1/subcuentas",
        headers=bearer(party_admin),
        json={"rol": "capturist", "nombre": "Captura PAN"},
    )
    assert made.status == 200, await made.text()
    capturist = await session_of(client, (await made.json())["accounts"][0])
    await capture_all(client, capturist, "F-PAN-1")
    assert (await submit(client, capturist, "F-PAN-1", True)).status == 200
    return party_admin


async def test_tabascos_timer_makes_the_report_of_a_cutoff_once_and_the_analyst_downloads_it(
    fresh: Settings,
) -> None:
    async with running(fresh, accounts, capture, audit) as hosts, gateway_client(fresh) as client:
        admin = await election_under(client, fresh, "tabasco")
        party_admin = await _captured_by_pan(client, admin)
        analyst = await staff_session(client, admin, "analyst")
        deps = hosts[1].deps

        assert await reporting.make_due(deps, APRIL_CUTOFF - dt.timedelta(seconds=1)) == 0
        made = await asyncio.gather(  # two replicas' ticks at once
            reporting.make_due(deps, APRIL_CUTOFF + dt.timedelta(minutes=1)),
            reporting.make_due(deps, APRIL_CUTOFF + dt.timedelta(minutes=1)),
        )
        assert sum(made) == 1
        assert await reporting.make_due(deps, APRIL_CUTOFF + dt.timedelta(minutes=2)) == 0

        listed = await client.get(REPORTS, headers=bearer(analyst))
        assert listed.status == 200, await listed.text()
        body = await listed.json()
        assert [r["kind"] for r in body["reports"]] == ["periodico"]
        assert [(c["kind"], c["made"]) for c in body["scheduled"]] == [
            ("periodico", True),
            ("periodico", False),
            ("final", False),
        ]
        report = body["reports"][0]
        assert report["made_by"] is None  # the timer
        assert dt.datetime.fromisoformat(report["cutoff_at"]) == APRIL_CUTOFF

        pdf = await client.get(
            f"/api/v1/informes-avance/{report['report_id']}",
            params={"formato": "pdf"},
            headers=bearer(analyst),
        )
        assert pdf.status == 200 and pdf.content_type == "application/pdf"
        text = pdf_text(await pdf.read())
        assert "Instituto Electoral y de Participación Ciudadana de Tabasco" in text
        assert "viernes 30 de abril de 2027, 23:59 h" in text
        assert "María" not in text  # counts, no one named
        table = await client.get(
            f"/api/v1/informes-avance/{report['report_id']}",
            params={"formato": "csv"},
            headers=bearer(analyst),
        )
        rows = list(csv.DictReader(io.StringIO((await table.read()).decode("utf-8-sig"))))
        total = next(r for r in rows if r["Postulante"] == "Total de la elección")
        # F-PAN-1's owner and its alternate, each a candidacy of its own (001 §3.III-V)
        assert (total["Enviadas"], total["Validadas"]) == ("2", "0")

        async def downloads() -> list[str]:
            found = await audit_search(fresh, EntrySearch(servicio="capture", por_pagina=500))
            return [
                e["action"]
                for e in found["entries"]
                if e["action"] == "analysis.progress_report_download"
            ]

        await eventually(downloads, lambda seen: len(seen) == 2, what="each download logged")

        asked = await client.post(REPORTS, headers=bearer(admin))
        assert asked.status == 200 and (await asked.json())["kind"] == "a_peticion"
        again = await (await client.get(REPORTS, headers=bearer(admin))).json()
        assert len(again["reports"]) == 2  # the one on demand beside the kept one

        for refused in (
            await client.get(REPORTS, headers=bearer(party_admin)),
            await client.post(REPORTS, headers=bearer(party_admin)),
            await client.get(
                f"/api/v1/informes-avance/{report['report_id']}",
                params={"formato": "pdf"},
                headers=bearer(party_admin),
            ),
        ):
            assert refused.status == 403
            assert "área de análisis" in (await refused.json())["detail"]

        matrix = await client.get(
            f"/api/v1/elecciones/{ELECTION}/matriz-identidad/descarga", headers=bearer(analyst)
        )
        assert matrix.status == 200 and matrix.content_type == "text/csv"
        content = (await matrix.read()).decode("utf-8-sig")
        lines = list(csv.DictReader(io.StringIO(content)))
        assert len(lines) == 2 and {line["postulante"] for line in lines} == {"pan"}  # two people
        assert "María" not in content and "Lucía" not in content  # no names
        assert "F-PAN-1" not in content  # no keys
        party_matrix = await client.get(
            f"/api/v1/elecciones/{ELECTION}/matriz-identidad/descarga",
            headers=bearer(party_admin),
        )
        assert party_matrix.status == 403


async def test_where_the_profile_makes_no_progress_reports_none_is_made(fresh: Settings) -> None:
    async with running(fresh, accounts, capture) as hosts, gateway_client(fresh) as client:
        admin = await election_under(client, fresh, "nuevo-leon")
        deps = hosts[1].deps
        assert await reporting.make_due(deps, APRIL_CUTOFF + dt.timedelta(days=200)) == 0
        listed = await (await client.get(REPORTS, headers=bearer(admin))).json()
        assert (listed["periodic"], listed["scheduled"], listed["reports"]) == (False, [], [])
        asked = await client.post(REPORTS, headers=bearer(admin))
        assert asked.status == 409
        assert (await asked.json())["detail"] == (
            "Este proceso no prevé informes de avance de la captura."
        )
