"""Zacatecas's procedure (seed 002), from the first import to the last backup, in a real
browser. What this profile makes different, asserted on screen: the institute issues a
generic account to the party and one to each of its candidacies, delivered within 3 days
(002 §I.A.1.III, §II.A); the supervisor edits co-responsibly and the party reads the
notice of the edit (§II.B.1), and the party may ask the institute for a correction
itself (§I.B.1.IX); nothing validated is public until the institute authorises it, and
an affirmative action's type shows on its profile (§II.C); a change request comes
through the party's representation, and the fields it names open to the party for 24
hours (§II.C); the institute receives and keeps an independent's consent instead of
verifying it (§II.B.3)."""

import datetime as dt
from pathlib import Path

import pytest
from playwright.async_api import Page

from services.runtime.settings import Settings
from tests.support.browser import assert_usable
from tests.support.capture import TEXT
from tests.support.moderation import independent_session, upload_consent
from tests.support.story import (
    Story,
    account,
    capture_and_submit,
    change_shown,
    election_registered,
    file_change_request,
    found_by_a_citizen,
    identity_shown,
    institute_declines,
    not_found_by_a_citizen,
    publication_day_arrives,
    questionnaire_says,
    reissued,
    restored_in_an_empty_deployment,
    screen_and_disable,
    story_of,
    the_story_ends,
    validate_from_queue,
    validated_by_its_party,
)
from tests.support.waiting import eventually

pytestmark = pytest.mark.timeout(900)  # two cores shared by several browsers

OWNER = "María Fernanda Ávila Núñez"
MC_OWNER = "Sofía Muñoz"
INDEPENDENT = "Raúl Cantú"
SUPERVISORS_TEXT = TEXT + " Fui regidora de 2018 a 2021 y presidí la comisión de obras."
NEW_FIRST_PROPOSAL = (
    "Abriré en cada colonia un centro comunitario con biblioteca, internet gratuito y "
    "talleres de oficios por las tardes, con un presupuesto que el Cabildo publique cada "
    "trimestre y una asamblea vecinal que decida sus horarios y sus actividades. Los "
    "primeros diez centros abrirán en el primer año en las colonias con menos espacios "
    "públicos, y cada uno rendirá cuentas de cuántas personas atendió."
)


async def accounts_console_shows(story: Story) -> None:
    """The console lists the party's generic account beside each candidacy's own, and
    the party's row its delivery deadline: 3 days after the candidacy's approval."""
    page = await story.page_as(story.admin)
    await page.goto(story.base + "consola/cuentas")
    row = page.locator("table").first.locator("tr", has_text="(PAN)")
    said = " ".join((await row.inner_text()).split())
    assert "3 días desde la aprobación de la candidatura" in said, said
    accounts = " ".join(
        (await page.locator("section", has=page.locator("#lista")).inner_text()).split()
    )
    assert "pan-captura" in accounts and OWNER in accounts, accounts
    await assert_usable(page)


async def party_asks_the_institute(page: Page, base: str, candidacy: str) -> None:
    """The party's capture account asks the institute to correct a submitted field, from
    the candidacy's page (002 §I.B.1.IX)."""
    await page.goto(f"{base}captura/{candidacy}")
    await page.get_by_text("Pedir al Instituto una corrección").click()
    await page.get_by_label("Segunda de sus dos principales propuestas").check()
    await page.get_by_label("Nota para el Instituto").fill("Menciona a otra candidatura.")
    await assert_usable(page)
    await page.get_by_role("button", name="Pedir la corrección").click()
    await page.get_by_text("Se pidió al Instituto la corrección").wait_for()
    await assert_usable(page)


async def supervisor_edits(page: Page, base: str, candidacy: str) -> None:
    await page.goto(f"{base}captura/{candidacy}/curricular")
    await page.locator('[name="trayectoria_politica"]').fill(SUPERVISORS_TEXT)
    await page.get_by_role("button", name="Guardar el borrador").click()
    await page.get_by_text("Guardado a las").wait_for()
    await assert_usable(page)


async def party_reads_the_notice(page: Page, base: str, subject: str) -> None:
    async def notices() -> str:
        await page.goto(f"{base}avisos")
        return await page.inner_text("main")

    await eventually(notices, lambda text: subject in text, what="the party's notice")
    await assert_usable(page)


async def institute_authorises(story: Story, page: Page, *owners: str) -> None:
    """The verifier authorises each validated candidacy's publication (002 §II.C)."""

    async def queue() -> str:
        await page.goto(story.base + "moderacion/autorizaciones")
        return await page.inner_text("main")

    await eventually(queue, lambda text: all(o in text for o in owners), what="authorisations")
    await assert_usable(page)
    for owner in owners:
        await page.get_by_role("button", name=f"Autorizar la publicación de {owner}").click()
        await page.get_by_role("status").get_by_text("Se autorizó la publicación").wait_for()
    await assert_usable(page)


def moment(written: str) -> dt.datetime:
    """«16/12/2026 23:59 h», as the pages write a moment where the institute is."""
    return dt.datetime.strptime(written.strip(), "%d/%m/%Y %H:%M h")


