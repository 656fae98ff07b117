"""One institute's procedure told through the browser, from the first import to the last
backup (issue 17): the whole system in the test process (every service, the gateway on a
test server), Debian's Chromium, and the steps its people take, each on the pages they use.

Every page a step opens passes axe's WCAG 2.1 AA checks and fits a 390 px phone
(``assert_usable``). When a step fails, every page still open is kept as a screenshot in
the test's folder, named in the failure, so a person can see what the browser saw.
"""

import contextlib
import datetime as dt
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from aiohttp.test_utils import TestClient
from playwright.async_api import Browser, Page

from contracts.profile import InstituteProfile
from contracts.services import BACKEND_SERVICES
from services.accounts.service import definition as accounts
from services.audit.service import definition as audit
from services.capture.adapters.profile_files import SHIPPED, load_profile
from services.capture.demo import demo_config
from services.capture.service import definition as capture
from services.gateway.sessions import ACCESS_COOKIE
from services.incidents.service import definition as incidents
from services.moderation.service import definition as moderation
from services.publication.service import definition as publication
from services.runtime.database import deprovision
from services.runtime.settings import Settings
from tests.support.accounts import (
    STRONG_PASSWORD,
    bearer,
    issue_party,
    session_of,
    signed_in_admin,
    staff_session,
)
from tests.support.browser import assert_usable, chromium
from tests.support.capture import TEXT, capture_all, submit
from tests.support.gateway import gateway_client
from tests.support.hosts import running
from tests.support.moderation import upload_consent
from tests.support.photos import photo_with_gps
from tests.support.registry import as_csv, demo_rows, person
from tests.support.waiting import eventually

REPO = Path(__file__).resolve().parents[2]
ELECTION = demo_config().election_id
SLOGAN = TEXT + " Este 6 de junio vota por nosotros y marca la boleta."
ALTERNATES_PROPOSAL = "Huertos escolares en cada primaria del municipio. " + TEXT
"""A second proposal that calls to vote: the screening flags it for the verifier."""


@dataclass
class Story:
    """The running system, the browser, and the people signed in so far."""

    settings: Settings
    client: TestClient[Any, Any]
    browser: Browser
    folder: Path
    profile: InstituteProfile
    admin: str = ""
    pages: list[Page] = field(default_factory=list)

    @property
    def base(self) -> str:
        return str(self.client.make_url("/"))

    def today(self) -> dt.date:
        return dt.datetime.now(ZoneInfo(self.profile.time_zone)).date()

    async def page_as(self, token: str) -> Page:
        """A browser of its own for someone signed in with ``token`` (its cookie)."""
        context = await self.browser.new_context(accept_downloads=True)
        await context.add_cookies([{"name": ACCESS_COOKIE, "value": token, "url": self.base}])
        page = await context.new_page()
        self.pages.append(page)
        return page

    async def citizen(self) -> Page:
        page = await (await self.browser.new_context()).new_page()
        self.pages.append(page)
        return page

    async def activated_and_signed_in(self, account: dict[str, Any]) -> Page:
        page = await activated_and_signed_in(self.browser, self.base, account)
        self.pages.append(page)
        return page

    async def staff(self, role: str) -> Page:
        return await self.page_as(await staff_session(self.client, self.admin, role, ELECTION))

    async def keep_screenshots(self) -> list[Path]:
        kept = []
        for number, page in enumerate(self.pages):
            if page.is_closed():
                continue
            path = self.folder / f"fallo-{number:02d}.png"
            with contextlib.suppress(Exception):
                await page.screenshot(path=path, full_page=True)
                kept.append(path)
        return kept


async def activated_and_signed_in(browser: Browser, base: str, account: dict[str, Any]) -> Page:
    """What a person does with the code the institute (or the party) handed over: activate
    the account with a password of their own, then sign in."""
    page = await (await browser.new_context()).new_page()
    await page.goto(base + "activar")
    await page.get_by_label("Código de activación").fill(account["codigo"])
    await page.get_by_label("Contraseña nueva").fill(STRONG_PASSWORD)
    await page.get_by_label("Confirme la contraseña").fill(STRONG_PASSWORD)
    await page.get_by_role("button", name="Activar").click()
    await page.get_by_role("heading", name="Cuenta activada").wait_for()
    await page.goto(base + "entrar")
    await page.get_by_label("Usuario").fill(account["usuario"])
    await page.get_by_label("Contraseña").fill(STRONG_PASSWORD)
    await page.get_by_role("button", name="Entrar").click()
    await page.wait_for_url("**/avisos")
    await assert_usable(page)
    return page


