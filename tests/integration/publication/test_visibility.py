"""The public read model through the real services (DESIGN §4, §6): nothing is public
before the publication start (001 §14) and the timer publishes at that moment; Zacatecas
waits for the institute's authorisation (002 §II.C); a disabled field leaves the public
bucket and INE's event, a profile disabled whole, a substituted candidacy and a revoked
consent take effect; every change is signed with the served key and numbered in one
gap-free order."""

import base64
import datetime as dt
import hashlib
from typing import Any

import pytest

from contracts.ine import ChangesPage
from contracts.operations.publication import PHOTO_GET
from contracts.publication import PhotoRef, election_key, photo_path, public_bucket
from contracts.requests import Principal
from services.accounts.service import definition as accounts
from services.capture.service import definition as capture
from services.moderation.service import definition as moderation
from services.publication.adapters.signing import verify
from services.publication.service import definition as publication
from services.publication.steps import refilling, starting
from services.runtime.requests import RequestFailed
from services.runtime.settings import Settings
from tests.support.accounts import bearer, staff_session
from tests.support.capture import ELECTION
from tests.support.gateway import gateway_client
from tests.support.hosts import running
from tests.support.moderation import ask_as, handled, validated_candidacy
from tests.support.publication import (
    INE,
    bucket_value,
    feed,
    profile_events,
    public_entry,
    publication_starting,
    served_key,
    validated_with_consent,
)
from tests.support.registry import as_csv, demo_rows, person
from tests.support.waiting import eventually

pytestmark = pytest.mark.timeout(300)
YESTERDAY = dt.date.today() - dt.timedelta(days=1)
NOTE = "Contiene un lema de campaña."
SERVICES = (accounts, capture, moderation, publication)


def state(entry: dict[str, Any] | None) -> str | None:
    return None if entry is None else str(entry["state"])


async def entry_where(settings: Settings, check: Any, what: str) -> dict[str, Any]:
    found = await eventually(
        lambda: public_entry(settings, "F-PAN-1"),
        lambda e: e is not None and bool(check(e)),
        what=what,
    )
    assert found is not None
    return found


async def test_embargo_then_the_timer_publishes_a_signed_profile(fresh: Settings) -> None:
    async with running(fresh, *SERVICES) as hosts, gateway_client(fresh) as client:
        await validated_candidacy(client, fresh)  # starts 2027-04-01: embargoed
        for consumer in ("candidacy_validated", "photo_validated"):
            await eventually(
                lambda c=consumer: handled(fresh, "publication", c),  # type: ignore[misc]
                lambda n: n >= 1,
                what=f"publication heard {consumer}",
            )
        assert await public_entry(fresh, "F-PAN-1") is None
        assert await profile_events(fresh) == []
        assert (await feed(fresh)).changes == []

        deps = hosts[3].deps
        assert deps is not None
        start = dt.datetime(2027, 4, 1, 6, tzinfo=dt.UTC)  # 00:00 in Mexico City
        await starting.start_due(deps, start - dt.timedelta(seconds=1))
        assert await public_entry(fresh, "F-PAN-1") is None  # a second before: nothing
        await starting.start_due(deps, start)  # the tick at that moment publishes
        entry = await entry_where(fresh, lambda e: e["state"] == "public", "published")
        profile = entry["profile"]
        assert entry["sequence"] == 1
        assert profile["formula"]["owner"]["names"] == "María Fernanda"
        assert isinstance(profile["formula"]["owner"]["age"], int)
        assert "birth_date" not in str(profile)
        assert profile["curricular"]["propuesta_1"]
        sha = profile["curricular"]["fotografia"]
        assert profile["photo_url"] == photo_path(sha)
        started = await eventually(
            lambda: bucket_value(fresh, election_key(ELECTION)),
            lambda e: e is not None and e["started"] is True,
            what="the timer started the election",
        )
        assert started is not None and started["publication_starts"] == "2027-04-01"

        [event] = await profile_events(fresh)
        assert event["type"] == "profile.published"
        key = await served_key(fresh)
        assert event["data"]["key_id"] == key.key_id
        assert verify(key.public_key_base64, event["data"])
        forged = {**event["data"], "candidacy_id": "F-PRI-1"}
        assert not verify(key.public_key_base64, forged)

        page = await feed(fresh)
        assert [c.sequence for c in page.changes] == [1] and page.siguiente == 2
        assert page.changes[0].model_dump(mode="json") == event["data"]
        with pytest.raises(RequestFailed) as refused:
            await feed(fresh, principal=Principal(account_id="x", role="capturist"))
        assert refused.value.error.code == "sin-permiso"
        assert "INE" in refused.value.error.detail

        photo = await ask_as(fresh, PHOTO_GET, PhotoRef(sha256=sha), INE)
        assert hashlib.sha256(base64.b64decode(photo.content_base64)).hexdigest() == sha
        with pytest.raises(RequestFailed) as missing:
            await ask_as(fresh, PHOTO_GET, PhotoRef(sha256="0" * 64), INE)
        assert missing.value.error.code == "no-encontrado"


