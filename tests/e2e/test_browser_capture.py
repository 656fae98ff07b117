"""The capture issue's done-when, in a real browser, under two profiles: a candidate
(Estado de México) or an independent (Tabasco) captures both questionnaires, uploads the
photo and the signed consent, accepts the privacy notice, submits once; the party's
supervisor — or the independent, who validates its own — validates. Every page passes
axe's WCAG 2.1 AA checks."""

from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Browser

from services.accounts.service import definition as accounts
from services.audit.service import definition as audit
from services.capture.service import definition as capture
from services.runtime.settings import Settings
from tests.support.accounts import bearer, issue_party, session_of
from tests.support.browser import assert_usable, chromium
from tests.support.capture import ELECTION, election_under
from tests.support.gateway import gateway_client
from tests.support.hosts import running
from tests.support.registry import as_csv, demo_rows
from tests.support.story import (
    activated_and_signed_in,
    ask_the_institute,
    capture_and_submit,
    institute_declines,
    questionnaire_says,
    validate_from_queue,
)

pytestmark = pytest.mark.timeout(300)


async def person_of(client: Any, admin: str, name: str) -> dict[str, Any]:
    """The candidacy's own account, with a fresh code (as its party's receipt shows it)."""
    listed = await (await client.get("/api/v1/cuentas", headers=bearer(admin))).json()
    account = next(a for a in listed["accounts"] if a["nombre"] == name)
    reissued = await client.post(
        f"/api/v1/cuentas/{account['account_id']}/reemision", headers=bearer(admin)
    )
    return dict((await reissued.json())["accounts"][0])


async def independent_team(
    client: Any, admin: str, candidacy: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Tabasco (004 §10-13): the institute issues the independent's admin account, which
    creates its own capture account."""
    issued = await client.post(
        "/api/v1/cuentas/ambito",
        headers=bearer(admin),
        json={"election_id": ELECTION, "scope": {"kind": "independent", "id": candidacy}},
    )
    assert issued.status == 200, await issued.text()
    [team_admin] = (await issued.json())["accounts"]
    token = await session_of(client, team_admin)
    made = await client.post(
        "/api/v1/subcuentas",
        headers=bearer(token),
        json={"rol": "capturist", "nombre": "Captura del equipo"},
    )
    assert made.status == 200, await made.text()
    reissued = await client.post(
        f"/api/v1/cuentas/{team_admin['account_id']}/reemision", headers=bearer(admin)
    )  # its code was spent above: the browser activates it anew
    return dict((await reissued.json())["accounts"][0]), dict((await made.json())["accounts"][0])


async def admin_pages(browser: Browser, base: str, admin: str, candidacy: str, tmp: Path) -> None:
    """What the institute's admin reads afterwards: the candidacies, the validated one, the
    registry's report on a bad file, the accounts console, the local mail, the activity log."""
    context = await browser.new_context()
    await context.add_cookies([{"name": "conoceles_acceso", "value": admin, "url": base}])
    page = await context.new_page()
    for path in ("captura", f"captura/{candidacy}", "consola/cuentas", "consola/correo"):
        await page.goto(base + path)
        await assert_usable(page)
    await page.goto(base + "consola/registro")
    await assert_usable(page)
    rows = demo_rows()
    rows[1]["nombres"] = ""
    bad = tmp / "registro.csv"
    bad.write_bytes(as_csv(rows))
    await page.get_by_label("Formato del archivo").select_option("csv")
    await page.get_by_label("Archivo del registro").set_input_files(bad)
    await page.get_by_role("button", name="Importar el registro").click()
    await page.get_by_role("columnheader", name="Motivo").wait_for()
    await assert_usable(page)
    await page.goto(base + "consola/bitacora")
    await page.get_by_role("heading", name="Entradas").wait_for()
    await assert_usable(page)


@pytest.mark.parametrize(
    ("profile", "candidacy", "captured_by", "capture_edits", "supervisor_edits"),
    [
        # Each candidacy has its own account; the supervisor edits, then validates.
        ("estado-de-mexico", "F-PAN-1", "candidate", False, True),
        # The supervisor does not edit: it asks the institute to correct (000 §4.3).
        ("nuevo-leon", "F-PAN-1", "capturist", False, False),
        # The supervisor edits co-responsibly (002 §II.B.1).
        ("zacatecas", "F-PAN-1", "capturist", False, True),
        # The candidacy still edits within the validation profile (003 §26).
        ("durango", "F-PAN-1", "capturist", True, True),
        # Only the independent's admin account comes from the institute (004 §10-13).
        ("tabasco", "F-IND-1", "team", True, None),
    ],
)
async def test_capture_submit_and_validate_in_a_browser(
    fresh: Settings,
    tmp_path: Path,
    profile: str,
    candidacy: str,
    captured_by: str,
    capture_edits: bool,
    supervisor_edits: bool | None,
) -> None:
    async with (
        running(fresh, accounts, capture, audit),
        gateway_client(fresh) as client,
        chromium() as browser,
    ):
        base = str(client.make_url("/"))
        admin = await election_under(client, fresh, profile)
        if captured_by == "team":
            team_admin, capturist = await independent_team(client, admin, candidacy)
        elif captured_by == "candidate":
            capturist = await person_of(client, admin, "María Fernanda Ávila Núñez")
        else:
            pan = await issue_party(client, admin, "pan", ELECTION)
            capturist = pan["capturist"]
        page = await activated_and_signed_in(browser, base, capturist)
        # Under Estado de México the alternate's questionnaires go with the owner's (001 §3).
        alternate = profile == "estado-de-mexico"
        await capture_and_submit(page, base, candidacy, tmp_path, alternate=alternate)
        await questionnaire_says(page, base, candidacy, editable=capture_edits)

        if supervisor_edits is None:  # an independent's team validates its own (004 §27)
            await validate_from_queue(
                await activated_and_signed_in(browser, base, team_admin), base
            )
        else:
            if captured_by != "capturist":
                pan = await issue_party(client, admin, "pan", ELECTION)
            supervisor = await activated_and_signed_in(browser, base, pan["supervisor"])
            await questionnaire_says(supervisor, base, candidacy, editable=supervisor_edits)
            if not supervisor_edits:  # it asks the institute, which decides first (000 §4.3)
                await ask_the_institute(supervisor, base)
                await institute_declines(browser, base, admin)
            await validate_from_queue(supervisor, base)

        listed = await (await client.get("/api/v1/candidaturas", headers=bearer(admin))).json()
        status = {c["candidacy_id"]: c["capture_status"] for c in listed["candidacies"]}
        assert status[candidacy] == "validated"
        await admin_pages(browser, base, admin, candidacy, tmp_path)
