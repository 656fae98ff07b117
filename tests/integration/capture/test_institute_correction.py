"""The institute's correction (Nuevo León, 000 §4.3): the supervisor does not edit but
asks the institute; the candidacy is not validated while the request is pending; the
admin opens it, sees the named fields with their answers, applies new values (saved as
the institute's, through a draft save's checks) or declines with a reason; the party
hears the decision; then the supervisor validates."""

from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from contracts.audit import EntrySearch
from services.accounts.service import definition as accounts
from services.audit.service import definition as audit
from services.capture.service import definition as capture
from services.runtime.settings import Settings
from tests.support.accounts import audit_search, bearer, issue_party, session_of
from tests.support.capture import ELECTION, TEXT, capture_all, election_under, path, submit
from tests.support.gateway import gateway_client
from tests.support.hosts import running
from tests.support.waiting import eventually

pytestmark = pytest.mark.timeout(240)
Client = TestClient[Any, Any]
NOTE = "La segunda propuesta menciona a otra candidatura y falta la lengua."
CORRECTED = "Propongo una red de bibliotecas públicas abiertas también en fin de semana " * 5


async def submitted_and_asked(client: Client, settings: Settings) -> dict[str, str]:
    """F-PAN-1 submitted, and its supervisor asking to correct two fields."""
    admin = await election_under(client, settings, "nuevo-leon")
    issued = await issue_party(client, admin, "pan", ELECTION)
    capturist = await session_of(client, issued["capturist"])
    supervisor = await session_of(client, issued["supervisor"])
    await capture_all(client, capturist, "F-PAN-1")
    assert (await (await submit(client, capturist, "F-PAN-1", True)).json())["submitted"]
    asked = await client.post(
        "/api/v1/candidaturas/F-PAN-1/correccion",
        headers=bearer(supervisor),
        json={"campos": ["propuesta_2", "pueblo_indigena"], "nota": NOTE},
    )
    assert asked.status == 204, await asked.text()
    return {"admin": admin, "capturist": capturist, "supervisor": supervisor}


async def the_pending_one(client: Client, admin: str) -> dict[str, Any]:
    listed = await client.get(f"/api/v1/elecciones/{ELECTION}/correcciones", headers=bearer(admin))
    assert listed.status == 200, await listed.text()
    [pending] = (await listed.json())["corrections"]
    return dict(pending)


async def notices_of(client: Client, token: str) -> list[dict[str, Any]]:
    inbox = await client.get("/api/v1/avisos", headers=bearer(token))
    return list((await inbox.json())["notices"])


async def decision_notice(client: Client, token: str, subject: str) -> dict[str, Any]:
    def decided(notices: list[dict[str, Any]]) -> bool:
        return any(n["subject"] == subject for n in notices)

    notices = await eventually(lambda: notices_of(client, token), decided, what=subject)
    return next(n for n in notices if n["subject"] == subject)


