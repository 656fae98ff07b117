"""The Cédula de Evaluación over the real bus (001 §6): a party validates, moderation
scores the mechanical variables from the validated answers, the verifier ticks the rest,
each party's results follow, and the Cédulas of a party download as CSV and XLSX and read
back. An election whose profile has no Cédula (Nuevo León) refuses it with the reason; a
verifier bound to another election sees nothing of this one; the admin reads but does not
score."""

import csv
import io
from typing import Any

import openpyxl
import pytest
from aiohttp.test_utils import TestClient

from contracts.audit import EntrySearch
from services.accounts.service import definition as accounts
from services.audit.service import definition as audit
from services.capture.service import definition as capture
from services.moderation.service import definition as moderation
from services.runtime.settings import Settings
from tests.support.accounts import audit_search, bearer, issue_party, session_of, staff_session
from tests.support.capture import ELECTION, capture_all, election_under, path, submit
from tests.support.gateway import gateway_client
from tests.support.hosts import running
from tests.support.waiting import eventually

pytestmark = pytest.mark.timeout(300)
Client = TestClient[Any, Any]
VERIFIER_MARKS = [  # every variable of the IEEN 2024 Cédula the verifier scores
    "identidad.fotografia_adecuada",
    "formacion.congruente",
    "historia_profesional.detalle",
    "historia_profesional.original",
    "trayectoria_politica.detalle",
    "trayectoria_politica.original",
    "propuesta_1.poblacion_metas",
    "propuesta_1.viable_original",
    "propuesta_2.poblacion_metas",
    "propuesta_2.viable_original",
    "propuesta_genero.pertinente",
    "propuesta_genero.viable_original",
]


async def validated(client: Client, admin: str, party: str, candidacy: str, **extra: Any) -> None:
    """The party's candidacy captured (with ``extra`` curricular answers), submitted and
    validated by its supervisor."""
    issued = await issue_party(client, admin, party, ELECTION)
    capturist = await session_of(client, issued["capturist"])
    supervisor = await session_of(client, issued["supervisor"])
    await capture_all(client, capturist, candidacy)
    if extra:
        saved = await client.put(
            path(candidacy, "curricular"), headers=bearer(capturist), json={"respuestas": extra}
        )
        assert saved.status == 200, await saved.text()
    assert (await (await submit(client, capturist, candidacy, True)).json())["submitted"]
    done = await client.post(
        f"/api/v1/candidaturas/{candidacy}/validacion", headers=bearer(supervisor)
    )
    assert done.status == 200, await done.text()


async def cedula_of(client: Client, token: str, candidacy: str) -> dict[str, Any]:
    """The Cédula, once moderation has heard of the validation."""

    async def asked() -> Any:
        return await client.get(f"/api/v1/candidaturas/{candidacy}/cedula", headers=bearer(token))

    response = await eventually(asked, lambda r: r.status != 404, what=f"{candidacy} known")
    assert response.status == 200, await response.text()
    return dict(await response.json())