@contextlib.asynccontextmanager
async def story_of(settings: Settings, folder: Path, profile_name: str) -> AsyncIterator[Story]:
    """The whole system under ``profile_name`` with its first admin signed in; on a failure,
    the screenshots of every open page."""
    settings = settings.model_copy(
        update={
            "backup_dir": folder / "respaldos",
            "open_data_min_interval_s": 0.0,
            # the whole system in one process beside a browser: a request may wait longer
            "request_timeout_s": 20.0,
        }
    )
    services = (accounts, capture, moderation, publication, audit, incidents)
    async with (
        running(settings, *services),
        gateway_client(settings) as client,
        chromium() as browser,
    ):
        profile = load_profile(SHIPPED / f"{profile_name}.toml")
        story = Story(settings, client, browser, folder, profile)
        story.admin, _ = await signed_in_admin(settings, client)
        try:
            yield story
        except BaseException as failure:
            kept = await story.keep_screenshots()
            failure.add_note("Capturas de pantalla: " + ", ".join(str(p) for p in kept))
            raise


# ----- the institute prepares the election -------------------------------------------------


async def configure(story: Story, publication_starts: dt.date) -> None:
    """The election under the story's profile (as the admin's API call configures it)."""
    config = demo_config(publication_starts).model_copy(update={"profile": story.profile.name})
    response = await story.client.post(
        "/api/v1/elecciones", headers=bearer(story.admin), json=config.model_dump(mode="json")
    )
    assert response.ok, await response.text()


async def election_registered(
    story: Story, supervisor: str = "Lucía Peña Ibáñez"
) -> dict[str, str]:
    """The opening every story shares: the election configured with its publication
    starting tomorrow, the registry's four formulas imported, and PAN's accounts issued
    and delivered (the codes by username); ``supervisor``: the name of the supervisor
    the institute designates ("" where it issues only the party's admin account)."""
    await configure(story, story.today() + dt.timedelta(days=1))
    await import_registry(story, demo_rows(), registered=4)
    return await issue_and_deliver(story, "pan", supervisor)


async def import_registry(story: Story, rows: list[dict[str, Any]], registered: int) -> Page:
    """The admin imports the registry's file on the import page and reads the report."""
    page = await story.page_as(story.admin)
    await page.goto(story.base + "consola/registro")
    await assert_usable(page)
    registry = story.folder / "registro.csv"
    registry.write_bytes(as_csv(rows))
    await page.get_by_label("Formato del archivo").select_option("csv")
    await page.get_by_label("Archivo del registro").set_input_files(registry)
    await page.get_by_role("button", name="Importar el registro").click()
    report = page.get_by_role("status")
    await report.get_by_role("heading", name="Registro importado").wait_for()
    said = " ".join((await report.inner_text()).split())
    assert f"Registradas por primera vez {registered}" in said, said
    await assert_usable(page)
    return page


async def issue_and_deliver(story: Story, party: str, supervisor: str) -> dict[str, str]:
    """On the accounts console the admin issues the party's accounts (naming its
    supervisor where the profile has one), downloads the receipt and records the delivery;
    the codes shown once, by username."""

    async def board() -> list[str]:
        response = await story.client.get("/api/v1/entregas", headers=bearer(story.admin))
        return [row["scope"]["id"] for row in (await response.json())["deliveries"]]

    await eventually(board, lambda scopes: party in scopes, what="accounts know the election")
    page = await story.page_as(story.admin)
    await page.goto(story.base + "consola/cuentas")
    await assert_usable(page)
    issue = page.locator(f"#emitir-party-{party}")
    if await issue.get_by_label("Nombre completo").count():
        await issue.get_by_label("Nombre completo").fill(supervisor)
        await issue.get_by_label("Correo electrónico").fill(f"supervision@{party}.mx")
    await issue.get_by_role("button").click()
    await page.get_by_role("heading", name="Cuentas emitidas").wait_for()
    await assert_usable(page)
    codes = await issued_codes(page)
    async with page.expect_download() as downloading:
        await page.get_by_role("link", name="Descargar el acuse de entrega (PDF)").click()
    assert (await downloading.value).suggested_filename == f"acuse-{party}.pdf"
    await page.get_by_role("link", name="Volver a la consola").click()
    await page.locator(f"#entrega-party-{party}").get_by_role("button").click()
    await page.get_by_role("heading", name="Consola de cuentas").wait_for()
    assert "Entregada" in await page.locator(f"#ambito-party-{party}").inner_text()
    return codes


