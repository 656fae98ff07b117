"""Tabasco's procedure (seed 004), from the first import to the last backup, in a real
browser. What this profile makes different, asserted on screen: the institute issues only
the party's admin account, which creates its own capture, validation and supervision
sub-accounts (004 §10-13); the capture account still edits within the validation profile
after submitting (§27); there is no affirmative-action exception to consent (§19); the
institute verifies what is published, one profile at a time (§4.IV, §34); a change
request goes through the supervision and the institute applies its text (§31); the
admin consults and downloads the incident report (§36); and the analysis phase reads the
progress reports, the curricular quality per party and the identity matrix (§4.V,
§45-48)."""

import csv
import io
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Page

from services.runtime.settings import Settings
from tests.support.accounts import bearer, issue_party, pdf_text, session_of, sub_accounts
from tests.support.browser import assert_usable
from tests.support.capture import capture_all, submit
from tests.support.story import (
    ELECTION,
    Story,
    account,
    capture_and_submit,
    change_shown,
    election_registered,
    file_change_request,
    found_by_a_citizen,
    identity_shown,
    issued_codes,
    not_found_by_a_citizen,
    publication_day_arrives,
    questionnaire_says,
    restored_in_an_empty_deployment,
    screen_and_disable,
    story_of,
    the_story_ends,
    validate_from_queue,
)

pytestmark = pytest.mark.timeout(600)

OWNER = "María Fernanda Ávila Núñez"
MC_OWNER = "Sofía Muñoz"
TEAM = (("Captura", "Rosa Hernández Cruz"), ("Validación", "Jorge Luna Pérez"))
SUPERVISION = ("Supervisión", "Lucía Peña Ibáñez")
CORRECTED_PHONE = "993 312 4567"
INSTITUTES_TEXT = (
    "Construiré en cada cabecera municipal un centro de salud con consulta de medicina "
    "general, odontología y atención a la salud mental por las tardes, con un presupuesto "
    "que el Congreso revise cada año en una sesión abierta y un comité de vecinas y vecinos "
    "que vigile sus horarios y su abasto de medicamentos. Los primeros centros abrirán en el "
    "primer año en los municipios con menos clínicas."
)


async def sub_accounts_created(story: Story, party_admin: Page) -> dict[str, dict[str, str]]:
    """The party's admin opens its sub-accounts page from the menu and creates one account
    for each role it designates (004 §10, §12): the code of each, shown once, by role."""
    base = story.base
    await party_admin.get_by_role("link", name="Subcuentas").click()
    await party_admin.get_by_role("heading", name="Subcuentas del partido").wait_for()
    await assert_usable(party_admin)
    made: dict[str, dict[str, str]] = {}
    for role, name in (*TEAM, SUPERVISION):
        await party_admin.get_by_label("Rol").select_option(label=role)
        await party_admin.get_by_label("Nombre completo").fill(name)
        await party_admin.get_by_role("button", name="Crear la subcuenta").click()
        await party_admin.get_by_role("heading", name="Cuentas emitidas").wait_for()
        [(usuario, codigo)] = (await issued_codes(party_admin)).items()
        row = await party_admin.locator("tbody tr").first.inner_text()
        assert role in row and name in row, row
        made[role] = {"usuario": usuario, "codigo": codigo}
        await party_admin.get_by_role("link", name="Volver a la consola").click()
        await party_admin.wait_for_url(f"{base}consola/subcuentas")
    for role, name in (*TEAM, SUPERVISION):  # each one the party's admin may revoke
        row = party_admin.locator("tbody tr", has_text=name)
        assert role in await row.inner_text()
        await row.get_by_role("button", name="Revocar").wait_for()
    await assert_usable(party_admin)
    return made


async def captured_and_validated_by_its_team(story: Story, party: str, candidacy: str) -> None:
    """Another party's candidacy, captured without a consent document and validated over the
    API by the sub-accounts its admin creates (the story's browser follows one candidacy;
    this one stands beside it on the portal)."""
    issued = await issue_party(story.client, story.admin, party, ELECTION, supervisor=False)
    party_admin = await session_of(story.client, issued["party_admin"])
    made = await sub_accounts(story.client, party_admin, "capturist", "supervisor")
    team = {role: await session_of(story.client, made[role]) for role in made}
    await capture_all(story.client, team["capturist"], candidacy)
    sent = await submit(story.client, team["capturist"], candidacy, True)
    assert (await sent.json())["submitted"], await sent.text()
    validated = await story.client.post(
        f"/api/v1/candidaturas/{candidacy}/validacion", headers=bearer(team["supervisor"])
    )
    assert validated.status == 200, await validated.text()


