"""A change request may name published identity answers (000 §5.4, 001 §31-32, 002
§II.C): named with no text, in any mode, since an identity answer never leaves capture —
approving the request opens them to the party to answer again. Where the institute
applies the request's texts (Nuevo León), they are applied at approval and the identity
answers open beside them; where it enables fields (Estado de México), a window that closes
unused puts back what the answers were."""

from typing import Any

import asyncpg
import pytest
from aiohttp.test_utils import TestClient

from services.accounts.service import definition as accounts
from services.capture.service import definition as capture
from services.moderation.service import definition as moderation
from services.runtime import database
from services.runtime.settings import Settings
from tests.support.accounts import bearer
from tests.support.capture import IDENTITY, path
from tests.support.change_requests import (
    NEW_PROPOSAL,
    close_change_window,
    file_request,
    request_of,
    validated_under,
)
from tests.support.gateway import gateway_client
from tests.support.hosts import running

pytestmark = pytest.mark.timeout(240)
Client = TestClient[Any, Any]


async def answers(client: Client, token: str, questionnaire: str) -> dict[str, Any]:
    read = await client.get(path("F-PAN-1", questionnaire), headers=bearer(token))
    assert read.status == 200, await read.text()
    return dict((await read.json())["respuestas"])


async def nowhere_in_moderation(settings: Settings, text: str) -> bool:
    """Whether ``text`` appears in no column of moderation's change requests."""
    conn = await asyncpg.connect(database.admin_dsn(settings, database=settings.instance))
    try:
        rows = await conn.fetch(
            "SELECT row_to_json(r)::text AS row FROM moderation.change_requests r"
        )
    finally:
        await conn.close()
    return all(text not in row["row"] for row in rows)


async def test_where_the_institute_applies_texts_the_identity_answers_open_beside_them(
    fresh: Settings,
) -> None:
    async with running(fresh, accounts, capture, moderation), gateway_client(fresh) as client:
        people = await validated_under(client, fresh, "nuevo-leon")
        admin, supervisor, capturist = people["admin"], people["supervisor"], people["capturist"]

        status, typed = await file_request(
            client, supervisor, "F-PAN-1", {"pueblo_indigena": "Maya"}
        )
        assert status == 409 and "no escriba la respuesta" in typed["detail"]
        changes = {"propuesta_2": NEW_PROPOSAL, "pueblo_indigena": ""}
        status, filed = await file_request(client, supervisor, "F-PAN-1", changes)
        assert status == 200, filed
        approves = f"/api/v1/solicitudes-cambio/{filed['request_id']}/aprobacion"
        approved = await client.post(approves, headers=bearer(admin), json={})
        assert approved.status == 200, await approved.text()

        # The institute's text is in at once; the identity answer is open to the party.
        await request_of(client, admin, filed["request_id"], "campos_habilitados")
        assert (await answers(client, admin, "curricular"))["propuesta_2"] == NEW_PROPOSAL.strip()
        closed = await client.put(
            path("F-PAN-1", "curricular"),
            headers=bearer(capturist),
            json={"respuestas": {"propuesta_1": NEW_PROPOSAL}},
        )
        assert closed.status == 409  # no curricular field was opened
        other = await client.put(
            path("F-PAN-1", "identidad"),
            headers=bearer(capturist),
            json={"respuestas": {"migrante": "Sí"}},
        )
        assert other.status == 422  # not the one the request named
        saved = await client.put(
            path("F-PAN-1", "identidad"),
            headers=bearer(capturist),
            json={"respuestas": {"pueblo_indigena": "Zapoteco"}},
        )
        assert saved.status == 200, await saved.text()
        revalidated = await client.post(
            "/api/v1/candidaturas/F-PAN-1/validacion", headers=bearer(supervisor)
        )
        assert revalidated.status == 200, await revalidated.text()
        await request_of(client, admin, filed["request_id"], "aplicada")
        assert (await answers(client, supervisor, "identidad"))["pueblo_indigena"] == "Zapoteco"
        assert await nowhere_in_moderation(fresh, "Zapoteco")


async def test_an_identity_answer_opened_and_left_unvalidated_goes_back(fresh: Settings) -> None:
    async with running(fresh, accounts, capture, moderation), gateway_client(fresh) as client:
        people = await validated_under(client, fresh, "estado-de-mexico")
        admin, supervisor = people["admin"], people["supervisor"]
        status, filed = await file_request(client, supervisor, "F-PAN-1", {"pueblo_indigena": ""})
        assert status == 200, filed
        approves = f"/api/v1/solicitudes-cambio/{filed['request_id']}/aprobacion"
        assert (await client.post(approves, headers=bearer(admin), json={})).status == 200
        await request_of(client, supervisor, filed["request_id"], "campos_habilitados")

        form = await client.get(path("F-PAN-1", "identidad"), headers=bearer(supervisor))
        assert (await form.json())["editable"] is True
        saved = await client.put(
            path("F-PAN-1", "identidad"),
            headers=bearer(supervisor),
            json={"respuestas": {"pueblo_indigena": "Mazahua"}},
        )
        assert saved.status == 200, await saved.text()
        await close_change_window(fresh, filed["request_id"])
        await request_of(client, admin, filed["request_id"], "cerrada_sin_cambios")
        kept = await answers(client, supervisor, "identidad")
        assert kept["pueblo_indigena"] == IDENTITY["pueblo_indigena"]  # what is still published