async def issued_codes(page: Page) -> dict[str, str]:
    """The table of accounts just issued: each username and its one-time code."""
    rows = page.locator("tbody tr")
    return {
        await rows.nth(i).locator("th code").inner_text(): await rows.nth(i)
        .locator("code.codigo")
        .inner_text()
        for i in range(await rows.count())
    }


def account(codes: dict[str, str], part: str) -> dict[str, str]:
    """The issued account whose username holds ``part`` (``captura``, ``supervision``…)."""
    [usuario] = [user for user in codes if part in user]
    return {"usuario": usuario, "codigo": codes[usuario]}


async def reissued(story: Story, name: str) -> dict[str, str]:
    """A candidacy's own account reissued from the console's list: its new code, shown
    once, as the admin hands it to the candidate."""
    page = await story.page_as(story.admin)
    await page.goto(story.base + "consola/cuentas")
    row = page.locator("tr", has_text=name).first
    await row.get_by_role("button", name="Reemitir").click()
    await page.get_by_role("heading", name="¿Reemitir las credenciales?").wait_for()
    await assert_usable(page)
    await page.get_by_role("button", name="Sí, reemitir las credenciales").click()
    await page.get_by_role("heading", name="Cuentas emitidas").wait_for()
    codes = await issued_codes(page)
    [(usuario, codigo)] = codes.items()
    return {"usuario": usuario, "codigo": codigo}


# ----- the party or the candidate captures, the supervision validates ---------------------


async def fill_curricular(page: Page, second_proposal: str = SLOGAN) -> None:
    await page.locator('[name="telefonos_publicos"]').first.fill("81 1234 5678")
    await page.locator('[name="grado_maximo_estudios"]').select_option("Licenciatura")
    await page.locator('input[name="estatus_grado"][value="Título"]').check()
    for name in (
        "historia_profesional_laboral",
        "trayectoria_politica",
        "propuesta_1",
        "propuesta_genero_grupo",
    ):
        await page.locator(f'[name="{name}"]').fill(TEXT)
    await page.locator('[name="propuesta_2"]').fill(second_proposal)
    await page.locator('[name="correo_aclaraciones"]').fill("aclaraciones@ejemplo.mx")


IDENTITY_NO = (
    "indigena",
    "lengua_indigena",
    "discapacidad",
    "afromexicana",
    "lgbtttiq",
    "migrante",
    "poblacion_joven",
    "persona_mayor",
)


async def fill_identity(page: Page) -> None:
    for name in IDENTITY_NO:
        await page.locator(f'input[name="{name}"][value="No"]').check()
    await page.locator('[name="nivel_ingresos"]').select_option("De $25,001 a $50,000")
    await page.locator('input[name="fuente_ingresos"][value="Salario"]').check()