async def corrected_before_validation(page: Page, base: str, candidacy: str) -> None:
    """The capture account, after submitting, still corrects within the validation profile
    (004 §27): it saves a new public phone."""
    await page.goto(f"{base}captura/{candidacy}/curricular")
    await page.locator('[name="telefonos_publicos"]').first.fill(CORRECTED_PHONE)
    await page.get_by_role("button", name="Guardar el borrador").click()
    await page.get_by_text("Guardado a las").wait_for()
    await assert_usable(page)


async def published_verified(story: Story, verifier: Page, owner: str) -> None:
    """The verification of what is published (004 §4.IV, §34): the verifier marks the
    profile as verified, with a note, and the list says when."""
    await verifier.goto(f"{story.base}moderacion/publicadas")
    await verifier.get_by_role(
        "heading", name="Fase de validación y verificación de lo publicado"
    ).wait_for()
    await assert_usable(verifier)
    row = verifier.locator("tbody tr", has_text=owner)
    assert "Sin verificar" in await row.inner_text()
    await row.get_by_label(f"Qué se verificó de {owner}").fill(
        "Los cuestionarios publicados concuerdan con los Lineamientos."
    )
    await row.get_by_role("button", name="Marcar como verificada").click()
    await verifier.get_by_role("status").get_by_text("Se registró la verificación").wait_for()
    row = verifier.locator("tbody tr", has_text=owner)
    said = await row.inner_text()
    assert "Sin verificar" not in said and "concuerdan con los Lineamientos" in said, said
    await assert_usable(verifier)


async def incident_report_downloaded(story: Story) -> None:
    """The admin consults the bitácora and downloads the technical report of failures, as
    PDF and as CSV, of today (004 §36)."""
    page = await story.page_as(story.admin)
    await page.goto(f"{story.base}incidentes")
    await page.get_by_role("heading", name="Bitácora de incidentes").wait_for()
    listed = await page.locator("table").inner_text()
    assert "Resuelto e informado" in listed, listed
    assert "Lo más pronto posible" not in listed  # due by the next business day (§36)
    await assert_usable(page)
    today = story.today().isoformat()
    downloads: dict[str, bytes] = {}
    for kind in ("pdf", "csv"):
        await page.get_by_label("Primer día").fill(today)
        await page.get_by_label("Último día").fill(today)
        await page.get_by_label("Formato").select_option(kind)
        async with page.expect_download() as downloading:
            await page.get_by_role("button", name="Descargar").click()
        saved = story.folder / f"bitacora.{kind}"
        await (await downloading.value).save_as(saved)
        downloads[kind] = saved.read_bytes()
    assert "Captura de cuestionarios" in pdf_text(downloads["pdf"])
    rows = list(csv.DictReader(io.StringIO(downloads["csv"].decode("utf-8-sig"))))
    assert len(rows) >= 1, rows


async def analysis_read(story: Story) -> None:
    """The analysis phase (004 §4.V, §45-48): the analyst makes a progress report on demand,
    downloads it as PDF and CSV, reads the curricular quality per party and downloads the
    identity data matrix, which names no one."""
    page = await story.staff("analyst")
    await page.goto(story.base + "avisos")
    await page.get_by_role("link", name="Análisis").click()
    await page.get_by_role("heading", name="Análisis cualitativo y cuantitativo").wait_for()
    await assert_usable(page)
    await page.get_by_role("button", name="Elaborar un informe ahora").click()
    await page.get_by_role("status").get_by_text("Se elaboró el informe de avance.").wait_for()
    made = page.get_by_role("table", name="Informes elaborados, el más reciente primero")
    assert "Informe a petición" in await made.inner_text()
    await assert_usable(page)

    async def download(link: Any, name: str) -> bytes:
        async with page.expect_download() as downloading:
            await link.click()
        saved = story.folder / name
        await (await downloading.value).save_as(saved)
        return saved.read_bytes()

    pdf = await download(
        page.get_by_role("link", name=re.compile(r"^Informe a petición.*en PDF$")).first,
        "informe.pdf",
    )
    text = pdf_text(pdf)
    assert "Partido Acción Nacional" in text and "Movimiento Ciudadano" in text, text
    table = await download(
        page.get_by_role("link", name=re.compile(r"^Informe a petición.*en CSV$")).first,
        "informe.csv",
    )
    rows = list(csv.DictReader(io.StringIO(table.decode("utf-8-sig"))))
    pan = next(
        r
        for r in rows
        if r["Postulante"] == "Partido Acción Nacional" and r["Cargo"] == "Todos los cargos"
    )
    assert pan["Enviadas"] == "2", pan  # both people of F-PAN-1: owner and alternate
    quality = await page.get_by_role(
        "table", name="Calidad curricular por partido o candidatura independiente"
    ).inner_text()
    assert "Partido Acción Nacional" in quality and "Movimiento Ciudadano" in quality, quality
    matrix = (
        await download(
            page.get_by_role("link", name="Descargar la matriz de datos (CSV)"), "matriz.csv"
        )
    ).decode("utf-8-sig")
    assert matrix.startswith("cargo,postulante,sexo,edad"), matrix[:200]
    assert "\ndiputacion-mr,pan,Mujer," in matrix, matrix  # her answers, as a row
    assert "María" not in matrix and "Sofía" not in matrix and "F-PAN-1" not in matrix


