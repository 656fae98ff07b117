"""Who may change a candidacy's questionnaires before they are validated, under the
profiles that differ: Durango's supervisor captures as well as the party (003 §9-10, §15,
§17) and its candidacies still edit after submitting (003 §26); Zacatecas' parties ask the
institute to correct while the supervisor edits co-responsibly, the party warned
(002 §I.B.1.IX, §II.B.1); Estado de México does neither."""

from typing import Any

import pytest

from services.accounts.service import definition as accounts
from services.capture.service import definition as capture
from services.runtime.settings import Settings
from tests.support.accounts import bearer, issue_party, session_of
from tests.support.browser_session import csrf_token, sign_in_page
from tests.support.capture import ELECTION, TEXT, capture_all, election_under, path, submit
from tests.support.gateway import gateway_client
from tests.support.hosts import running
from tests.support.waiting import eventually

pytestmark = pytest.mark.timeout(180)
EDIT = {"respuestas": {"propuesta_2": TEXT + " con un ajuste"}}


async def party_sessions(client: Any, admin: str) -> tuple[str, str]:
    issued = await issue_party(client, admin, "pan", ELECTION)
    return await session_of(client, issued["capturist"]), await session_of(
        client, issued["supervisor"]
    )


async def subjects_in(client: Any, token: str) -> list[str]:
    inbox = await client.get("/api/v1/avisos", headers=bearer(token))
    return [n["subject"] for n in (await inbox.json())["notices"]]


@pytest.mark.parametrize(
    ("profile", "supervisor_captures", "edits_after_submitting"),
    [("durango", True, True), ("estado-de-mexico", False, False)],
)
async def test_durangos_supervisor_captures_and_its_candidacies_edit_until_validated(
    fresh: Settings, profile: str, supervisor_captures: bool, edits_after_submitting: bool
) -> None:
    async with running(fresh, accounts, capture), gateway_client(fresh) as client:
        admin = await election_under(client, fresh, profile)
        capturist, supervisor = await party_sessions(client, admin)
        by_supervisor = await client.put(
            path("F-PAN-1", "curricular"), headers=bearer(supervisor), json=EDIT
        )
        assert (by_supervisor.status == 200) is supervisor_captures
        await capture_all(client, capturist, "F-PAN-1")
        assert (await (await submit(client, capturist, "F-PAN-1", True)).json())["submitted"]
        after = await client.put(
            path("F-PAN-1", "curricular"), headers=bearer(capturist), json=EDIT
        )
        assert after.status == (200 if edits_after_submitting else 409), await after.text()
        again = await submit(client, capturist, "F-PAN-1", True)
        assert again.status == 409  # still one chance to submit


@pytest.mark.parametrize(
    ("profile", "party_asks", "party_warned"),
    [("zacatecas", True, True), ("estado-de-mexico", False, False)],
)
async def test_zacatecas_parties_ask_corrections_and_hear_of_the_supervisors_edits(
    fresh: Settings, profile: str, party_asks: bool, party_warned: bool
) -> None:
    async with running(fresh, accounts, capture), gateway_client(fresh) as client:
        admin = await election_under(client, fresh, profile)
        capturist, supervisor = await party_sessions(client, admin)
        await capture_all(client, capturist, "F-PAN-1")
        assert (await (await submit(client, capturist, "F-PAN-1", True)).json())["submitted"]
        asked = await client.post(
            "/api/v1/candidaturas/F-PAN-1/correccion",
            headers=bearer(capturist),
            json={"campos": ["propuesta_2"], "nota": "Se escribió mal el nombre del programa."},
        )
        assert asked.status == (204 if party_asks else 403), await asked.text()
        if party_asks:  # the institute declines it, so that the supervisor can go on
            listed = await client.get(
                f"/api/v1/elecciones/{ELECTION}/correcciones", headers=bearer(admin)
            )
            [pending] = (await listed.json())["corrections"]
            declined = await client.post(
                f"/api/v1/correcciones/{pending['correction_id']}/rechazo",
                headers=bearer(admin),
                json={"motivo": "La supervisión lo corrige directamente."},
            )
            assert declined.status == 200, await declined.text()
        edited = await client.put(
            path("F-PAN-1", "curricular"), headers=bearer(supervisor), json=EDIT
        )
        assert edited.status == 200, await edited.text()
        validated = await client.post(
            "/api/v1/candidaturas/F-PAN-1/validacion", headers=bearer(supervisor)
        )
        assert validated.status == 200, await validated.text()
        warning = "La supervisión modificó los cuestionarios: María Fernanda Ávila Núñez"
        told = await eventually(  # the validation's notice comes after any warning
            lambda: subjects_in(client, capturist),
            lambda s: any(x.startswith("Cuestionarios validados") for x in s),
            what="the capturist told of the validation",
        )
        assert (warning in told) is party_warned