async def test_zacatecas_publishes_only_once_the_institute_authorises(fresh: Settings) -> None:
    async with running(fresh, *SERVICES), gateway_client(fresh) as client:
        people = await validated_candidacy(client, fresh, "zacatecas")
        await publication_starting(client, people["admin"], "zacatecas", YESTERDAY)
        await eventually(
            lambda: handled(fresh, "publication", "election_configured"),
            lambda n: n >= 2,
            what="publication heard the new start",
        )
        await eventually(
            lambda: bucket_value(fresh, election_key(ELECTION)),
            lambda e: e is not None and e["started"] is True,
            what="the election started",
        )
        assert await public_entry(fresh, "F-PAN-1") is None  # validated, not authorised

        authorised = await client.post(
            "/api/v1/candidaturas/F-PAN-1/autorizacion", headers=bearer(people["verifier"])
        )
        assert authorised.status == 200, await authorised.text()
        await entry_where(fresh, lambda e: e["state"] == "public", "published once authorised")
        assert [e["type"] for e in await profile_events(fresh)] == ["profile.published"]


async def test_disabled_fields_revoked_consent_and_a_disabled_profile(fresh: Settings) -> None:
    async with running(fresh, *SERVICES), gateway_client(fresh) as client:
        people = await validated_with_consent(client, fresh, "estado-de-mexico")
        await publication_starting(client, people["admin"], "estado-de-mexico", YESTERDAY)
        entry = await entry_where(fresh, lambda e: e["state"] == "public", "published")
        assert entry["profile"]["identity"]["indigena"] == "Sí"  # by consent
        assert entry["profile"]["curricular"]["propuesta_2"]

        verifier = await staff_session(client, people["admin"], "verifier")
        disabled = await client.post(
            "/api/v1/moderacion/candidaturas/F-PAN-1/decisiones",
            headers=bearer(verifier),
            json={"campo": "propuesta_2", "prohibicion": "lemas_campana", "nota": NOTE},
        )
        assert disabled.status == 200, await disabled.text()
        entry = await entry_where(
            fresh, lambda e: "propuesta_2" not in e["profile"]["curricular"], "field gone"
        )
        assert entry["profile"]["curricular"]["propuesta_1"]

        revoked = await client.delete(
            "/api/v1/candidaturas/F-PAN-1/consentimiento", headers=bearer(people["supervisor"])
        )
        assert revoked.status == 204, await revoked.text()
        await entry_where(fresh, lambda e: e["profile"]["identity"] == {}, "identity gone")

        whole = await client.post(
            "/api/v1/moderacion/candidaturas/F-PAN-1/decisiones",
            headers=bearer(verifier),
            json={"prohibicion": "lemas_campana", "nota": NOTE},
        )
        assert whole.status == 200, await whole.text()
        entry = await entry_where(fresh, lambda e: e["state"] == "withdrawn", "withdrawn")
        assert entry["profile"] is None and entry["withdrawn_at"]

        events = await eventually(
            lambda: profile_events(fresh), lambda e: len(e) == 4, what="four changes"
        )
        assert [e["type"] for e in events] == [
            "profile.published",
            "profile.updated",
            "profile.updated",
            "profile.withdrawn",
        ]
        assert [e["data"]["sequence"] for e in events] == [1, 2, 3, 4]
        assert entry["sequence"] == 4
        assert "propuesta_2" not in events[1]["data"]["profile"]["curricular"]
        assert events[2]["data"]["profile"]["identity"] == {}
        assert events[3]["data"]["cause"] == "disabled"
        key = await served_key(fresh)
        assert all(verify(key.public_key_base64, e["data"]) for e in events)
        page: ChangesPage = await feed(fresh, desde=2)
        assert [c.sequence for c in page.changes] == [2, 3, 4] and page.siguiente == 5


