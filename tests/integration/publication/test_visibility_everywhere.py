"""Every visibility rule on every surface (issue 15 item 8), through the real services:
the embargo, a disabled field, a revoked consent and a substitution, each seen as a
citizen reads the profile page and the search, as a program reads the public API, as a
journalist reads the next open-data release (CSV and JSON), and as INE reads its feed.
The four agree: what one surface hides, none shows (DESIGN §4, §6; 001 §14)."""

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass
from typing import Any

import pytest

from contracts.envelope import utc_now
from services.accounts.service import definition as accounts
from services.capture.service import definition as capture
from services.gateway.problems import PROBLEM_CONTENT_TYPE
from services.gateway.routes.public_pages import EMPTY
from services.moderation.service import definition as moderation
from services.publication.service import definition as publication
from services.publication.steps import releasing, starting
from services.runtime.settings import Settings
from tests.support.accounts import bearer, staff_session
from tests.support.capture import ELECTION, IDENTITY
from tests.support.gateway import gateway_client
from tests.support.hosts import running
from tests.support.moderation import handled, validated_candidacy
from tests.support.publication import publication_starting, validated_with_consent
from tests.support.registry import as_csv, demo_rows, person
from tests.support.waiting import eventually

pytestmark = pytest.mark.timeout(300)
YESTERDAY = dt.date.today() - dt.timedelta(days=1)
SERVICES = (accounts, capture, moderation, publication)
CANDIDACY = "F-PAN-1"
OWNER = "María Fernanda"
SLOGAN = (
    "Vota por Fernanda, la fuerza del cambio verdadero en el distrito uno. "
    "Propongo llevar agua potable a cada colonia con un programa de pipas y tomas nuevas. "
) * 3
"""propuesta_2 as the verifier disables it: a campaign slogan (a text no other field has)."""
PEOPLE = IDENTITY["pueblo_indigena"]
"""An identity answer public by consent, distinctive enough to be searched for in a text."""
RELEASE_WAIT_S = 60.0
TABLES = ("candidaturas", "curricular", "identidad")


def at_once(settings: Settings) -> Settings:
    """Releases follow every change at once (the timer still ticks every 5 s)."""
    return settings.model_copy(update={"open_data_min_interval_s": 0.0})


@dataclass(frozen=True)
class Released:
    """The candidacy's rows in the election's current open-data release, each table read
    from both its CSV and its JSON (None: no release of the election yet)."""

    release_id: str
    csv: dict[str, list[dict[str, str]]]
    json: dict[str, list[dict[str, Any]]]

    def rows(self, table: str) -> list[dict[str, Any]]:
        """The table's rows, after checking its CSV and its JSON hold the same ones."""
        as_csv, as_json = self.csv[table], self.json[table]
        assert [r["id_candidatura"] for r in as_csv] == [r["id_candidatura"] for r in as_json]
        return as_json


@dataclass(frozen=True)
class Surfaces:
    """What each surface shows of the candidacy at one moment."""

    page_status: int
    page: str
    api_status: int
    api: dict[str, Any]
    api_type: str
    found_by_api: bool
    found_by_page: bool
    released: Released | None
    ine: list[dict[str, Any]]
    """INE's changes of the candidacy, in order."""

    @property
    def release_id(self) -> str | None:
        return None if self.released is None else self.released.release_id

    @property
    def ine_last(self) -> dict[str, Any] | None:
        return self.ine[-1] if self.ine else None


async def _release(client: Any, candidacy_id: str) -> Released | None:
    listing = await client.get("/api/v1/publico/datos-abiertos")
    assert listing.status == 200, await listing.text()
    ours = [r for r in (await listing.json())["releases"] if r["election_id"] == ELECTION]
    if not ours:
        return None
    release_id = ours[0]["release_id"]
    as_csv: dict[str, list[dict[str, str]]] = {}
    as_json: dict[str, list[dict[str, Any]]] = {}
    for table in TABLES:
        for kind in ("csv", "json"):
            got = await client.get(f"/datos-abiertos/{ELECTION}/{release_id}/{table}.{kind}")
            assert got.status == 200, (table, kind, await got.text())
            text = (await got.read()).decode("utf-8")
            if kind == "csv":
                rows = csv.DictReader(io.StringIO(text, newline=""))
                as_csv[table] = [r for r in rows if r["id_candidatura"] == candidacy_id]
            else:
                as_json[table] = [
                    r for r in json.loads(text) if r["id_candidatura"] == candidacy_id
                ]
    return Released(release_id, as_csv, as_json)


