"""Change requests to a published candidacy, over the real bus (000 §5.4, 001 §31-32,
002 §II.C): once per candidacy, by the liaison the profile names; the admin hears of it
at once and decides by the next business day; approved, the institute applies its text
(Nuevo León) or enables just the named fields to the party, which re-captures them and
validates again (Zacatecas, Estado de México) — or the window closes unused and nothing
published changes. The filer hears each step; no one else does."""

import datetime as dt
from typing import Any

import nats
import pytest
from aiohttp.test_utils import TestClient

from contracts import subjects
from contracts.envelope import EventEnvelope
from contracts.events.capture import PROJECTION_UPDATED
from services.accounts.service import definition as accounts
from services.capture.service import definition as capture
from services.moderation.service import definition as moderation
from services.runtime.settings import Settings
from tests.support.accounts import bearer, issue_party, session_of
from tests.support.capture import ELECTION, TEXT, path
from tests.support.change_requests import (
    NEW_PROPOSAL,
    close_change_window,
    file_request,
    notice,
    notices_of,
    request_of,
    validated_under,
)
from tests.support.gateway import gateway_client
from tests.support.hosts import running

pytestmark = pytest.mark.timeout(240)
Client = TestClient[Any, Any]
OWNER = "María Fernanda Ávila Núñez"
EDITED = NEW_PROPOSAL.replace("niñas y niños", "niñas, niños y personas mayores")
ONE_CHANCE_SUBJECTS = ("Solicitud de cambio", "solicitud de cambio", "Campos habilitados")


def about_changes(notices: list[dict[str, Any]]) -> list[str]:
    return [n["subject"] for n in notices if any(s in n["subject"] for s in ONE_CHANCE_SUBJECTS)]


async def projection_updates(settings: Settings) -> Any:
    nc = await nats.connect(settings.require_nats_urls())
    subject = subjects.event_subject(
        settings.bus_prefix, "capture", PROJECTION_UPDATED.event_type, 1
    )
    return nc, await nc.jetstream().subscribe(subject, ordered_consumer=True)


async def curricular(client: Client, token: str) -> dict[str, Any]:
    return dict(
        await (await client.get(path("F-PAN-1", "curricular"), headers=bearer(token))).json()
    )


async def test_under_nuevo_leon_the_admin_applies_its_own_text_and_a_second_request_is_refused(
    fresh: Settings,
) -> None:
    async with running(fresh, accounts, capture, moderation), gateway_client(fresh) as client:
        people = await validated_under(client, fresh, "nuevo-leon")
        admin, supervisor, capturist = people["admin"], people["supervisor"], people["capturist"]
        changes = {"propuesta_2": NEW_PROPOSAL}

        status, refused = await file_request(client, capturist, "F-PAN-1", changes)
        assert status == 403
        assert "supervisión del partido" in refused["detail"]

        status, identity = await file_request(client, supervisor, "F-PAN-1", {"indigena": "No"})
        assert status == 409
        assert "no escriba la respuesta" in identity["detail"]  # it never leaves capture

        status, filed = await file_request(client, supervisor, "F-PAN-1", changes, "Errata.")
        assert status == 200, filed
        assert filed["status"] == "pendiente" and filed["overdue"] is False
        assert filed["mode"] == "admin_applies"
        due = dt.datetime.fromisoformat(filed["due_at"])
        filed_at = dt.datetime.fromisoformat(filed["filed_at"])
        assert dt.timedelta(hours=1) < due - filed_at < dt.timedelta(days=6)

        heard = await notice(
            client,
            admin,
            f"Solicitud de cambio: {OWNER} (Diputación local de mayoría relativa)",
        )
        assert "«Segunda de sus dos principales propuestas»" in heard["body"]
        assert "a más tardar al terminar el" in heard["body"]

        status, second = await file_request(client, supervisor, "F-PAN-1", changes)
        assert status == 409
        assert "una sola, por única ocasión" in second["detail"]

        listed = await client.get(
            f"/api/v1/elecciones/{ELECTION}/solicitudes-cambio", headers=bearer(admin)
        )
        [row] = (await listed.json())["requests"]
        assert row["request_id"] == filed["request_id"] and row["due_at"] == filed["due_at"]
        theirs = await client.get(
            f"/api/v1/elecciones/{ELECTION}/solicitudes-cambio", headers=bearer(supervisor)
        )
        assert [r["request_id"] for r in (await theirs.json())["requests"]] == [filed["request_id"]]

        approves = f"/api/v1/solicitudes-cambio/{filed['request_id']}/aprobacion"
        by_party = await client.post(approves, headers=bearer(supervisor), json={})
        assert by_party.status == 403
        assert "Solo la administración" in (await by_party.json())["detail"]

        nc, updates = await projection_updates(fresh)
        try:
            approved = await client.post(
                approves, headers=bearer(admin), json={"cambios": {"propuesta_2": EDITED}}
            )
            assert approved.status == 200, await approved.text()
            assert (await approved.json())["status"] == "aprobada"
            update = EventEnvelope.model_validate_json((await updates.next_msg(20)).data)
            assert update.data["cause"] == "change_request"
            assert update.data["projection"]["curricular"]["propuesta_2"] == EDITED.strip()
        finally:
            await nc.close()

        done = await request_of(client, admin, filed["request_id"], "aplicada")
        assert done["cambios"][0]["aplicado"] == EDITED.strip()
        saved = await curricular(client, admin)
        assert saved["respuestas"]["propuesta_2"] == EDITED.strip()
        assert saved["respuestas"]["propuesta_1"] == TEXT.strip()

        await notice(client, supervisor, "El Instituto aprobó la solicitud de cambio")
        await notice(client, supervisor, "Se aplicó la solicitud de cambio")
        assert about_changes(await notices_of(client, capturist)) == []
        assert not any(
            "Solicitud de cambio" in s for s in about_changes(await notices_of(client, supervisor))
        )

        again = await client.post(approves, headers=bearer(admin), json={})
        assert again.status == 409 and "ya se decidió" in (await again.json())["detail"]


