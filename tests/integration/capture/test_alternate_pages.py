"""The alternate's own pages, as a browser without JavaScript uses them: the candidacy's
page has a section for the suplente with its questionnaires, photo and consent; its
questionnaires are saved apart from the owner's; under Estado de México (001 §3.III-V)
the review before sending lists what the alternate still lacks, and under Nuevo León it
does not ask for it."""

from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from services.accounts.service import definition as accounts
from services.capture.service import definition as capture
from services.runtime.settings import Settings
from tests.support.accounts import bearer, issue_party, session_of
from tests.support.browser_session import as_form, post, read, sign_in_page, submit, upload
from tests.support.capture import CURRICULAR, ELECTION, IDENTITY, capture_all, election_under, path
from tests.support.gateway import gateway_client
from tests.support.hosts import running
from tests.support.photos import photo_with_gps

pytestmark = pytest.mark.timeout(240)
Client = TestClient[Any, Any]
ALTERNATE = "Lucía Peña Ibáñez"


@pytest.mark.parametrize(
    ("profile", "required"),
    [("estado-de-mexico", True), ("nuevo-leon", False)],
    ids=["the alternate is a candidacy too", "the alternate's answers are optional"],
)
async def test_the_alternate_has_its_own_pages_and_is_asked_for_where_the_profile_says(
    fresh: Settings, profile: str, required: bool
) -> None:
    async with running(fresh, accounts, capture), gateway_client(fresh) as client:
        admin = await election_under(client, fresh, profile)
        pan = await issue_party(client, admin, "pan", ELECTION)
        token = await session_of(client, pan["capturist"])  # the API's, and the page's
        assert (await sign_in_page(client, pan["capturist"]["usuario"])).status == 303

        status, overview = await read(client, "/captura/F-PAN-1")
        assert status == 200, overview
        assert f"Suplente: {ALTERNATE}" in overview
        assert 'href="/captura/F-PAN-1/suplente/curricular"' in overview
        assert 'action="/captura/F-PAN-1/fotografia?persona=suplente"' in overview
        assert "/captura/F-PAN-1/formato-consentimiento?persona=suplente" in overview

        status, form = await read(client, "/captura/F-PAN-1/suplente/curricular")
        assert status == 200, form
        assert f"Cuestionario curricular de la persona suplente: {ALTERNATE}" in form
        assert 'action="/captura/F-PAN-1/suplente/curricular"' in form
        saved = await post(client, "/captura/F-PAN-1/suplente/curricular", as_form(CURRICULAR))
        assert saved.status == 200 and "Guardado a las" in await saved.text()
        _, owners = await read(client, "/captura/F-PAN-1/curricular")
        assert CURRICULAR["propuesta_1"].strip()[:40] not in owners  # kept apart
        _, again = await read(client, "/captura/F-PAN-1/suplente/curricular")
        assert CURRICULAR["propuesta_1"].strip()[:40] in again

        photo = await upload(
            client, "/captura/F-PAN-1/fotografia?persona=suplente", photo_with_gps()
        )
        assert photo.status == 303, await photo.text()
        _, overview = await read(client, photo.headers["Location"])
        assert "Se recibió la fotografía de la persona suplente" in overview
        assert f'alt="Fotografía de {ALTERNATE}"' in overview
        consent_format = await client.get(
            "/captura/F-PAN-1/formato-consentimiento?persona=suplente"
        )
        assert consent_format.content_type == "application/pdf"

        # The owner's questionnaires complete and the notice accepted: the alternate's
        # identity questionnaire is all that is left.
        await capture_all(client, token, "F-PAN-1", alternate=False)
        review = await (await submit(client, "/captura/F-PAN-1/envio", {})).text()
        assert ("Aún no se puede enviar" in review) is required, review
        assert ('id="falta-identidad-suplente"' in review) is required
        if not required:  # what the one chance sends shows the alternate's answers too
            assert f"Cuestionario curricular de la persona suplente, {ALTERNATE}" in review
            sent = await submit(client, "/captura/F-PAN-1/envio", {"confirmar": "si"})
            assert sent.status == 303
            return

        identity = await post(client, "/captura/F-PAN-1/suplente/identidad", as_form(IDENTITY))
        assert identity.status == 200
        review = await (await submit(client, "/captura/F-PAN-1/envio", {})).text()
        assert "Una sola oportunidad" in review, review
        sent = await submit(client, "/captura/F-PAN-1/envio", {"confirmar": "si"})
        assert sent.status == 303


async def test_a_formula_without_an_alternate_has_no_alternates_pages(fresh: Settings) -> None:
    async with running(fresh, accounts, capture), gateway_client(fresh) as client:
        admin = await election_under(client, fresh, "nuevo-leon")
        mc = await issue_party(client, admin, "mc", ELECTION)
        token = await session_of(client, mc["capturist"])
        assert (await sign_in_page(client, mc["capturist"]["usuario"])).status == 303
        _, overview = await read(client, "/captura/F-MC-1")
        assert "Suplente:" not in overview
        status, refused = await read(client, "/captura/F-MC-1/suplente/curricular")
        assert status == 409, refused
        assert "no tiene suplente" in refused
        read_back = await client.get(
            path("F-MC-1", "curricular"), params={"persona": "suplente"}, headers=bearer(token)
        )
        assert read_back.status == 409
        problem = await read_back.json()
        assert (
            problem["type"] == "/problemas/conflicto" and "no tiene suplente" in problem["detail"]
        )
