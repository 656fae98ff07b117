"""Public statistics through the real services: a validated candidacy of an election
whose publication started yesterday → ``estadisticas.<id>`` in the public bucket →
the JSON API (ETag, 304, gzip) and the page (charts without script, the numbers as
tables, every identity group of one person withheld)."""

import datetime as dt
import gzip
from typing import Any

import pytest

from contracts.envelope import utc_now
from contracts.publication import PublicStatistics, statistics_key
from services.accounts.service import definition as accounts
from services.capture.service import definition as capture
from services.moderation.service import definition as moderation
from services.publication.service import definition as publication
from services.publication.steps import compiling_statistics
from services.runtime.settings import Settings
from tests.support.capture import ELECTION
from tests.support.gateway import gateway_client
from tests.support.hosts import running
from tests.support.moderation import validated_candidacy
from tests.support.publication import bucket_value, public_entry, publication_starting
from tests.support.waiting import eventually

pytestmark = pytest.mark.timeout(240)
YESTERDAY = dt.date.today() - dt.timedelta(days=1)


def _published(value: dict[str, Any] | None) -> bool:
    if value is None:
        return False
    pan = next(p for p in value["progress"] if p["postulant"] == "pan")
    return bool(pan["published"] == 1)


async def test_a_published_candidacy_reaches_the_statistics_api_and_page(fresh: Settings) -> None:
    settings = fresh.model_copy(update={"statistics_min_interval_s": 0.0})
    async with (
        running(settings, accounts, capture, moderation, publication) as (*_, host),
        gateway_client(settings) as client,
    ):
        people = await validated_candidacy(client, settings)
        await publication_starting(client, people["admin"], "estado-de-mexico", YESTERDAY)
        await eventually(
            lambda: public_entry(settings, "F-PAN-1"),
            lambda entry: entry is not None and entry["state"] == "public",
            what="F-PAN-1 public",
        )
        held = await eventually(
            lambda: bucket_value(settings, statistics_key(ELECTION)),
            _published,
            timeout_s=60,
            what="the statistics with F-PAN-1 published",
        )
        stats = PublicStatistics.model_validate(held)
        pan = next(p for p in stats.progress if p.postulant == "pan")
        assert (pan.submitted, pan.validated, pan.published) == (1, 1, 1)
        assert pan.candidacies >= 1
        assert {p.postulant for p in stats.progress} >= {"pan", "pri", "independiente"}
        # the formula's owner and its alternate, each a person
        assert sum(c.people for c in stats.sex) == 2
        assert sum(c.people for c in stats.age) == 2
        assert stats.groups and all(c.text == "menos de 5" for c in stats.groups)

        # A tick that finds nothing new, and the 10-minute refresh, put nothing new.
        assert await compiling_statistics.compile_due(host.deps, utc_now()) == []
        later = utc_now() + dt.timedelta(minutes=11)
        assert await compiling_statistics.compile_due(host.deps, later) == []
        again = await bucket_value(settings, statistics_key(ELECTION))
        assert again is not None and again["sequence"] == stats.sequence

        # The API: the bucket's document, its ETag, 304, gzip.
        url = f"/api/v1/publico/estadisticas/{ELECTION}"
        response = await client.get(url, headers={"Accept-Encoding": "identity"})
        assert response.status == 200
        assert PublicStatistics.model_validate(await response.json()) == stats
        assert "public" in response.headers["Cache-Control"]
        etag = response.headers["ETag"]
        unchanged = await client.get(url, headers={"If-None-Match": etag})
        assert unchanged.status == 304
        zipped = await client.get(url, headers={"Accept-Encoding": "gzip"}, auto_decompress=False)
        assert zipped.headers["Content-Encoding"] == "gzip"
        assert PublicStatistics.model_validate_json(gzip.decompress(await zipped.read())) == stats
        missing = await client.get("/api/v1/publico/estadisticas/no-existe")
        assert missing.status == 404
        assert missing.headers["Content-Type"].startswith("application/problem+json")

        # The page: a chart of capture progress with its table, nothing the CSP refuses.
        page = await client.get("/estadisticas", params={"eleccion": ELECTION})
        assert page.status == 200
        html = await page.text()
        assert "Avance de la captura por partido" in html
        assert 'role="img"' in html and "<script" not in html and " style=" not in html
        assert "Partido Acción Nacional" in html
        assert "menos de 5" in html and "Personas indígenas" in html