async def test_under_zacatecas_the_representation_files_and_the_party_recaptures_the_fields(
    fresh: Settings,
) -> None:
    async with running(fresh, accounts, capture, moderation), gateway_client(fresh) as client:
        people = await validated_under(client, fresh, "zacatecas")
        admin, supervisor, representation = (
            people["admin"],
            people["supervisor"],
            people["capturist"],
        )

        status, refused = await file_request(
            client, supervisor, "F-PAN-1", {"propuesta_1": NEW_PROPOSAL}
        )
        assert status == 403
        assert "representación del partido" in refused["detail"]

        status, filed = await file_request(
            client, representation, "F-PAN-1", {"propuesta_1": NEW_PROPOSAL}
        )
        assert status == 200, filed
        assert filed["mode"] == "enable_fields" and filed["filed_role"] == "capturist"

        approves = f"/api/v1/solicitudes-cambio/{filed['request_id']}/aprobacion"
        with_text = await client.post(
            approves, headers=bearer(admin), json={"cambios": {"propuesta_1": EDITED}}
        )
        assert with_text.status == 409
        assert "el partido captura el texto" in (await with_text.json())["detail"]
        approved = await client.post(approves, headers=bearer(admin), json={})
        assert approved.status == 200, await approved.text()

        opened = await request_of(client, representation, filed["request_id"], "campos_habilitados")
        closes = dt.datetime.fromisoformat(opened["window_closes_at"])
        decided = dt.datetime.fromisoformat(opened["decided_at"])
        open_for = closes - decided  # 24 hours from the moment capture opened them (002 §II.C)
        assert dt.timedelta(hours=24) <= open_for < dt.timedelta(hours=24, minutes=1)
        heard = await notice(
            client, representation, "Campos habilitados por la solicitud de cambio"
        )
        assert "«Primera de sus dos principales propuestas»" in heard["body"]
        assert about_changes(await notices_of(client, supervisor)) == []

        other = await client.put(
            path("F-PAN-1", "curricular"),
            headers=bearer(representation),
            json={"respuestas": {"propuesta_2": NEW_PROPOSAL}},
        )
        assert other.status == 422
        assert "no está habilitado" in str(await other.json())
        identity = await client.put(
            path("F-PAN-1", "identidad"),
            headers=bearer(representation),
            json={"respuestas": {"indigena": "No"}},
        )
        assert identity.status == 409
        saved = await client.put(  # the whole form sent back: only the enabled field changes
            path("F-PAN-1", "curricular"),
            headers=bearer(representation),
            json={"respuestas": {"propuesta_1": NEW_PROPOSAL, "propuesta_2": TEXT}},
        )
        assert saved.status == 200, await saved.text()
        assert (await saved.json())["saves"][0]["fields"] == ["propuesta_1"]
        queue = await client.get("/api/v1/validacion/cola", headers=bearer(supervisor))
        waiting = [c["candidacy_id"] for c in (await queue.json())["candidacies"]]
        assert waiting == ["F-PAN-1"]  # captured again: back in the supervision's queue

        nc, updates = await projection_updates(fresh)
        try:
            revalidated = await client.post(
                "/api/v1/candidaturas/F-PAN-1/validacion", headers=bearer(supervisor)
            )
            assert revalidated.status == 200, await revalidated.text()
            assert (await revalidated.json())["curricular"]["propuesta_1"] == NEW_PROPOSAL.strip()
            update = EventEnvelope.model_validate_json((await updates.next_msg(20)).data)
            assert update.data["projection"]["curricular"]["propuesta_1"] == NEW_PROPOSAL.strip()
        finally:
            await nc.close()

        await request_of(client, admin, filed["request_id"], "aplicada")
        await notice(client, representation, "Se aplicó la solicitud de cambio")
        closed = await client.put(
            path("F-PAN-1", "curricular"),
            headers=bearer(representation),
            json={"respuestas": {"propuesta_1": EDITED}},
        )
        assert closed.status == 409
        assert "solo una solicitud de cambio los reabre" in (await closed.json())["detail"]


