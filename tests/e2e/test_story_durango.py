"""Durango's procedure (seed 003), from the first import to the last backup, in a real
browser. What this profile makes different, asserted on screen: the accounts go to the
party's representation and the supervisor captures (003 §10, §15); the candidacy still edits
within the validation profile until it is validated (§26); the supervisor validates with no
authorisation by the institute, and identity answers are public only by consent, with no
exception for an affirmative action (§19); only a consented candidacy's identity answers go to
INE (§28); the simplified privacy notice is at hand (§40); a change request goes through the
supervisor and the institute applies it by the next business day (§30); an incident names
its type of anomaly and is resolved as soon as technically possible, with no due day, and
the bitácora is reported to the transparency commission (§34)."""

from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Page

from services.runtime.settings import Settings
from tests.support.accounts import bearer, staff_session
from tests.support.browser import assert_usable
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
    not_found_by_a_citizen,
    publication_day_arrives,
    questionnaire_says,
    restored_in_an_empty_deployment,
    screen_and_disable,
    story_of,
    the_story_ends,
    validate_from_queue,
    validated_by_its_party,
)
from tests.support.waiting import eventually

pytestmark = pytest.mark.timeout(600)

OWNER = "María Fernanda Ávila Núñez"
MC_OWNER = "Sofía Muñoz"
CANDIDATES_TRAJECTORY = (
    "Fui regidora de mi municipio de 2018 a 2021, donde presidí la comisión de agua potable "
    "y promoví que las sesiones del Cabildo se transmitieran en vivo; antes coordiné por seis "
    "años un comedor comunitario en la colonia donde crecí, y desde 2022 acompaño a los "
    "comités vecinales que vigilan las obras públicas del municipio y publican cada año "
    "un informe de lo que encontraron, con fotografías de cada obra y lo que costó."
)
INSTITUTES_TEXT = (
    "Rehabilitaré los pozos y la red de agua potable de las colonias que hoy reciben pipas, "
    "con un calendario de obra que el Cabildo publique cada mes y un comité vecinal que "
    "revise cada entrega; los primeros cinco pozos quedarán listos en el primer año y cada "
    "colonia sabrá cuántas horas al día tiene agua, cuánto costó cada obra y qué empresa "
    "la hizo, en un tablero abierto que cualquiera pueda consultar desde su teléfono."
)


async def candidate_edits_before_validation(page: Page, base: str, candidacy: str) -> None:
    """The candidacy, within the validation profile, corrects its own trajectory after the
    supervisor sent the questionnaires (003 §26)."""
    await page.goto(f"{base}captura/{candidacy}/curricular")
    await page.locator('[name="trayectoria_politica"]').fill(CANDIDATES_TRAJECTORY)
    await page.get_by_role("button", name="Guardar el borrador").click()
    await page.get_by_text("Guardado a las").wait_for()
    assert await page.get_by_role("heading", name="Campos por revisar").count() == 0
    await assert_usable(page)


async def simplified_notice_read(story: Story) -> None:
    """A citizen opens the simplified privacy notice from the portal (003 §40): it names
    the institute that holds the data."""
    page = await story.citizen()
    await page.goto(story.base)
    await page.get_by_role("link", name="Aviso de privacidad simplificado").click()
    await page.get_by_role("heading", name="Aviso de privacidad simplificado").wait_for()
    assert story.profile.institute in await page.inner_text("main")
    await assert_usable(page)


async def ine_identity(story: Story) -> dict[str, dict[str, Any]]:
    """INE's feed as INE's account reads it: the identity answers of each candidacy's last
    published change."""
    ine = await staff_session(story.client, story.admin, "ine", ELECTION)

    async def changes() -> dict[str, dict[str, Any]]:
        answer = await story.client.get("/api/v1/ine/cambios", headers=bearer(ine))
        assert answer.status == 200, await answer.text()
        last = {}
        for change in (await answer.json())["changes"]:
            if change["kind"] == "published":
                last[change["candidacy_id"]] = change["profile"]["identity"]
        return last

    return await eventually(
        changes, lambda last: {"F-PAN-1", "F-MC-1"} <= set(last), what="both profiles at INE"
    )