async def test_tabascos_party_admin_creates_capture_validation_and_supervision_accounts(
    fresh: Settings,
) -> None:
    """Each of the three roles does what its name says and no more (004 §10, §12-13)."""
    async with running(fresh, accounts, capture), gateway_client(fresh) as client:
        admin = await election_under(client, fresh, "tabasco")
        issued = await issue_party(client, admin, "pan", ELECTION, supervisor=False)
        party_admin = await session_of(client, issued["party_admin"])
        team = {}
        for role in ("capturist", "validator", "supervisor"):
            made = await client.post(
                "/api/v1/subcuentas",
                headers=bearer(party_admin),
                json={"rol": role, "nombre": f"Cuenta de {role}"},
            )
            assert made.status == 200, await made.text()
            team[role] = await session_of(client, (await made.json())["accounts"][0])

        draft = await client.put(
            path("F-PAN-1", "curricular"), headers=bearer(team["validator"]), json=EDIT
        )
        assert draft.status == 403  # validation does not capture
        await capture_all(client, team["capturist"], "F-PAN-1")
        sent = await submit(client, team["capturist"], "F-PAN-1", True)
        assert (await sent.json())["submitted"] is True
        edit = await client.put(
            path("F-PAN-1", "curricular"), headers=bearer(team["validator"]), json=EDIT
        )
        assert edit.status == 409 and "no edita" in (await edit.json())["detail"]
        queue = await client.get("/api/v1/validacion/cola", headers=bearer(team["validator"]))
        assert [c["candidacy_id"] for c in (await queue.json())["candidacies"]] == ["F-PAN-1"]
        by_capture = await client.post(
            "/api/v1/candidaturas/F-PAN-1/validacion", headers=bearer(team["capturist"])
        )
        assert by_capture.status == 409  # capture does not validate
        validated = await client.post(
            "/api/v1/candidaturas/F-PAN-1/validacion", headers=bearer(team["validator"])
        )
        assert validated.status == 200, await validated.text()


@pytest.mark.parametrize(("profile", "party_asks"), [("zacatecas", True), ("nuevo-leon", False)])
async def test_the_party_asks_the_institute_for_a_correction_on_the_candidacys_page(
    fresh: Settings, profile: str, party_asks: bool
) -> None:
    """Zacatecas' party asks from the candidacy's page, as its supervisor does from the
    queue (002 §I.B.1.IX); where only the supervisor asks, the party's page offers no
    such form."""
    async with running(fresh, accounts, capture), gateway_client(fresh) as client:
        admin = await election_under(client, fresh, profile)
        issued = await issue_party(client, admin, "pan", ELECTION)
        capturist = await session_of(client, issued["capturist"])
        await capture_all(client, capturist, "F-PAN-1")
        assert (await (await submit(client, capturist, "F-PAN-1", True)).json())["submitted"]
        assert (await sign_in_page(client, issued["capturist"]["usuario"])).status == 303
        page = await (await client.get("/captura/F-PAN-1")).text()
        assert ("Pedir al Instituto una corrección" in page) is party_asks
        if not party_asks:
            return
        asked = await client.post(
            "/captura/F-PAN-1/correccion",
            data=[
                ("csrf", await csrf_token(client)),
                ("desde", "candidatura"),
                ("campos", "propuesta_2"),
                ("nota", "Se escribió mal el nombre del programa."),
            ],
            allow_redirects=False,
        )
        assert asked.status == 303, await asked.text()
        assert asked.headers["Location"] == "/captura/F-PAN-1?hecho=correccion"
        back = await (await client.get(asked.headers["Location"])).text()
        assert "Se pidió al Instituto la corrección de los campos señalados." in back
        listed = await client.get(
            f"/api/v1/elecciones/{ELECTION}/correcciones", headers=bearer(admin)
        )
        [pending] = (await listed.json())["corrections"]
        assert pending["campos"] == ["propuesta_2"], pending

        empty = await client.post(  # nothing named: the refusal is on the candidacy's page
            "/captura/F-PAN-1/correccion",
            data=[("csrf", await csrf_token(client)), ("desde", "candidatura"), ("nota", "x")],
            allow_redirects=False,
        )
        refused = await empty.text()
        assert empty.status == 422 and "<h1>María Fernanda Ávila Núñez</h1>" in refused, refused
