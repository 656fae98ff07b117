"""Through the real services: a validated candidacy published (its start passed
yesterday) is found by name on the portal, and its photo is served at its
content-addressed URL — asked of publication once, then from the gateway's memory, as
immutable — while a photo no public profile shows is not served at all."""

import datetime as dt
import hashlib

import pytest

from services.accounts.service import definition as accounts
from services.capture.service import definition as capture
from services.gateway.state import PUBLIC_PHOTOS, PUBLIC_SEARCH
from services.moderation.service import definition as moderation
from services.publication.service import definition as publication
from services.runtime.settings import Settings
from tests.support.gateway import gateway_client
from tests.support.hosts import running
from tests.support.moderation import validated_candidacy
from tests.support.publication import publication_starting
from tests.support.waiting import eventually

pytestmark = pytest.mark.timeout(300)
YESTERDAY = dt.date.today() - dt.timedelta(days=1)
BROWSER = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}


async def test_a_published_profile_is_found_and_its_photo_is_served_as_immutable(
    fresh: Settings,
) -> None:
    async with (
        running(fresh, accounts, capture, moderation),
        gateway_client(fresh) as client,
    ):
        async with running(fresh, publication):
            people = await validated_candidacy(client, fresh)
            await publication_starting(client, people["admin"], "estado-de-mexico", YESTERDAY)
            index = client.app[PUBLIC_SEARCH]

            async def card() -> object:
                return index.card("F-PAN-1")

            await eventually(card, lambda c: c is not None, timeout_s=60, what="F-PAN-1 public")
            client.session.cookie_jar.clear()  # a citizen, nobody signed in

            found = await (
                await client.get("/", params={"nombre": "maria"}, headers=BROWSER)
            ).text()
            assert 'href="/candidaturas/F-PAN-1"' in found
            page = await (await client.get("/candidaturas/F-PAN-1", headers=BROWSER)).text()
            profile = await (await client.get("/api/v1/publico/candidaturas/F-PAN-1")).json()
            photo_url = profile["photo_url"]
            assert photo_url and f'src="{photo_url}"' in page

            photo = await client.get(photo_url)
            assert photo.status == 200
            assert photo.content_type in ("image/jpeg", "image/png", "image/webp")
            assert photo.headers["Cache-Control"] == "public, max-age=31536000, immutable"
            assert "Set-Cookie" not in photo.headers
            content = await photo.read()
            assert hashlib.sha256(content).hexdigest() == photo_url.rsplit("/", 1)[1]

            unknown = await client.get("/fotos/" + "0" * 64)
            assert unknown.status == 404
            assert (await client.get("/fotos/no-es-un-digesto")).status == 404

        # publication has stopped: what the gateway served once it still serves
        again = await client.get(photo_url)
        assert again.status == 200 and await again.read() == content
        assert len(client.app[PUBLIC_PHOTOS]) == 1
        etag = again.headers["ETag"]
        assert (await client.get(photo_url, headers={"If-None-Match": etag})).status == 304