async def test_the_durango_procedure_end_to_end(fresh: Settings, tmp_path: Path) -> None:
    # A machine shared with other tests answers slowly: generous waits for each service.
    settings = fresh.model_copy(update={"request_timeout_s": 30.0})
    async with story_of(settings, tmp_path, "durango") as story:
        base = story.base
        # The accounts go to the party's representation, with its supervisor's.
        codes = await election_registered(story)

        # The supervisor captures the party's candidacy and sends it (003 §15).
        supervisor = await story.activated_and_signed_in(account(codes, "supervision"))
        await capture_and_submit(supervisor, base, "F-PAN-1", tmp_path)
        # The candidacy still edits within the validation profile until it is validated.
        candidate = await story.activated_and_signed_in(account(codes, "captura"))
        await questionnaire_says(candidate, base, "F-PAN-1", editable=True)
        await candidate_edits_before_validation(candidate, base, "F-PAN-1")
        await questionnaire_says(supervisor, base, "F-PAN-1", editable=True)
        await validate_from_queue(supervisor, base)
        await questionnaire_says(candidate, base, "F-PAN-1", editable=False)

        # MC's affirmative-action candidacy, without a consent document.
        await validated_by_its_party(story, "mc", "F-MC-1", consent=False)

        await screen_and_disable(story, OWNER)
        await not_found_by_a_citizen(story, "maria fernanda avila", OWNER)

        # No authorisation by the institute: validated and screened, it publishes that day.
        await publication_day_arrives(story)
        profile = await found_by_a_citizen(story, "maria fernanda avila", OWNER)
        shown = await profile.inner_text("main")
        assert "vota por nosotros" not in shown  # the disabled proposal is not published
        assert "comisión de agua potable" in shown  # the candidacy's own edit is
        assert await identity_shown(profile)  # by her signed consent, with no check
        other = await found_by_a_citizen(story, "sofia munoz", MC_OWNER)
        assert not await identity_shown(other)  # no consent: no affirmative-action exception
        assert "Acción afirmativa:" not in await other.inner_text("main")
        await simplified_notice_read(story)

        # INE receives the identity answers only of the candidacy that consented (003 §28).
        at_ine = await ine_identity(story)
        assert at_ine["F-PAN-1"] and at_ine["F-MC-1"] == {}

        # A change request through the supervisor; the institute applies it by the next
        # business day.
        await file_change_request(supervisor, base, "F-PAN-1", "propuesta_1", INSTITUTES_TEXT)
        admin = await story.page_as(story.admin)
        await admin.goto(f"{base}moderacion/solicitudes")
        await admin.get_by_text("día hábil siguiente").first.wait_for()
        await admin.get_by_role("columnheader", name="Vence").wait_for()
        await admin.get_by_role("link", name=OWNER).click()
        await admin.get_by_text("El Instituto aplica el texto.").wait_for()
        await admin.get_by_role("button", name="Aprobar la solicitud").click()
        await admin.get_by_text("Se aprobó la solicitud").wait_for()
        await assert_usable(admin)
        await change_shown(profile, "Rehabilitaré los pozos")

        archive = await the_story_ends(story, supervisor, candidate, profile, other)
        # The incident named its type of anomaly and had no due day: as soon as possible.
        facts = await candidate.locator("dl").first.inner_text()
        assert "Tipo de anomalía" in facts and "El sistema muestra un mensaje de error" in facts
        assert "Lo más pronto posible" in facts, facts
        # The admin's bitácora says it is reported to the transparency commission.
        await admin.goto(f"{base}incidentes")
        await admin.get_by_text("Comisión de Transparencia y Acceso a la Información").wait_for()
        await assert_usable(admin)
    await restored_in_an_empty_deployment(story.settings, archive, "F-PAN-1", OWNER)