async def capture_and_submit(
    page: Page,
    base: str,
    candidacy: str,
    folder: Path,
    *,
    consent: bool = True,
    alternate: bool = False,
) -> None:
    """Both questionnaires saved as drafts, the photo (with GPS in its metadata) and the
    signed consent uploaded, the privacy notice read and accepted, and the one chance
    taken; ``alternate``: the formula's alternate's questionnaires and photo too."""
    await page.goto(f"{base}captura")
    await assert_usable(page)
    await (
        page.get_by_role("link", name=candidacy)
        .or_(page.locator(f'a[href="/captura/{candidacy}"]'))
        .first.click()
    )
    await assert_usable(page)
    for name, fill in (("curricular", fill_curricular), ("identidad", fill_identity)):
        await page.goto(f"{base}captura/{candidacy}/{name}")
        await assert_usable(page)
        await fill(page)
        await page.get_by_role("button", name="Guardar el borrador").click()
        await page.get_by_text("Guardado a las").wait_for()
    await page.goto(f"{base}captura/{candidacy}")
    photo = folder / "foto.jpg"
    photo.write_bytes(photo_with_gps())
    await page.locator('form[action$="/fotografia"] input[type="file"]').set_input_files(photo)
    await page.get_by_role("button", name="Subir la fotografía", exact=True).click()
    await page.get_by_text("Se recibió la fotografía;").wait_for()
    if alternate:
        await alternate_captured(page, base, candidacy, photo)
    if consent:
        signed = folder / "consentimiento.pdf"
        signed.write_bytes(b"%PDF-1.7\n% firmado a mano\n%%EOF\n")
        upload = page.locator('form[action$="/consentimiento"] input[type="file"]')
        await upload.set_input_files(signed)
        await page.get_by_role("button", name="Subir el documento firmado", exact=True).click()
        await page.get_by_text("Se recibió el documento de consentimiento firmado").wait_for()
    await assert_usable(page)
    await page.get_by_role("link", name="aviso integral").click()
    await assert_usable(page)
    await page.go_back()
    await page.locator("#aviso-acepto").check()
    await page.get_by_role("button", name="Aceptar el aviso de privacidad").click()
    await page.get_by_role("button", name="Revisar y enviar").click()
    await assert_usable(page)
    await page.get_by_role("button", name="Enviar los cuestionarios definitivamente").click()
    await page.get_by_text("Se enviaron los cuestionarios").wait_for()


async def alternate_captured(page: Page, base: str, candidacy: str, photo: Path) -> None:
    """The formula's alternate's own questionnaires, reached from the candidacy's page,
    saved; and its own photo uploaded there."""
    await page.get_by_role("heading", name="Suplente:").wait_for()
    for name in ("curricular", "identidad"):
        await page.locator(f'a[href="/captura/{candidacy}/suplente/{name}"]').click()
        await page.get_by_role("heading", name="de la persona suplente").wait_for()
        await assert_usable(page)
        if name == "curricular":
            await fill_curricular(page, second_proposal=ALTERNATES_PROPOSAL)
        else:
            await fill_identity(page)
        await page.get_by_role("button", name="Guardar el borrador").click()
        await page.get_by_text("Guardado a las").wait_for()
        await page.get_by_role("link", name="Volver a la candidatura").click()
    upload = page.locator('form[action$="/fotografia?persona=suplente"] input[type="file"]')
    await upload.set_input_files(photo)
    await page.get_by_role("button", name="Subir la fotografía de la persona suplente").click()
    await page.get_by_text("Se recibió la fotografía de la persona suplente").wait_for()
    await assert_usable(page)


async def questionnaire_says(page: Page, base: str, candidacy: str, *, editable: bool) -> None:
    """On screen: whether this reader may still change the submitted questionnaire."""
    await page.goto(f"{base}captura/{candidacy}/curricular")
    save = page.get_by_role("button", name="Guardar el borrador")
    if editable:
        await save.wait_for()
    else:
        await page.get_by_text("Solo consulta.").wait_for()
        assert await save.count() == 0


async def validate_from_queue(page: Page, base: str) -> None:
    await page.goto(f"{base}captura/validacion")
    await assert_usable(page)
    await page.get_by_role("button", name="Validar").first.click()
    await page.get_by_role("heading", name="Qué sucede al validar").wait_for()
    await assert_usable(page)
    await page.get_by_role("button", name="Validar los cuestionarios definitivamente").click()
    await page.get_by_text("Se validaron los cuestionarios").wait_for()


async def ask_the_institute(page: Page, base: str) -> None:
    await page.goto(f"{base}captura/validacion")
    await page.get_by_text("Pedir al Instituto una corrección").click()
    await page.get_by_label("Segunda de sus dos principales propuestas").check()
    await page.get_by_label("Nota para el Instituto").fill("Menciona a otra candidatura.")
    await assert_usable(page)
    await page.get_by_role("button", name="Pedir la corrección").click()
    await page.get_by_text("Se pidió al Instituto la corrección").wait_for()