async def test_the_institute_applies_the_correction_and_the_supervisor_then_validates(
    fresh: Settings,
) -> None:
    async with running(fresh, accounts, capture, audit), gateway_client(fresh) as client:
        people = await submitted_and_asked(client, fresh)
        admin, supervisor = people["admin"], people["supervisor"]

        early = await client.post(
            "/api/v1/candidaturas/F-PAN-1/validacion", headers=bearer(supervisor)
        )
        assert early.status == 409
        assert "solicitud de corrección pendiente" in (await early.json())["detail"]

        pending = await the_pending_one(client, admin)
        assert (pending["candidacy_id"], pending["nota"]) == ("F-PAN-1", NOTE)
        assert pending["campos"] == ["propuesta_2", "pueblo_indigena"]
        opened = await client.get(
            f"/api/v1/correcciones/{pending['correction_id']}", headers=bearer(admin)
        )
        assert opened.status == 200, await opened.text()
        fields = {f["campo"]: f for f in (await opened.json())["fields"]}
        assert fields["propuesta_2"]["valor"] == TEXT.strip()
        assert fields["pueblo_indigena"]["valor"] == "Tének"
        assert fields["pueblo_indigena"]["cuestionario"] == "identidad"

        async def identity_reads() -> Any:
            return await audit_search(fresh, EntrySearch(accion="identity.read"))

        reads = await eventually(identity_reads, lambda p: p["total"] == 1, what="read logged")
        assert reads["entries"][0]["role"] == "admin"

        applied = await client.post(
            f"/api/v1/correcciones/{pending['correction_id']}/aplicacion",
            headers=bearer(admin),
            json={"respuestas": {"propuesta_2": CORRECTED, "pueblo_indigena": "Náhuatl"}},
        )
        assert applied.status == 200, await applied.text()
        assert (await applied.json())["outcome"] == "applied"

        async def applied_entries() -> Any:
            return await audit_search(fresh, EntrySearch(accion="correction.apply"))

        logged = await eventually(applied_entries, lambda p: p["total"] == 1, what="logged")
        [entry] = logged["entries"]
        assert entry["role"] == "admin" and entry["target_id"] == "F-PAN-1"
        admin_id = entry["account_id"]

        curricular = await (
            await client.get(path("F-PAN-1", "curricular"), headers=bearer(admin))
        ).json()
        assert curricular["respuestas"]["propuesta_2"] == CORRECTED.strip()
        assert curricular["saves"][0]["saved_by"] == admin_id
        assert curricular["saves"][0]["fields"] == ["propuesta_2"]
        identity = await (
            await client.get(path("F-PAN-1", "identidad"), headers=bearer(admin))
        ).json()
        assert identity["respuestas"]["pueblo_indigena"] == "Náhuatl"

        for token in (supervisor, people["capturist"]):
            notice = await decision_notice(
                client, token, "El Instituto aplicó la corrección solicitada"
            )
            assert "propuesta_2, pueblo_indigena" in notice["body"]

        again = await client.post(
            f"/api/v1/correcciones/{pending['correction_id']}/rechazo",
            headers=bearer(admin),
            json={"motivo": "Ya no hace falta decidirla otra vez."},
        )
        assert again.status == 409
        assert (await the_pending_list(client, admin)) == []

        validated = await client.post(
            "/api/v1/candidaturas/F-PAN-1/validacion", headers=bearer(supervisor)
        )
        assert validated.status == 200, await validated.text()
        assert (await validated.json())["curricular"]["propuesta_2"] == CORRECTED.strip()


async def the_pending_list(client: Client, admin: str) -> list[dict[str, Any]]:
    listed = await client.get(f"/api/v1/elecciones/{ELECTION}/correcciones", headers=bearer(admin))
    return list((await listed.json())["corrections"])


async def test_a_declined_correction_reaches_the_party_with_its_reason(fresh: Settings) -> None:
    async with running(fresh, accounts, capture), gateway_client(fresh) as client:
        people = await submitted_and_asked(client, fresh)
        admin, supervisor = people["admin"], people["supervisor"]
        pending = await the_pending_one(client, admin)
        declines = f"/api/v1/correcciones/{pending['correction_id']}/rechazo"

        short = await client.post(declines, headers=bearer(admin), json={"motivo": "No."})
        assert short.status == 422
        assert len(await the_pending_list(client, admin)) == 1

        reason = "La propuesta cumple los lineamientos; no menciona a otra candidatura."
        declined = await client.post(declines, headers=bearer(admin), json={"motivo": reason})
        assert declined.status == 200, await declined.text()
        assert (await declined.json())["motivo"] == reason

        notice = await decision_notice(
            client, supervisor, "El Instituto rechazó la corrección solicitada"
        )
        assert f"Motivo: {reason}" in notice["body"]
        curricular = await (
            await client.get(path("F-PAN-1", "curricular"), headers=bearer(admin))
        ).json()
        assert curricular["respuestas"]["propuesta_2"] == TEXT.strip()  # unchanged
        validated = await client.post(
            "/api/v1/candidaturas/F-PAN-1/validacion", headers=bearer(supervisor)
        )
        assert validated.status == 200, await validated.text()