async def surfaces(client: Any, ine: str, candidacy_id: str = CANDIDACY) -> Surfaces:
    """Each surface asked as its reader asks it: anonymous but for INE."""
    page = await client.get(f"/candidaturas/{candidacy_id}")
    api = await client.get(f"/api/v1/publico/candidaturas/{candidacy_id}")
    by_name = {"eleccion": ELECTION, "nombre": OWNER.split()[0].lower()}  # «maría»
    searched = await client.get("/api/v1/publico/candidaturas", params=by_name)
    assert searched.status == 200, await searched.text()
    found = [c["candidacy_id"] for c in (await searched.json())["candidaturas"]]
    search_page = await client.get("/", params=by_name)
    assert search_page.status == 200, await search_page.text()
    changes = await client.get("/api/v1/ine/cambios", headers=bearer(ine))
    assert changes.status == 200, await changes.text()
    return Surfaces(
        page_status=page.status,
        page=await page.text(),
        api_status=api.status,
        api=dict(json.loads(await api.text())),
        api_type=api.content_type,
        found_by_api=candidacy_id in found,
        found_by_page=f'href="/candidaturas/{candidacy_id}"' in await search_page.text(),
        released=await _release(client, candidacy_id),
        ine=[c for c in (await changes.json())["changes"] if c["candidacy_id"] == candidacy_id],
    )


async def once_everywhere(client: Any, ine: str, check: Any, what: str) -> Surfaces:
    """The surfaces once ``check`` holds of them (each converges at its own pace: the
    gateway at once, the release on the next tick)."""
    return await eventually(
        lambda: surfaces(client, ine), check, timeout_s=RELEASE_WAIT_S, what=what
    )


def public_everywhere(seen: Surfaces) -> bool:
    return (
        seen.page_status == 200
        and seen.api_status == 200
        and seen.found_by_api
        and seen.found_by_page
        and seen.released is not None
        and bool(seen.released.rows("curricular"))
        and seen.ine_last is not None
    )


async def test_nothing_anywhere_before_the_start_and_everything_at_it(fresh: Settings) -> None:
    settings = at_once(fresh)
    async with running(settings, *SERVICES) as hosts, gateway_client(settings) as client:
        people = await validated_candidacy(client, settings)  # starts 2027-04-01: embargoed
        ine = await staff_session(client, people["admin"], "ine")
        for consumer in ("candidacy_validated", "photo_validated"):
            await eventually(
                lambda c=consumer: handled(settings, "publication", c),  # type: ignore[misc]
                lambda n: n >= 1,
                what=f"publication heard {consumer}",
            )
        deps = hosts[3].deps
        assert deps is not None
        start = dt.datetime(2027, 4, 1, 6, tzinfo=dt.UTC)  # 00:00 in Mexico City
        await starting.start_due(deps, start - dt.timedelta(seconds=1))
        released = await releasing.release_due(deps, utc_now())  # what the next tick writes
        assert [r for r in released if r.election_id == ELECTION and r.profiles] == []

        before = await surfaces(client, ine)
        assert before.page_status == 404 and OWNER not in before.page
        assert before.api_status == 404 and before.api_type == PROBLEM_CONTENT_TYPE
        assert before.api["type"] == "/problemas/no-encontrado" and OWNER not in str(before.api)
        assert not before.found_by_api and not before.found_by_page
        assert before.released is None or before.released.rows("candidaturas") == []
        assert before.ine == []

        await starting.start_due(deps, start)  # the tick at that moment publishes
        at = await once_everywhere(client, ine, public_everywhere, "public everywhere")
        assert OWNER in at.page
        assert at.api["formula"]["owner"]["names"] == OWNER
        assert at.released is not None
        assert [r["tipo_candidato"] for r in at.released.rows("candidaturas")] == [
            "Propietaria",
            "Suplente",
        ]
        assert at.released.rows("candidaturas")[0]["nombre"] == OWNER
        assert [c["kind"] for c in at.ine] == ["published"]
        assert at.ine[0]["profile"] == at.api  # INE's profile is the public one, no more


async def test_a_disabled_field_is_gone_from_every_surface(fresh: Settings) -> None:
    settings = at_once(fresh)
    async with running(settings, *SERVICES), gateway_client(settings) as client:
        people = await validated_candidacy(client, settings, curricular={"propuesta_2": SLOGAN})
        ine = await staff_session(client, people["admin"], "ine")
        await publication_starting(client, people["admin"], "estado-de-mexico", YESTERDAY)
        shown = await once_everywhere(client, ine, public_everywhere, "public everywhere")
        assert SLOGAN.strip() in shown.page
        assert shown.api["curricular"]["propuesta_2"] == SLOGAN.strip()
        assert shown.released is not None
        [row, alternate] = shown.released.rows("curricular")
        assert (row["calidad"], alternate["calidad"]) == ("Propietaria", "Suplente")
        assert row["propuesta_2"] == SLOGAN.strip()
        assert shown.released.csv["curricular"][0]["propuesta_2"] == SLOGAN.strip()
        assert shown.ine[-1]["profile"]["curricular"]["propuesta_2"] == SLOGAN.strip()

        disabled = await client.post(
            f"/api/v1/moderacion/candidaturas/{CANDIDACY}/decisiones",
            headers=bearer(people["verifier"]),
            json={
                "campo": "propuesta_2",
                "prohibicion": "lemas_campana",
                "nota": "Contiene un lema de campaña.",
            },
        )
        assert disabled.status == 200, await disabled.text()

        def gone(seen: Surfaces) -> bool:
            return (
                SLOGAN.strip() not in seen.page
                and "propuesta_2" not in seen.api.get("curricular", {"propuesta_2": 0})
                and seen.released is not None
                and seen.release_id != shown.release_id
                and len(seen.ine) == 2
            )

        after = await once_everywhere(client, ine, gone, "the field gone everywhere")
        assert after.page_status == 200 and OWNER in after.page
        # The page says what it says of any unanswered field, under the same label.
        label = "Segunda de sus dos principales propuestas"
        assert EMPTY in after.page.split(label, 1)[1].split("</dd>", 1)[0]
        assert after.api["curricular"]["propuesta_1"]  # the rest stays
        assert after.found_by_api and after.found_by_page
        assert after.released is not None
        [row, _] = after.released.rows("curricular")
        assert row.get("propuesta_2") is None and row["propuesta_1"]
        assert after.released.csv["curricular"][0]["propuesta_2"] == ""
        assert SLOGAN.strip() not in json.dumps(after.released.json, ensure_ascii=False)
        updated = after.ine[-1]
        assert updated["kind"] == "updated"
        assert "propuesta_2" not in updated["profile"]["curricular"]
        assert updated["profile"] == after.api