async def test_a_substituted_candidacy_is_withdrawn_with_its_cause(fresh: Settings) -> None:
    async with running(fresh, *SERVICES), gateway_client(fresh) as client:
        people = await validated_candidacy(client, fresh)
        await publication_starting(client, people["admin"], "estado-de-mexico", YESTERDAY)
        await entry_where(fresh, lambda e: e["state"] == "public", "published")
        await publication_starting(client, people["admin"], "estado-de-mexico", YESTERDAY)
        await eventually(
            lambda: handled(fresh, "publication", "election_configured"),
            lambda n: n >= 3,
            what="the same configuration heard again",
        )
        assert len(await profile_events(fresh)) == 1  # nothing changed: nothing emitted

        rows = [
            *demo_rows(),
            person("F-PAN-2", "propietaria", "Elena", "Garza", sustituye_a="F-PAN-1"),
        ]
        rows[0]["estatus"] = rows[1]["estatus"] = "sustituida"
        imported = await client.post(
            f"/api/v1/elecciones/{ELECTION}/registro",
            params={"formato": "csv"},
            data=as_csv(rows),
            headers=bearer(people["admin"]),
        )
        assert imported.status == 200, await imported.text()
        entry = await entry_where(fresh, lambda e: e["state"] == "withdrawn", "withdrawn")
        assert entry["profile"] is None
        events = await profile_events(fresh)
        assert [e["type"] for e in events] == ["profile.published", "profile.withdrawn"]
        assert events[1]["data"]["cause"] == "substituted"
        assert events[1]["data"]["profile"] is None
        assert await public_entry(fresh, "F-PAN-2") is None  # not validated: nothing public


async def test_an_emptied_public_bucket_is_refilled_from_the_tables(fresh: Settings) -> None:
    """A restore onto a new NATS, or NATS's data lost: what was public is public again."""
    async with running(fresh, *SERVICES) as hosts, gateway_client(fresh) as client:
        people = await validated_candidacy(client, fresh)
        await publication_starting(client, people["admin"], "estado-de-mexico", YESTERDAY)
        await entry_where(fresh, lambda e: e["state"] == "public", "published")
        deps = hosts[3].deps
        assert deps is not None
        assert await refilling.refill_if_empty(deps) == 0  # nothing lost: nothing written

        js = deps.broker.connection.jetstream()
        await js.delete_stream(f"KV_{public_bucket(fresh.bus_prefix)}")
        assert await public_entry(fresh, "F-PAN-1") is None
        assert await refilling.refill_if_empty(deps) == 2  # the election and the profile
        entry = await entry_where(fresh, lambda e: e["state"] == "public", "public again")
        assert entry["profile"]["formula"]["owner"]["names"] == "María Fernanda"
        await eventually(
            lambda: bucket_value(fresh, election_key(ELECTION)),
            lambda e: e is not None and e["started"] is True,
            what="the election's filters and labels back",
        )