async def test_only_the_admin_decides_and_bad_values_change_nothing(fresh: Settings) -> None:
    async with running(fresh, accounts, capture), gateway_client(fresh) as client:
        people = await submitted_and_asked(client, fresh)
        admin, supervisor = people["admin"], people["supervisor"]
        pending = await the_pending_one(client, admin)
        applies = f"/api/v1/correcciones/{pending['correction_id']}/aplicacion"

        for token in (supervisor, people["capturist"]):
            opened = await client.get(
                f"/api/v1/correcciones/{pending['correction_id']}", headers=bearer(token)
            )
            assert opened.status == 403
            listed = await client.get(
                f"/api/v1/elecciones/{ELECTION}/correcciones", headers=bearer(token)
            )
            assert listed.status == 403
            theirs = await client.post(
                applies, headers=bearer(token), json={"respuestas": {"propuesta_2": CORRECTED}}
            )
            assert theirs.status == 403
            assert "Solo la administración" in (await theirs.json())["detail"]

        bad = await client.post(
            applies,
            headers=bearer(admin),
            json={"respuestas": {"propuesta_2": "Muy corta", "pueblo_indigena": "Náhuatl"}},
        )
        assert bad.status == 422
        problems = {p["field"]: p["reason"] for p in (await bad.json())["errors"]}
        assert "el mínimo es 280" in problems["propuesta_2"]
        unnamed = await client.post(
            applies, headers=bearer(admin), json={"respuestas": {"propuesta_1": CORRECTED}}
        )
        assert unnamed.status == 422
        assert [p["field"] for p in (await unnamed.json())["errors"]] == ["propuesta_1"]

        identity = await (
            await client.get(path("F-PAN-1", "identidad"), headers=bearer(admin))
        ).json()
        assert identity["respuestas"]["pueblo_indigena"] == "Tének"  # nothing changed
        curricular = await (
            await client.get(path("F-PAN-1", "curricular"), headers=bearer(admin))
        ).json()
        assert curricular["respuestas"]["propuesta_2"] == TEXT.strip()
        assert [p["correction_id"] for p in await the_pending_list(client, admin)] == [
            pending["correction_id"]
        ]


async def test_the_admin_applies_a_correction_from_its_page(fresh: Settings) -> None:
    async with running(fresh, accounts, capture), gateway_client(fresh) as client:
        people = await submitted_and_asked(client, fresh)
        admin = people["admin"]
        listing = await (await client.get("/captura", headers=bearer(admin))).text()
        assert 'href="/captura/correcciones"' in listing
        pending = await (await client.get("/captura/correcciones", headers=bearer(admin))).text()
        correction_id = (await the_pending_one(client, admin))["correction_id"]
        page_path = f"/captura/correcciones/{correction_id}"
        assert (
            f'href="{page_path}"' in pending
            and "Segunda de sus dos principales propuestas" in pending
        )

        page = await (await client.get(page_path, headers=bearer(admin))).text()
        assert NOTE in page and "Aplicar la corrección" in page and "Rechazar" in page
        assert f">{TEXT.strip()}</textarea>" in page  # the answer as saved, to change
        assert 'value="Tének"' in page

        fields = [("campos", "propuesta_2"), ("campos", "pueblo_indigena")]
        short = await client.post(
            f"{page_path}/aplicar",
            headers=bearer(admin),
            data=[*fields, ("propuesta_2", "Muy corta"), ("pueblo_indigena", "Náhuatl")],
            allow_redirects=False,
        )
        assert short.status == 422
        shown = await short.text()
        assert 'id="campo-propuesta_2-error"' in shown and "el mínimo es 280" in shown
        assert ">Muy corta</textarea>" in shown and 'value="Náhuatl"' in shown  # as typed

        refused = await client.post(
            f"{page_path}/rechazar",
            headers=bearer(admin),
            data={"motivo": "Corto"},
            allow_redirects=False,
        )
        assert refused.status == 422
        assert 'id="rechazar-motivo-error"' in (text := await refused.text())
        assert 'value="Corto"' in text

        applied = await client.post(
            f"{page_path}/aplicar",
            headers=bearer(admin),
            data=[*fields, ("propuesta_2", CORRECTED), ("pueblo_indigena", "Náhuatl")],
            allow_redirects=False,
        )
        assert applied.status == 303, await applied.text()
        assert applied.headers["Location"] == "/captura/correcciones?hecho=aplicada"
        after = await (await client.get(applied.headers["Location"], headers=bearer(admin))).text()
        assert "Se aplicó la corrección" in after and "No hay solicitudes" in after
        curricular = await (
            await client.get(path("F-PAN-1", "curricular"), headers=bearer(admin))
        ).json()
        assert curricular["respuestas"]["propuesta_2"] == CORRECTED.strip()