async def institute_declines(browser: Browser, base: str, admin: str) -> None:
    """The admin opens the request from its list and declines it, with the reason."""
    context = await browser.new_context()
    await context.add_cookies([{"name": "conoceles_acceso", "value": admin, "url": base}])
    page = await context.new_page()
    await page.goto(f"{base}captura/correcciones")
    await assert_usable(page)
    await page.get_by_role("link", name="María Fernanda Ávila Núñez").click()
    await page.get_by_role("heading", name="Rechazar").wait_for()
    await assert_usable(page)
    await page.get_by_label("Motivo del rechazo").fill("La propuesta cumple los lineamientos.")
    await page.get_by_role("button", name="Rechazar").click()
    await page.wait_for_url("**/captura/correcciones**")
    await context.close()


async def validated_by_its_party(story: Story, party: str, candidacy: str, consent: bool) -> None:
    """Another party's candidacy captured, submitted and validated over the API (the
    story's browser follows one candidacy; this one stands beside it on the portal)."""
    issued = await issue_party(story.client, story.admin, party, ELECTION)
    capturist = await session_of(story.client, issued["capturist"])
    await capture_all(story.client, capturist, candidacy)
    if consent:
        await upload_consent(story.client, capturist, candidacy)
    sent = await submit(story.client, capturist, candidacy, True)
    assert (await sent.json())["submitted"], await sent.text()
    supervisor = await session_of(story.client, issued["supervisor"])
    validated = await story.client.post(
        f"/api/v1/candidaturas/{candidacy}/validacion", headers=bearer(supervisor)
    )
    assert validated.status == 200, await validated.text()


# ----- the institute moderates ---------------------------------------------------------------


async def screen_and_disable(story: Story, owner: str) -> Page:
    """The verifier finds the flagged submission in the queue, reads the evidence and
    disables the second proposal's publication, citing the slogan prohibition."""
    page = await story.staff("verifier")
    await page.goto(story.base + "moderacion")

    async def queue() -> str:
        await page.reload()
        return await page.inner_text("main")

    await eventually(queue, lambda text: owner in text, what="the submission in the queue")
    await assert_usable(page)
    row = page.locator("table tbody tr", has_text=owner)
    assert "Léxico" in await row.inner_text()
    await row.get_by_role("link").first.click()
    await page.locator("mark", has_text="vota por").wait_for()
    await assert_usable(page)
    await page.get_by_label("Qué deshabilitar").select_option(
        label="Segunda de sus dos principales propuestas"
    )
    await page.get_by_label("Prohibición que infringe").select_option("lemas_campana")
    await page.get_by_label("Motivo").fill("La propuesta termina con un llamado al voto.")
    await page.get_by_role("button", name="Deshabilitar la publicación").click()
    await page.get_by_role("status").get_by_text("Se deshabilitó la publicación").wait_for()
    await assert_usable(page)
    return page


# ----- the public ------------------------------------------------------------------------------


async def publication_day_arrives(story: Story) -> None:
    """The institute's calendar reaches the publication start: the election's start is
    today (the admin's calendar), and publication's timer publishes what is ready."""
    await configure(story, story.today())


async def found_by_a_citizen(story: Story, typed: str, owner: str) -> Page:
    """A citizen types a name without accents in the portal's search and opens the
    profile from the results."""
    page = await story.citizen()

    async def results() -> str:
        await page.goto(story.base + "?nombre=" + typed)
        return await page.inner_text("main")

    await eventually(results, lambda text: owner in text, timeout_s=30, what="public profile")
    await assert_usable(page)
    await page.get_by_role("link", name=owner).first.click()
    await page.get_by_role("heading", name=owner, level=1).wait_for()
    await assert_usable(page)
    return page


async def not_found_by_a_citizen(story: Story, typed: str, owner: str) -> None:
    page = await story.citizen()
    await page.goto(story.base + "?nombre=" + typed)
    assert owner not in await page.inner_text("main")
    await assert_usable(page)


