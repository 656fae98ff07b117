"""Nuevo León's procedure (seed 000), from the first import to the last backup, in a real
browser. What this profile makes different, asserted on screen: the party's capture
account captures (§3.3, §3.8); the supervisor cannot edit and asks the institute to
correct instead (§4.3); identity answers publish only once the institute verified the
signed consent (§3.9); a change request is applied by the institute, with the text it
approves (§5.4)."""

from pathlib import Path

import pytest

from services.runtime.settings import Settings
from tests.support.browser import assert_usable
from tests.support.photos import small_photo
from tests.support.story import (
    account,
    ask_the_institute,
    capture_and_submit,
    change_shown,
    election_registered,
    file_change_request,
    found_by_a_citizen,
    identity_shown,
    institute_declines,
    not_found_by_a_citizen,
    photo_shown,
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
INSTITUTES_TEXT = (
    "Instalaré en cada escuela secundaria del distrito un comedor que sirva desayuno y "
    "comida a quien lo necesite, con menús revisados por nutriólogas y compras a "
    "productores de la región; el Congreso revisará cada año cuántos alumnos comieron, "
    "cuánto costó cada ración y qué escuelas faltan, en una sesión abierta al público. "
    "Los primeros comedores abrirán en el primer semestre de la legislatura."
)


async def test_the_nuevo_leon_procedure_end_to_end(fresh: Settings, tmp_path: Path) -> None:
    async with story_of(fresh, tmp_path, "nuevo-leon") as story:
        base = story.base
        codes = await election_registered(story)

        # The party's capture account captures; after submitting it only reads.
        capturist = await story.activated_and_signed_in(account(codes, "captura"))
        await capture_and_submit(capturist, base, "F-PAN-1", tmp_path)
        await questionnaire_says(capturist, base, "F-PAN-1", editable=False)
        # The supervisor cannot edit: it asks the institute, which decides first.
        supervisor = await story.activated_and_signed_in(account(codes, "supervision"))
        await questionnaire_says(supervisor, base, "F-PAN-1", editable=False)
        await ask_the_institute(supervisor, base)
        await institute_declines(story.browser, base, story.admin)
        await validate_from_queue(supervisor, base)

        # MC's affirmative-action candidacy with its signed consent: no verification needed.
        await validated_by_its_party(story, "mc", "F-MC-1", consent=True)

        verifier = await screen_and_disable(story, OWNER)
        await not_found_by_a_citizen(story, "maria fernanda avila", OWNER)
        await publication_day_arrives(story)
        profile = await found_by_a_citizen(story, "maria fernanda avila", OWNER)
        assert "vota por nosotros" not in await profile.inner_text("main")
        assert not await identity_shown(profile)  # the consent is not verified yet
        other = await found_by_a_citizen(story, "sofia munoz", "Sofía Muñoz")
        assert await identity_shown(other)  # an affirmative action's consent needs no check

        # The institute verifies the signed consent: identity answers publish.
        await verifier.goto(f"{base}moderacion/consentimientos")
        await verifier.get_by_role("link", name=OWNER).click()
        await verifier.get_by_role("heading", name=f"Consentimiento de {OWNER}").wait_for()
        await assert_usable(verifier)
        await verifier.get_by_role("button", name="Verificar el consentimiento").click()
        await verifier.get_by_role("status").get_by_text("Se verificó el consentimiento").wait_for()

        async def identity_now() -> bool:
            await profile.reload()
            return await identity_shown(profile)

        await eventually(identity_now, lambda shown: shown, what="identity public once verified")

        # A change request: the institute applies the text it approves, and the new photo
        # that came with the request.
        published_photo = await photo_shown(profile)
        new_photo = tmp_path / "foto-nueva.jpg"
        new_photo.write_bytes(small_photo((20, 110, 160)))
        await file_change_request(
            supervisor, base, "F-PAN-1", "propuesta_1", INSTITUTES_TEXT, photo=new_photo
        )
        admin = await story.page_as(story.admin)
        await admin.goto(f"{base}moderacion/solicitudes")
        await admin.get_by_role("columnheader", name="Vence").wait_for()
        await admin.get_by_role("link", name=OWNER).click()
        await admin.get_by_text("El Instituto aplica el texto.").wait_for()
        await admin.get_by_role("button", name="Aprobar la solicitud").click()
        await admin.get_by_text("Se aprobó la solicitud").wait_for()
        await assert_usable(admin)
        await change_shown(profile, "comedor que sirva desayuno")
        assert await photo_shown(profile) != published_photo

        archive = await the_story_ends(story, supervisor, capturist, profile, other)
    await restored_in_an_empty_deployment(story.settings, archive, "F-PAN-1", OWNER)