async def test_a_revoked_consent_takes_the_identity_answers_from_every_surface(
    fresh: Settings,
) -> None:
    settings = at_once(fresh)
    async with running(settings, *SERVICES), gateway_client(settings) as client:
        people = await validated_with_consent(client, settings, "estado-de-mexico")
        ine = await staff_session(client, people["admin"], "ine")
        await publication_starting(client, people["admin"], "estado-de-mexico", YESTERDAY)
        shown = await once_everywhere(
            client,
            ine,
            lambda s: public_everywhere(s) and bool(s.released and s.released.rows("identidad")),
            "public everywhere, identity answers with it",
        )
        assert "Cuestionario de identidad" in shown.page and PEOPLE in shown.page
        assert shown.api["identity"]["pueblo_indigena"] == PEOPLE
        assert shown.released is not None
        assert shown.released.rows("identidad")[0]["pueblo_indigena"] == PEOPLE
        assert shown.ine[-1]["profile"]["identity"] == shown.api["identity"]

        revoked = await client.delete(
            f"/api/v1/candidaturas/{CANDIDACY}/consentimiento",
            headers=bearer(people["supervisor"]),
        )
        assert revoked.status == 204, await revoked.text()

        def gone(seen: Surfaces) -> bool:
            return (
                PEOPLE not in seen.page
                and seen.api.get("identity") == {}
                and seen.released is not None
                and seen.released.rows("identidad") == []
                and len(seen.ine) == 2
            )

        after = await once_everywhere(client, ine, gone, "identity answers gone everywhere")
        assert after.page_status == 200 and OWNER in after.page
        assert PEOPLE not in after.page and "Sus respuestas no se publican" in after.page
        assert after.found_by_api and after.found_by_page
        assert after.released is not None and after.released.rows("curricular")
        assert PEOPLE not in json.dumps(after.released.json, ensure_ascii=False)
        updated = after.ine[-1]
        assert updated["kind"] == "updated" and updated["profile"]["identity"] == {}
        assert PEOPLE not in json.dumps(updated, ensure_ascii=False)


async def test_a_substituted_candidacy_is_withdrawn_from_every_surface(fresh: Settings) -> None:
    settings = at_once(fresh)
    async with running(settings, *SERVICES), gateway_client(settings) as client:
        people = await validated_candidacy(client, settings)
        ine = await staff_session(client, people["admin"], "ine")
        await publication_starting(client, people["admin"], "estado-de-mexico", YESTERDAY)
        shown = await once_everywhere(client, ine, public_everywhere, "public everywhere")

        rows = [
            *demo_rows(),
            person("F-PAN-2", "propietaria", "Elena", "Garza", sustituye_a=CANDIDACY),
        ]
        rows[0]["estatus"] = rows[1]["estatus"] = "sustituida"
        imported = await client.post(
            f"/api/v1/elecciones/{ELECTION}/registro",
            params={"formato": "csv"},
            data=as_csv(rows),
            headers=bearer(people["admin"]),
        )
        assert imported.status == 200, await imported.text()

        def withdrawn(seen: Surfaces) -> bool:
            return (
                seen.api_status == 410
                and seen.released is not None
                and seen.release_id != shown.release_id
                and len(seen.ine) == 2
            )

        after = await once_everywhere(client, ine, withdrawn, "withdrawn everywhere")
        assert after.page_status == 410
        assert "Esta candidatura ya no es pública" in after.page and "retirado" in after.page
        assert OWNER not in after.page
        assert after.api_type == PROBLEM_CONTENT_TYPE
        assert after.api["type"] == "/problemas/candidatura-retirada"
        assert "retirada" in after.api["detail"] and OWNER not in str(after.api)
        assert not after.found_by_api and not after.found_by_page
        assert after.released is not None
        assert all(after.released.rows(table) == [] for table in TABLES)
        change = after.ine[-1]
        assert change["kind"] == "withdrawn" and change["cause"] == "substituted"
        assert change["profile"] is None
        substitute = await surfaces(client, ine, "F-PAN-2")  # not validated: nowhere
        assert substitute.page_status == 404 and substitute.api_status == 404
        assert substitute.ine == []