async def identity_shown(page: Page) -> bool:
    """Whether the public profile shows the owner's identity answers, or says they are not
    public."""
    section = page.get_by_role("region", name="Cuestionario de identidad", exact=True)
    return "no se publican" not in await section.inner_text()


# ----- afterwards ----------------------------------------------------------------------------


async def file_change_request(
    page: Page, base: str, candidacy: str, name: str, text: str, photo: Path | None = None
) -> None:
    """The supervision files the one change request from the candidacy's page, naming one
    field and its new text; ``photo``: and a new photo, uploaded with the request."""
    await page.goto(f"{base}captura/{candidacy}")
    await page.get_by_role("link", name="Solicitar un cambio a la información validada").click()
    await page.locator(f"#campo-{name}").check()
    await page.locator(f"#texto-{name}").fill(text)
    if photo is not None:
        await page.locator("#campo-fotografia").check()
        await page.locator("#foto-fotografia").set_input_files(photo)
    await page.get_by_role("button", name="Presentar la solicitud de cambio").click()
    await page.get_by_text("Se presentó la solicitud de cambio").wait_for()
    await assert_usable(page)


async def photo_shown(profile: Page) -> str | None:
    """The address of the owner's photo on the public profile."""
    return await profile.locator("main img.foto").first.get_attribute("src")


async def change_shown(profile: Page, words: str) -> None:
    async def published_text() -> str:
        await profile.reload()
        return await profile.inner_text("main")

    await eventually(published_text, lambda text: words in text, what="the change public")


SUBSTITUTE = "Elena Garza"


async def substitution(story: Story, withdrawn: Page) -> None:
    """The registry's new file substitutes MC's formula: its public profile is withdrawn at
    once; the admin records the delivery of the substitute's accounts, and its capture
    window is 5 days."""
    rows = demo_rows()
    [mc] = [n for n, row in enumerate(rows) if row["clave"] == "F-MC-1"]
    rows[mc]["estatus"] = "sustituida"
    rows.append(
        person("F-MC-2", "propietaria", "Elena", "Garza", postulante="mc", sustituye_a="F-MC-1")
    )
    await import_registry(story, rows, registered=1)
    await withdrawn.reload()
    await withdrawn.get_by_role("heading", name="Esta candidatura ya no es pública").wait_for()
    await assert_usable(withdrawn)
    console = await story.page_as(story.admin)
    await console.goto(f"{story.base}consola/cuentas")
    await console.get_by_role(
        "button", name=f"Registrar la entrega de Sustitución: {SUBSTITUTE}"
    ).click()
    await console.get_by_text("Se registró la entrega de las cuentas.").wait_for()
    await assert_usable(console)

    async def window() -> str:
        await console.goto(f"{story.base}captura/F-MC-2")
        return await console.locator("dl").first.inner_text()

    assert "5 días" in await eventually(window, lambda text: "días" in text, what="window")


async def identity_leaves(profile: Page) -> None:
    async def identity_now() -> bool:
        await profile.reload()
        return await identity_shown(profile)

    await eventually(identity_now, lambda shown: not shown, what="identity hidden")


async def revoke_consent(page: Page, base: str, candidacy: str) -> None:
    """The supervision presents the candidate's revocation on the candidacy's page."""
    await page.goto(f"{base}captura/{candidacy}")
    await page.get_by_role("button", name="Revocar el consentimiento", exact=True).click()
    await page.get_by_role("heading", name="Qué sucede al revocar").wait_for()
    await assert_usable(page)
    await page.get_by_role("button", name="Sí, revocar el consentimiento").click()
    await page.get_by_text("Se revocó el consentimiento:").wait_for()
    await assert_usable(page)


