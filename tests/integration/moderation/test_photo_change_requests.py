"""A change request may name the published photo (000 §5.4, 001 §31-32, 002 §II.C): where
the institute applies the change (Nuevo León) the new photo is uploaded with the request
and published when the admin approves; where the institute enables the fields (Zacatecas)
the party uploads it once the photo opens, and its supervision validates again."""

from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from services.accounts.service import definition as accounts
from services.capture.service import definition as capture
from services.moderation.service import definition as moderation
from services.runtime.settings import Settings
from tests.support.accounts import bearer
from tests.support.capture import path
from tests.support.change_requests import file_request, request_of, validated_under
from tests.support.gateway import gateway_client
from tests.support.hosts import running
from tests.support.photos import small_photo

pytestmark = pytest.mark.timeout(240)
Client = TestClient[Any, Any]
NEW_PHOTO = small_photo((20, 110, 160))


async def published_photo(client: Client, token: str) -> str:
    answered = await client.get(path("F-PAN-1", "curricular"), headers=bearer(token))
    return str((await answered.json())["respuestas"]["fotografia"])


async def test_where_the_institute_applies_it_the_new_photo_comes_with_the_request(
    fresh: Settings,
) -> None:
    async with running(fresh, accounts, capture, moderation), gateway_client(fresh) as client:
        people = await validated_under(client, fresh, "nuevo-leon")
        admin, supervisor = people["admin"], people["supervisor"]
        before = await published_photo(client, admin)

        status, refused = await file_request(client, supervisor, "F-PAN-1", {"fotografia": ""})
        assert status == 409, refused
        assert "suba la fotografía nueva con la solicitud" in refused["detail"]

        kept = await client.post(
            "/api/v1/candidaturas/F-PAN-1/solicitud-cambio/fotografia",
            data=NEW_PHOTO,
            headers=bearer(supervisor),
        )
        assert kept.status == 200, await kept.text()
        new = (await kept.json())["sha256"]
        assert new != before
        assert await published_photo(client, admin) == before  # kept, not yet published

        status, filed = await file_request(client, supervisor, "F-PAN-1", {"fotografia": new})
        assert status == 200, filed
        approves = f"/api/v1/solicitudes-cambio/{filed['request_id']}/aprobacion"
        approved = await client.post(approves, headers=bearer(admin), json={})
        assert approved.status == 200, await approved.text()
        await request_of(client, admin, filed["request_id"], "aplicada")
        assert await published_photo(client, admin) == new


async def test_a_photo_that_did_not_come_with_the_request_is_not_applied(fresh: Settings) -> None:
    async with running(fresh, accounts, capture, moderation), gateway_client(fresh) as client:
        people = await validated_under(client, fresh, "nuevo-leon")
        admin, supervisor = people["admin"], people["supervisor"]
        before = await published_photo(client, admin)
        stranger = "ab" * 32  # a SHA-256 of no file kept for this candidacy
        status, filed = await file_request(client, supervisor, "F-PAN-1", {"fotografia": stranger})
        assert status == 200, filed
        approves = f"/api/v1/solicitudes-cambio/{filed['request_id']}/aprobacion"
        assert (await client.post(approves, headers=bearer(admin), json={})).status == 200
        done = await request_of(client, admin, filed["request_id"], "no_aplicada")
        assert "no se subió con la solicitud" in done["motivo"]
        assert await published_photo(client, admin) == before


async def test_where_the_institute_enables_fields_the_party_uploads_the_photo_in_the_window(
    fresh: Settings,
) -> None:
    async with running(fresh, accounts, capture, moderation), gateway_client(fresh) as client:
        people = await validated_under(client, fresh, "zacatecas")
        admin, supervisor, representation = (
            people["admin"],
            people["supervisor"],
            people["capturist"],
        )
        before = await published_photo(client, admin)
        upload = "/api/v1/candidaturas/F-PAN-1/fotografia"
        closed = await client.post(upload, data=NEW_PHOTO, headers=bearer(representation))
        assert closed.status == 409  # validated: only an approved request opens it

        status, filed = await file_request(client, representation, "F-PAN-1", {"fotografia": ""})
        assert status == 200, filed
        approves = f"/api/v1/solicitudes-cambio/{filed['request_id']}/aprobacion"
        assert (await client.post(approves, headers=bearer(admin), json={})).status == 200
        await request_of(client, representation, filed["request_id"], "campos_habilitados")

        uploaded = await client.post(upload, data=NEW_PHOTO, headers=bearer(representation))
        assert uploaded.status == 200, await uploaded.text()
        new = (await uploaded.json())["sha256"]
        revalidated = await client.post(
            "/api/v1/candidaturas/F-PAN-1/validacion", headers=bearer(supervisor)
        )
        assert revalidated.status == 200, await revalidated.text()
        assert (await revalidated.json())["curricular"]["fotografia"] == new != before
        await request_of(client, admin, filed["request_id"], "aplicada")