async def fields_open_for_24_hours(admin: Page) -> None:
    """The request's page: the fields stay open to the party 24 hours from the decision."""

    async def facts() -> dict[str, str]:
        await admin.reload()
        terms = admin.locator("dl.datos dt")
        return {
            await terms.nth(i).inner_text(): await admin.locator("dl.datos dd").nth(i).inner_text()
            for i in range(await terms.count())
        }

    said = await eventually(
        facts, lambda said: "Campos habilitados hasta" in said, what="the fields open"
    )
    opened = moment(said["Decidida"])
    closes = moment(said["Campos habilitados hasta"])
    assert closes - opened in (dt.timedelta(hours=24), dt.timedelta(hours=24, minutes=1)), said
    await assert_usable(admin)


async def independent_consent_kept(story: Story, page: Page) -> None:
    """The independent's signed consent: the institute receives and keeps it (002 §II.B.3),
    it does not verify it."""
    independent = await independent_session(story.client, story.admin, "F-IND-1")
    await upload_consent(story.client, independent, "F-IND-1")

    async def listed() -> str:
        await page.goto(story.base + "moderacion/consentimientos")
        return await page.inner_text("main")

    await eventually(listed, lambda text: INDEPENDENT in text, what="the independent's consent")
    row = page.locator("tr", has_text=INDEPENDENT).first
    assert "Recibir y resguardar" in await row.inner_text()
    await assert_usable(page)
    await row.get_by_role("link", name=INDEPENDENT).click()
    await page.get_by_role("button", name="Registrar como recibido y resguardado").click()
    await (
        page.get_by_role("status")
        .get_by_text("Se registró el consentimiento como recibido y resguardado")
        .wait_for()
    )
    await assert_usable(page)


async def test_the_zacatecas_procedure_end_to_end(fresh: Settings, tmp_path: Path) -> None:
    # Two cores shared by several browsers: a service's answer may take longer than 5 s.
    settings = fresh.model_copy(update={"request_timeout_s": 20.0})
    async with story_of(settings, tmp_path, "zacatecas") as story:
        base = story.base
        codes = await election_registered(story)
        await accounts_console_shows(story)
        capturist = await story.activated_and_signed_in(account(codes, "captura"))
        supervisor = await story.activated_and_signed_in(account(codes, "supervision"))

        # The candidacy's own account captures and submits; then it only reads.
        candidate = await story.activated_and_signed_in(await reissued(story, OWNER))
        await capture_and_submit(candidate, base, "F-PAN-1", tmp_path)
        await questionnaire_says(candidate, base, "F-PAN-1", editable=False)
        # The party asks the institute for a correction, which the institute declines.
        await party_asks_the_institute(capturist, base, "F-PAN-1")
        await institute_declines(story.browser, base, story.admin)
        # The supervisor edits co-responsibly: the party reads that it did.
        await questionnaire_says(supervisor, base, "F-PAN-1", editable=True)
        await supervisor_edits(supervisor, base, "F-PAN-1")
        await party_reads_the_notice(capturist, base, "La supervisión modificó los cuestionarios")
        await validate_from_queue(supervisor, base)

        # MC's affirmative-action candidacy, without a consent document.
        await validated_by_its_party(story, "mc", "F-MC-1", consent=False)

        verifier = await screen_and_disable(story, OWNER)
        await independent_consent_kept(story, verifier)
        await not_found_by_a_citizen(story, "maria fernanda avila", OWNER)

        # The start date arrives: still nothing public until the institute authorises.
        await publication_day_arrives(story)
        await not_found_by_a_citizen(story, "maria fernanda avila", OWNER)
        await institute_authorises(story, verifier, OWNER, MC_OWNER)
        profile = await found_by_a_citizen(story, "maria fernanda avila", OWNER)
        shown = await profile.inner_text("main")
        assert "vota por nosotros" not in shown  # the disabled proposal is not published
        assert "Fui regidora" in shown  # the supervisor's edit is what is published
        assert await identity_shown(profile)  # by her signed consent
        other = await found_by_a_citizen(story, "sofia munoz", MC_OWNER)
        assert "Acción afirmativa: Persona indígena" in await other.inner_text("main")
        assert not await identity_shown(other)  # its type shows, not its identity answers

        # A change request through the party's representation: the fields open for 24 h.
        await file_change_request(capturist, base, "F-PAN-1", "propuesta_1", NEW_FIRST_PROPOSAL)
        admin = await story.page_as(story.admin)
        await admin.goto(f"{base}moderacion/solicitudes")
        await admin.get_by_role("link", name=OWNER).click()
        await admin.get_by_text("los campos se habilitan al partido").wait_for()
        await admin.get_by_role("button", name="Aprobar la solicitud").click()
        await admin.get_by_text("Se aprobó la solicitud").wait_for()
        await fields_open_for_24_hours(admin)
        await party_reads_the_notice(capturist, base, "Campos habilitados por la solicitud")
        await capturist.goto(f"{base}captura/F-PAN-1/curricular")
        await capturist.locator('[name="propuesta_1"]').fill(NEW_FIRST_PROPOSAL)
        await capturist.get_by_role("button", name="Guardar el borrador").click()
        await capturist.get_by_text("Guardado a las").wait_for()
        await validate_from_queue(supervisor, base)
        await change_shown(profile, "centro comunitario")

        archive = await the_story_ends(story, supervisor, capturist, profile, other)
    await restored_in_an_empty_deployment(story.settings, archive, "F-PAN-1", OWNER)