async def test_the_tabasco_procedure_end_to_end(fresh: Settings, tmp_path: Path) -> None:
    async with story_of(fresh, tmp_path, "tabasco") as story:
        base = story.base
        # The institute issues only the party's admin account (004 §10-11).
        codes = await election_registered(story, supervisor="")
        assert len(codes) == 1, codes
        party_admin = await story.activated_and_signed_in(account(codes, "-admin"))
        team = await sub_accounts_created(story, party_admin)

        # The capture sub-account captures; it may still correct before validation (§27).
        capturist = await story.activated_and_signed_in(team["Captura"])
        await capture_and_submit(capturist, base, "F-PAN-1", tmp_path)
        await questionnaire_says(capturist, base, "F-PAN-1", editable=True)
        await corrected_before_validation(capturist, base, "F-PAN-1")
        # Validation validates and edits nothing; supervision edits, then validates (§26).
        validator = await story.activated_and_signed_in(team["Validación"])
        await questionnaire_says(validator, base, "F-PAN-1", editable=False)
        supervisor = await story.activated_and_signed_in(team["Supervisión"])
        await questionnaire_says(supervisor, base, "F-PAN-1", editable=True)
        await validate_from_queue(validator, base)

        # MC's affirmative-action candidacy, without a consent document.
        await captured_and_validated_by_its_team(story, "mc", "F-MC-1")

        verifier = await screen_and_disable(story, OWNER)
        await not_found_by_a_citizen(story, "maria fernanda avila", OWNER)
        await publication_day_arrives(story)
        profile = await found_by_a_citizen(story, "maria fernanda avila", OWNER)
        shown = await profile.inner_text("main")
        assert "vota por nosotros" not in shown  # the disabled proposal is not published
        assert CORRECTED_PHONE in shown  # the correction made before validation
        assert await identity_shown(profile)  # by her signed consent, with no check needed
        other = await found_by_a_citizen(story, "sofia munoz", MC_OWNER)
        assert not await identity_shown(other)  # no affirmative-action exception (§19)

        # The verification of what is published (§4.IV, §34).
        await published_verified(story, verifier, OWNER)

        # A change request through the supervision; the institute applies its text (§31).
        await file_change_request(supervisor, base, "F-PAN-1", "propuesta_1", INSTITUTES_TEXT)
        admin = await story.page_as(story.admin)
        await admin.goto(f"{base}moderacion/solicitudes")
        await admin.get_by_role("columnheader", name="Vence").wait_for()
        await admin.get_by_role("link", name=OWNER).click()
        await admin.get_by_text("El Instituto aplica el texto.").wait_for()
        await admin.get_by_role("button", name="Aprobar la solicitud").click()
        await admin.get_by_text("Se aprobó la solicitud").wait_for()
        await assert_usable(admin)
        await change_shown(profile, "centro de salud")

        # The incident was resolved by the next business day; the admin downloads the report.
        archive = await the_story_ends(story, supervisor, capturist, profile, other)
        await incident_report_downloaded(story)
        await analysis_read(story)
    await restored_in_an_empty_deployment(story.settings, archive, "F-PAN-1", OWNER)