def variables(cedula: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {v["variable_id"]: v for r in cedula["rubros"] for v in r["variables"]}


async def score(client: Client, token: str, candidacy: str, ticked: list[str]) -> Any:
    return await client.put(
        f"/api/v1/candidaturas/{candidacy}/cedula", headers=bearer(token), json={"cumple": ticked}
    )


async def test_a_verifier_scores_the_cedula_and_each_partys_results_download(
    fresh: Settings,
) -> None:
    async with (
        running(fresh, accounts, capture, moderation, audit),
        gateway_client(fresh) as client,
    ):
        admin = await election_under(client, fresh, "estado-de-mexico")
        await validated(client, admin, "pan", "F-PAN-1", cursos=["Diplomado en políticas públicas"])
        await validated(client, admin, "mc", "F-MC-1")
        verifier = await staff_session(client, admin, "verifier")

        pan = await cedula_of(client, verifier, "F-PAN-1")
        assert (pan["rubric"], pan["maximum"], pan["scorings"]) == ("IEEN 2024", 49, 0)
        assert (pan["office"], pan["party_name"]) == (
            "Diputación local de mayoría relativa",
            "Partido Acción Nacional",
        )
        # Only the mechanical variables score by themselves: photo, contact, grade, courses
        # (3 + 2 + 3 + 2) and each text's length (3 × 5).
        assert (pan["total"], pan["pending"], pan["complete"]) == (25, 12, False)
        marks = variables(pan)
        assert marks["formacion.cursos"]["mechanical"] and marks["formacion.cursos"]["met"]
        assert "280 y 1,600 caracteres" in marks["propuesta_1.extension"]["rule"]
        assert marks["propuesta_1.poblacion_metas"]["met"] is None  # the verifier's
        mc = await cedula_of(client, verifier, "F-MC-1")
        assert mc["total"] == 23 and variables(mc)["formacion.cursos"]["met"] is False

        full = await score(client, verifier, "F-PAN-1", VERIFIER_MARKS)
        assert full.status == 200, await full.text()
        scored = await full.json()
        assert (scored["total"], scored["percentage"], scored["complete"]) == (49, 100.0, True)
        assert variables(scored)["propuesta_2.viable_original"]["marked_by"] is not None
        half = await score(client, verifier, "F-MC-1", VERIFIER_MARKS[6:])  # the proposals
        assert (await half.json())["total"] == 23 + 12

        mechanical = await score(client, verifier, "F-MC-1", ["formacion.cursos"])
        assert mechanical.status == 409
        assert "formacion.cursos" in (await mechanical.json())["detail"]
        by_admin = await score(client, admin, "F-PAN-1", [])
        assert by_admin.status == 403
        assert "Solo el personal verificador" in (await by_admin.json())["detail"]
        read_by_admin = await client.get(
            "/api/v1/candidaturas/F-PAN-1/cedula", headers=bearer(admin)
        )
        assert (await read_by_admin.json())["total"] == 49

        results = await client.get(f"/api/v1/elecciones/{ELECTION}/cedula", headers=bearer(admin))
        assert results.status == 200, await results.text()
        parties = {p["party"]: p for p in (await results.json())["parties"]}
        assert set(parties) == {"pan", "mc"}
        assert (parties["pan"]["party_name"], parties["pan"]["average"]) == (
            "Partido Acción Nacional",
            100.0,
        )
        assert parties["mc"]["scored"] == 1 and parties["mc"]["average"] == round(35 / 49 * 100, 2)

        downloads = f"/api/v1/elecciones/{ELECTION}/cedula/descarga"
        as_csv = await client.get(
            downloads, params={"partido": "pan", "formato": "csv"}, headers=bearer(verifier)
        )
        assert as_csv.status == 200, await as_csv.text()
        assert "cedula-" in as_csv.headers["Content-Disposition"]
        rows = list(csv.reader(io.StringIO((await as_csv.read()).decode("utf-8-sig"))))
        heading, *pan_rows = rows
        assert "Total (de 49)" in heading and "Porcentaje" in heading
        # A row per person: the owner's, scored above, and the alternate's (004 §46).
        lines = {
            r[heading.index("Propietaria o suplente")]: dict(zip(heading, r, strict=True))
            for r in pan_rows
        }
        assert set(lines) == {"Propietaria", "Suplente"}, lines.keys()
        line = lines["Propietaria"]
        assert (line["Clave"], line["Total (de 49)"], line["Porcentaje"]) == (
            "F-PAN-1",
            "49",
            "100.0",
        )
        assert (line["Estado"], line["Partido"]) == ("Completa", "Partido Acción Nacional")
        assert line["Propuesta 1: Viable y original"] == "Cumple"

        as_xlsx = await client.get(downloads, params={"formato": "xlsx"}, headers=bearer(admin))
        assert as_xlsx.status == 200, await as_xlsx.text()
        sheet = openpyxl.load_workbook(io.BytesIO(await as_xlsx.read())).active
        assert sheet is not None
        book = [list(r) for r in sheet.iter_rows(values_only=True)]
        assert len(book) == 4  # the heading, and each person of both validated candidacies
        whose = book[0].index("Propietaria o suplente")
        totals = {(r[0], r[whose]): r[book[0].index("Total (de 49)")] for r in book[1:]}
        assert totals[("F-PAN-1", "Propietaria")] == 49 and totals[("F-MC-1", "Propietaria")] == 35
        assert ("F-PAN-1", "Suplente") in totals  # scored apart, by its own answers

        again = await score(client, verifier, "F-PAN-1", [])
        assert (await again.json())["total"] == 25 and (await again.json())["scorings"] == 2

        async def scorings() -> Any:
            return await audit_search(fresh, EntrySearch(accion="cedula.score"))

        logged = await eventually(scorings, lambda p: p["total"] == 5, what="each scoring logged")
        outcomes = sorted(
            (e["outcome"], e["role"], e["target_id"] or "") for e in logged["entries"]
        )
        assert outcomes == [  # the admin's and the mechanical variable's refusals too
            ("denied", "admin", ""),
            ("invalid", "verifier", ""),
            ("ok", "verifier", "F-MC-1"),
            ("ok", "verifier", "F-PAN-1"),
            ("ok", "verifier", "F-PAN-1"),
        ]

        elsewhere = await staff_session(client, admin, "verifier", "otra-eleccion")
        for method, route, body in (
            ("GET", "/api/v1/candidaturas/F-PAN-1/cedula", None),
            ("PUT", "/api/v1/candidaturas/F-PAN-1/cedula", {"cumple": VERIFIER_MARKS}),
            ("GET", f"/api/v1/elecciones/{ELECTION}/cedula", None),
            ("GET", f"/api/v1/elecciones/{ELECTION}/cedula/descarga?formato=csv", None),
        ):
            hidden = await client.request(method, route, headers=bearer(elsewhere), json=body)
            assert hidden.status == 404, (route, await hidden.text())
        unchanged = await cedula_of(client, verifier, "F-PAN-1")
        assert unchanged["total"] == 25 and unchanged["scorings"] == 2


async def test_an_election_whose_profile_has_no_cedula_refuses_it_with_the_reason(
    fresh: Settings,
) -> None:
    async with (
        running(fresh, accounts, capture, moderation, audit),
        gateway_client(fresh) as client,
    ):
        admin = await election_under(client, fresh, "nuevo-leon")
        await validated(client, admin, "pan", "F-PAN-1")
        verifier = await staff_session(client, admin, "verifier")

        async def asked() -> Any:
            return await client.get("/api/v1/candidaturas/F-PAN-1/cedula", headers=bearer(verifier))

        refused = await eventually(asked, lambda r: r.status != 404, what="F-PAN-1 known")
        assert refused.status == 409
        assert "no lleva Cédula de Evaluación" in (await refused.json())["detail"]
        results = await client.get(f"/api/v1/elecciones/{ELECTION}/cedula", headers=bearer(admin))
        assert results.status == 409
        scored = await score(client, verifier, "F-PAN-1", VERIFIER_MARKS)
        assert scored.status == 409
        page = await client.get(f"/consola/cedula/{ELECTION}", headers=bearer(verifier))
        assert page.status == 409
        assert "no lleva Cédula de Evaluación" in await page.text()

        async def refusals() -> Any:
            return await audit_search(
                fresh, EntrySearch(accion="cedula.score", resultado="invalid")
            )

        logged = await eventually(refusals, lambda p: p["total"] == 1, what="refusal logged")
        assert logged["entries"][0]["role"] == "verifier"


async def test_the_analysis_area_reads_the_curricular_quality_per_party_and_a_party_does_not(
    fresh: Settings,
) -> None:
    """004 §47: whether each party's people (owners and alternates) met the capture, and
    the average of their complete Cédulas per rubro and in total; on /analisis and as CSV."""
    async with (
        running(fresh, accounts, capture, moderation, audit),
        gateway_client(fresh) as client,
    ):
        admin = await election_under(client, fresh, "estado-de-mexico")
        await validated(client, admin, "pan", "F-PAN-1", cursos=["Diplomado en políticas públicas"])
        verifier = await staff_session(client, admin, "verifier")
        analyst = await staff_session(client, admin, "analyst")
        await cedula_of(client, verifier, "F-PAN-1")
        assert (await score(client, verifier, "F-PAN-1", VERIFIER_MARKS)).status == 200

        quality = await client.get(
            f"/api/v1/elecciones/{ELECTION}/calidad-curricular", headers=bearer(analyst)
        )
        assert quality.status == 200, await quality.text()
        parties = {p["party"]: p for p in (await quality.json())["parties"]}
        pan = parties["pan"]
        # people are counted (004 §46): the owner and her alternate (Lucía Peña Ibáñez)
        # both met the capture; MC's owner, not validated, did not
        assert (pan["candidacies"], pan["captured"], pan["not_captured"]) == (2, 2, 0)
        assert pan["scored"] == 1
        assert (pan["average_points"], pan["average_percentage"]) == (49.0, 100.0)
        assert sum(r["average"] for r in pan["rubros"]) == 49.0
        mc = parties["mc"]
        assert (mc["captured"], mc["not_captured"], mc["average_points"]) == (0, 1, None)

        page = await client.get(f"/analisis?eleccion={ELECTION}", headers=bearer(analyst))
        assert page.status == 200
        said = await page.text()
        assert "Calidad curricular por partido o candidatura independiente" in said
        assert "Este proceso no prevé informes de avance de la captura." in said  # 001: none
        download = await client.get(
            f"/analisis/calidad?eleccion={ELECTION}", headers=bearer(analyst)
        )
        assert download.status == 200 and download.content_type == "text/csv"
        rows = list(csv.DictReader(io.StringIO((await download.read()).decode("utf-8-sig"))))
        pan_row = next(
            r for r in rows if r["Partido o candidatura independiente"] == "Partido Acción Nacional"
        )
        assert (
            pan_row["Cumplieron con la captura"] == "2"
            and pan_row["Porcentaje promedio"] == "100.0"
        )

        supervisor = await session_of(
            client, (await issue_party(client, admin, "mc", ELECTION))["supervisor"]
        )
        for refused in (
            await client.get(
                f"/api/v1/elecciones/{ELECTION}/calidad-curricular", headers=bearer(supervisor)
            ),
            await client.get(f"/analisis?eleccion={ELECTION}", headers=bearer(supervisor)),
        ):
            assert refused.status == 403