async def incident_filed_and_resolved(story: Story, reporter: Page) -> None:
    """Someone reports a failure from the incident form; support takes it, resolves it
    and reports back; the reporter reads the outcome."""
    await reporter.goto(story.base + "incidentes/nuevo")
    await assert_usable(reporter)
    await reporter.get_by_label("Módulo").select_option(label="Captura de cuestionarios")
    kind = reporter.get_by_label("Tipo de anomalía")
    if await kind.count():
        await kind.select_option(label="El sistema muestra un mensaje de error")
    await reporter.get_by_label("Qué falló").fill(
        "Al subir la fotografía la página tardó y mostró un error; al repetirlo funcionó."
    )
    await reporter.get_by_role("button", name="Enviar el reporte").click()
    await reporter.get_by_text("Se registró su reporte").wait_for()
    heading = await reporter.get_by_role("heading", level=1).text_content()
    assert heading is not None and heading.startswith("Incidente INC-")
    folio = heading.removeprefix("Incidente ").strip()
    await assert_usable(reporter)
    support = await story.staff("support")
    await support.goto(story.base + "incidentes")
    await support.get_by_role("link", name=folio).click()
    await support.get_by_role("button", name="Tomar este incidente").click()
    await support.get_by_text("El incidente queda a su cargo.").wait_for()
    for state, note in (
        ("Resuelto", "Se amplió el tiempo de espera de la subida."),
        ("Resuelto e informado a quien lo reportó", "Se le informó por correo."),
    ):
        await support.get_by_label(state, exact=True).check()
        await support.locator("#estado-note").fill(note)
        await support.get_by_role("button", name="Guardar el estado").click()
        await support.get_by_text("Se actualizó el estado del incidente").wait_for()
    await assert_usable(support)
    await reporter.reload()
    await reporter.get_by_text("Resuelto e informado").first.wait_for()


def conoceles(settings: Settings, *args: str) -> subprocess.CompletedProcess[str]:
    """A ``conoceles`` command typed beside the running system, as the README writes it."""
    return subprocess.run(
        [sys.executable, "-m", "services.launcher.cli", *args],
        cwd=REPO,
        env={**os.environ, **settings.as_env()},
        capture_output=True,
        text=True,
        timeout=120,
    )


def audit_verifies(settings: Settings) -> None:
    done = conoceles(settings, "audit", "verify")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("OK: "), done.stdout


async def backup_taken(story: Story) -> Path:
    """``conoceles backup`` beside the running system; the admin finds it, correct, with
    its SHA-256, in the console's list of backups."""
    before = set((story.folder / "respaldos").glob("*.tar"))
    taken = conoceles(story.settings, "backup")
    assert taken.returncode == 0, taken.stdout + taken.stderr
    [archive] = set((story.folder / "respaldos").glob("*.tar")) - before
    page = await story.page_as(story.admin)
    await page.goto(story.base + "consola/respaldos")
    row = page.locator("tbody tr", has_text=archive.name)
    assert "Correcto" in await row.inner_text()
    await assert_usable(page)
    return archive


async def restored_in_an_empty_deployment(
    settings: Settings, archive: Path, candidacy: str, owner: str
) -> None:
    """The deployment emptied (its database and roles gone), ``conoceles restore`` brings
    it back, and the published profile is served as it was."""
    await deprovision(settings, [str(s) for s in BACKEND_SERVICES])
    restored = conoceles(settings, "restore", str(archive))
    assert restored.returncode == 0, restored.stdout + restored.stderr
    async with (
        running(settings, publication),
        gateway_client(settings) as client,
        chromium() as browser,
    ):
        page = await (await browser.new_context()).new_page()
        base = str(client.make_url("/"))

        async def shown() -> str:
            await page.goto(f"{base}candidaturas/{candidacy}")
            return await page.inner_text("main")

        await eventually(shown, lambda text: owner in text, what="the restored profile")
        await assert_usable(page)


async def the_story_ends(
    story: Story, supervisor: Page, reporter: Page, profile: Page, withdrawn: Page
) -> Path:
    """The ending every story shares: MC's formula substituted (its profile withdrawn, a
    5-day window), the candidate's consent revoked through the supervision (identity leaves
    her public profile), an incident filed and resolved, the activity log verified, and a
    backup taken; the archive, for a restore once the system stops."""
    await substitution(story, withdrawn)
    await revoke_consent(supervisor, story.base, "F-PAN-1")
    await identity_leaves(profile)
    await incident_filed_and_resolved(story, reporter)
    audit_verifies(story.settings)
    return await backup_taken(story)
