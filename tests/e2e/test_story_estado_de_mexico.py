"""Estado de México's procedure (seed 001), from the first import to the last backup, in a
real browser. What this profile makes different, asserted on screen: every candidacy has
an account of its own, and the candidate captures directly (001 §9, §11); the formula's
alternate is a candidacy too, with questionnaires of its own sent with the owner's (§3);
the supervisor edits before validating (§26); an affirmative-action candidacy's identity
answers are public without consent (§19); a change request enables the named fields for
the party to capture again and validate (§31-32)."""

from pathlib import Path

import pytest

from services.runtime.settings import Settings
from tests.support.browser import assert_usable
from tests.support.story import (
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
    reissued,
    restored_in_an_empty_deployment,
    screen_and_disable,
    story_of,
    the_story_ends,
    validate_from_queue,
    validated_by_its_party,
)

pytestmark = pytest.mark.timeout(600)

OWNER = "María Fernanda Ávila Núñez"
MC_OWNER = "Sofía Muñoz"
NEW_FIRST_PROPOSAL = (
    "Abriré en cada colonia un centro comunitario con biblioteca, internet gratuito y "
    "talleres de oficios por las tardes, con un presupuesto que el Cabildo publique cada "
    "trimestre y una asamblea vecinal que decida sus horarios y sus actividades. Los "
    "primeros diez centros abrirán en el primer año en las colonias con menos espacios "
    "públicos, y cada uno rendirá cuentas de cuántas personas atendió."
)


async def test_the_estado_de_mexico_procedure_end_to_end(fresh: Settings, tmp_path: Path) -> None:
    async with story_of(fresh, tmp_path, "estado-de-mexico") as story:
        base = story.base
        codes = await election_registered(story)
        supervisor = await story.activated_and_signed_in(account(codes, "supervision"))

        # Each candidacy has its own account: the candidate captures directly.
        candidate = await story.activated_and_signed_in(await reissued(story, OWNER))
        # The alternate is a candidacy too: her questionnaires go with the formula's (§3).
        await capture_and_submit(candidate, base, "F-PAN-1", tmp_path, alternate=True)
        await questionnaire_says(candidate, base, "F-PAN-1", editable=False)
        # The supervisor may still edit, then validates.
        await questionnaire_says(supervisor, base, "F-PAN-1", editable=True)
        await validate_from_queue(supervisor, base)

        # MC's affirmative-action candidacy, without a consent document.
        await validated_by_its_party(story, "mc", "F-MC-1", consent=False)

        await screen_and_disable(story, OWNER)
        await not_found_by_a_citizen(story, "maria fernanda avila", OWNER)

        await publication_day_arrives(story)
        profile = await found_by_a_citizen(story, "maria fernanda avila", OWNER)
        shown = await profile.inner_text("main")
        assert "vota por nosotros" not in shown  # the disabled proposal is not published
        assert await identity_shown(profile)  # by her signed consent
        alternate = profile.locator('section[aria-labelledby="suplente"]')
        assert "Huertos escolares en cada primaria" in await alternate.inner_text()
        other = await found_by_a_citizen(story, "sofia munoz", MC_OWNER)
        assert await identity_shown(other)  # without consent: the affirmative action's rule
        assert "Acción afirmativa:" not in await other.inner_text("main")  # its type is not

        # A change request: the admin enables the field; the party captures it again.
        await file_change_request(supervisor, base, "F-PAN-1", "propuesta_1", NEW_FIRST_PROPOSAL)
        admin = await story.page_as(story.admin)
        await admin.goto(f"{base}moderacion/solicitudes")
        await admin.get_by_role("link", name=OWNER).click()
        await admin.get_by_text("los campos se habilitan al partido").wait_for()
        await admin.get_by_role("button", name="Aprobar la solicitud").click()
        await admin.get_by_text("Se aprobó la solicitud").wait_for()
        await assert_usable(admin)
        await supervisor.goto(f"{base}captura/F-PAN-1/curricular")
        await supervisor.locator('[name="propuesta_1"]').fill(NEW_FIRST_PROPOSAL)
        await supervisor.get_by_role("button", name="Guardar el borrador").click()
        await supervisor.get_by_text("Guardado a las").wait_for()
        await validate_from_queue(supervisor, base)
        await change_shown(profile, "centro comunitario")

        archive = await the_story_ends(story, supervisor, supervisor, profile, other)
    await restored_in_an_empty_deployment(story.settings, archive, "F-PAN-1", OWNER)