async def test_under_estado_de_mexico_a_window_closed_unused_changes_nothing_published(
    fresh: Settings,
) -> None:
    async with running(fresh, accounts, capture, moderation), gateway_client(fresh) as client:
        people = await validated_under(client, fresh, "estado-de-mexico")
        admin, supervisor = people["admin"], people["supervisor"]
        status, filed = await file_request(
            client, supervisor, "F-PAN-1", {"propuesta_2": NEW_PROPOSAL}
        )
        assert status == 200, filed
        approved = await client.post(
            f"/api/v1/solicitudes-cambio/{filed['request_id']}/aprobacion",
            headers=bearer(admin),
            json={},
        )
        assert approved.status == 200, await approved.text()
        opened = await request_of(client, supervisor, filed["request_id"], "campos_habilitados")
        closes = dt.datetime.fromisoformat(opened["window_closes_at"])
        assert closes - dt.datetime.fromisoformat(opened["decided_at"]) > dt.timedelta(
            hours=1
        )  # 001 §32

        saved = await client.put(
            path("F-PAN-1", "curricular"),
            headers=bearer(supervisor),
            json={"respuestas": {"propuesta_2": EDITED}},
        )
        assert saved.status == 200, await saved.text()
        await close_change_window(fresh, filed["request_id"])

        await request_of(client, admin, filed["request_id"], "cerrada_sin_cambios")
        heard = await notice(client, supervisor, "Se cerraron los campos habilitados")
        assert "no cambió" in heard["body"]
        after = await curricular(client, admin)
        assert after["respuestas"]["propuesta_2"] == TEXT.strip()  # what is still published
        status, second = await file_request(client, supervisor, "F-PAN-1", {"propuesta_2": EDITED})
        assert status == 409 and "por única ocasión" in second["detail"]


async def test_a_rejected_request_reaches_its_filer_with_the_reason_and_no_one_else(
    fresh: Settings,
) -> None:
    async with running(fresh, accounts, capture, moderation), gateway_client(fresh) as client:
        people = await validated_under(client, fresh, "nuevo-leon")
        admin, supervisor, capturist = people["admin"], people["supervisor"], people["capturist"]
        status, filed = await file_request(
            client, supervisor, "F-PAN-1", {"propuesta_2": NEW_PROPOSAL}
        )
        assert status == 200, filed
        rejects = f"/api/v1/solicitudes-cambio/{filed['request_id']}/rechazo"
        short = await client.post(rejects, headers=bearer(admin), json={"motivo": "No."})
        assert short.status == 422
        reason = "El texto nuevo menciona a otra candidatura (Art. 18, fracción V)."
        rejected = await client.post(rejects, headers=bearer(admin), json={"motivo": reason})
        assert rejected.status == 200, await rejected.text()
        assert (await rejected.json())["status"] == "rechazada"

        heard = await notice(client, supervisor, "El Instituto rechazó la solicitud de cambio")
        assert f"Motivo: {reason}" in heard["body"]
        assert about_changes(await notices_of(client, capturist)) == []
        unchanged = await curricular(client, admin)
        assert unchanged["respuestas"]["propuesta_2"] == TEXT.strip()
        by_capturist = await client.get(
            f"/api/v1/solicitudes-cambio/{filed['request_id']}", headers=bearer(capturist)
        )
        assert by_capturist.status == 200  # its own party's request, to read

        other = await session_of(
            client, (await issue_party(client, admin, "mc", ELECTION))["supervisor"]
        )
        theirs = await client.get(
            f"/api/v1/solicitudes-cambio/{filed['request_id']}", headers=bearer(other)
        )
        assert theirs.status == 404
        listed = await client.get(
            f"/api/v1/elecciones/{ELECTION}/solicitudes-cambio", headers=bearer(other)
        )
        assert (await listed.json())["requests"] == []
        assert about_changes(await notices_of(client, other)) == []
        status, out_of_scope = await file_request(client, other, "F-PAN-1", {"propuesta_2": TEXT})
        assert status == 403
        assert "no es de su partido" in out_of_scope["detail"]
