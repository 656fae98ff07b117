"""The formula's alternate published by the owner's rules (001 §3.III-V), through the real
services: F-PAN-1 validated under Durango (INE receives identity answers only by consent,
003 §28), its owner consenting; then capture's events for the alternate — its answers in
the projection and its own photo — and moderation's decision on ``suplente.propuesta_2``
are sent as those services send them (their outboxes, their streams). The alternate's
answers and photo reach the profile page, the public API, the photo's address, INE's
signed feed and the open data (``calidad``); its disabled field goes and the owner's
stays; its identity answers reach INE only with its own consent."""

import base64
import csv
import datetime as dt
import hashlib
import io
import json
from typing import Any

import pytest
from PIL import Image
from pydantic import BaseModel

from contracts.catalog import EventSpec
from contracts.envelope import Actor, utc_now
from contracts.events.capture import (
    PHOTO_VALIDATED,
    PROJECTION_UPDATED,
    PhotoValidated,
    ProjectionUpdated,
    PublicCurricular,
    PublicIdentity,
    PublicProjection,
)
from contracts.events.moderation import MODERATION_DECIDED, ModerationDecided, Restrictions
from contracts.moderation import Prohibition
from contracts.publication import photo_path
from services.accounts.service import definition as accounts
from services.capture.service import definition as capture
from services.moderation.service import definition as moderation
from services.publication.adapters.signing import verify
from services.publication.service import definition as publication
from services.publication.store import candidacies
from services.runtime.service_host import ServiceHost
from services.runtime.settings import Settings
from tests.support.capture import ELECTION
from tests.support.gateway import gateway_client
from tests.support.hosts import running
from tests.support.publication import (
    feed,
    public_entry,
    publication_starting,
    served_key,
    validated_with_consent,
)
from tests.support.waiting import eventually

pytestmark = pytest.mark.timeout(300)
YESTERDAY = dt.date.today() - dt.timedelta(days=1)
SERVICES = (accounts, capture, moderation, publication)
CANDIDACY = "F-PAN-1"
ALTERNATE = "Lucía Peña Ibáñez"
PROPOSAL = "Clínicas móviles para las comunidades serranas de cada municipio. " * 3
SLOGAN = "Vota por Lucía, la suplente del cambio verdadero en todo el distrito. " * 3
RELEASE_WAIT_S = 60.0


def photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (300, 400), (20, 130, 160)).save(out, format="JPEG")
    return out.getvalue()


async def sent_by(host: ServiceHost, spec: EventSpec, data: BaseModel) -> None:
    """``data`` sent as ``host``'s service sends its events: through its outbox."""
    deps = host.deps
    assert deps is not None
    async with deps.pool.acquire() as conn, conn.transaction():
        await deps.outbox.add(
            conn,
            spec,
            data,
            actor=Actor.system(deps.outbox.producer),
            election_id=ELECTION,
            subject_id=CANDIDACY,
        )


async def heard_projection(host: ServiceHost) -> PublicProjection:
    """The projection capture sent with the validation, as publication holds it."""
    deps = host.deps
    assert deps is not None
    async with deps.pool.acquire() as conn:
        heard = await candidacies.candidacy(conn, CANDIDACY)
    assert heard is not None and heard.projection is not None
    return heard.projection


async def profile_where(settings: Settings, check: Any, what: str) -> dict[str, Any]:
    found = await eventually(
        lambda: public_entry(settings, CANDIDACY),
        lambda e: e is not None and e["state"] == "public" and bool(check(e["profile"])),
        what=what,
    )
    assert found is not None
    return dict(found["profile"])


async def last_for_ine(settings: Settings, check: Any, what: str) -> dict[str, Any]:
    async def last() -> dict[str, Any] | None:
        changes = [c for c in (await feed(settings)).changes if c.candidacy_id == CANDIDACY]
        return changes[-1].model_dump(mode="json") if changes else None

    found = await eventually(last, lambda c: c is not None and bool(check(c)), what=what)
    assert found is not None
    return found


async def released_rows(client: Any, table: str) -> list[dict[str, str]]:
    """The candidacy's rows of ``table`` in the election's current open-data release."""
    listing = await (await client.get("/api/v1/publico/datos-abiertos")).json()
    ours = [r for r in listing["releases"] if r["election_id"] == ELECTION]
    if not ours:
        return []
    got = await client.get(f"/datos-abiertos/{ELECTION}/{ours[0]['release_id']}/{table}.csv")
    assert got.status == 200, await got.text()
    text = (await got.read()).decode("utf-8")
    return [
        r for r in csv.DictReader(io.StringIO(text, newline="")) if r["id_candidatura"] == CANDIDACY
    ]


async def test_the_alternates_answers_photo_and_identity_are_published_by_their_own_rules(
    fresh: Settings,
) -> None:
    settings = fresh.model_copy(update={"open_data_min_interval_s": 0.0})
    async with running(settings, *SERVICES) as hosts, gateway_client(settings) as client:
        capture_host, moderation_host, publication_host = hosts[1], hosts[2], hosts[3]
        # Durango sends a formula without its alternate's answers: they come below.
        people = await validated_with_consent(client, settings, "durango", alternate=False)
        await publication_starting(client, people["admin"], "durango", YESTERDAY)
        owner = await profile_where(settings, lambda p: True, "the owner's profile published")
        assert not owner["alternate_curricular"]  # nothing of the alternate's yet
        validated = await heard_projection(publication_host)
        assert validated.formula.alternate is not None

        # capture: the alternate's own photo and answers, no consent of the alternate's
        content = photo()
        sha = hashlib.sha256(content).hexdigest()
        await sent_by(
            capture_host,
            PHOTO_VALIDATED,
            PhotoValidated(
                election_id=ELECTION,
                candidacy_id=CANDIDACY,
                sha256=sha,
                media_type="image/jpeg",
                content_base64=base64.b64encode(content).decode("ascii"),
            ),
        )
        answers = PublicCurricular(
            fotografia=sha,
            grado_maximo_estudios="Maestría",
            propuesta_1=PROPOSAL,
            propuesta_2=SLOGAN,
        )
        with_alternate = validated.model_copy(update={"alternate_curricular": answers})
        await sent_by(
            capture_host,
            PROJECTION_UPDATED,
            ProjectionUpdated(projection=with_alternate, cause="alternate_captured"),
        )
        shown = await profile_where(
            settings,
            lambda p: p["alternate_photo_url"] is not None,
            "the alternate's answers and photo published",
        )
        assert shown["alternate_curricular"]["propuesta_1"] == PROPOSAL
        assert shown["alternate_photo_url"] == photo_path(sha)
        assert shown["photo_url"] == owner["photo_url"] != photo_path(sha)  # each its own
        assert shown["alternate_identity"] == {}  # no consent of the alternate's

        # moderation: the alternate's propuesta_2 kept from publication
        await sent_by(
            moderation_host,
            MODERATION_DECIDED,
            ModerationDecided(
                election_id=ELECTION,
                candidacy_id=CANDIDACY,
                capturing_party="pan",
                decision_id="suplente-propuesta-2",
                field="suplente.propuesta_2",
                disabled=True,
                prohibition=Prohibition.MENTIONS,
                note="Contiene un lema de campaña.",
                decided_at=utc_now(),
                restrictions=Restrictions(disabled_fields=["suplente.propuesta_2"], revision=1),
            ),
        )
        shown = await profile_where(
            settings,
            lambda p: "propuesta_2" not in p["alternate_curricular"],
            "the alternate's propuesta_2 gone",
        )
        assert shown["curricular"]["propuesta_2"] == owner["curricular"]["propuesta_2"]
        assert shown["alternate_curricular"]["propuesta_1"] == PROPOSAL

        # the public API and the page show what the bucket holds
        api = await (await client.get(f"/api/v1/publico/candidaturas/{CANDIDACY}")).json()
        assert api["alternate_curricular"] == shown["alternate_curricular"]
        assert api["alternate_photo_url"] == photo_path(sha)
        page = await client.get(f"/candidaturas/{CANDIDACY}")
        assert page.status == 200
        html = await page.text()
        _, alternate_part = html.split('<h2 id="suplente">')
        assert alternate_part.startswith(f"Suplente: {ALTERNATE}")
        assert f'src="{photo_path(sha)}"' in alternate_part
        assert PROPOSAL.split(".")[0] in alternate_part and SLOGAN.split(",")[0] not in html
        assert "Sus respuestas no se publican" in alternate_part  # its identity
        served = await client.get(photo_path(sha))
        assert served.status == 200 and await served.read() == content
        assert (await client.get(owner["photo_url"])).status == 200  # the owner's still

        # INE: the alternate's answers reach its feed, signed like every change
        key = await served_key(settings)
        change = await last_for_ine(
            settings,
            lambda c: "propuesta_2" not in c["profile"]["alternate_curricular"],
            "INE heard the alternate's answers",
        )
        assert change["profile"]["alternate_curricular"]["propuesta_1"] == PROPOSAL
        assert change["profile"]["alternate_photo_url"] == photo_path(sha)
        assert change["profile"]["identity"]["indigena"] == "Sí"  # the owner consented
        assert verify(key.public_key_base64, change)
        forged = json.loads(json.dumps(change))
        forged["profile"]["alternate_curricular"]["propuesta_2"] = SLOGAN
        assert not verify(key.public_key_base64, forged)

        # the alternate's identity public as an affirmative action: public, not INE's
        as_action = with_alternate.model_copy(
            update={"alternate_identity": PublicIdentity(discapacidad="Sí")}
        )
        await sent_by(
            capture_host,
            PROJECTION_UPDATED,
            ProjectionUpdated(projection=as_action, cause="alternate_captured"),
        )
        await profile_where(
            settings,
            lambda p: p["alternate_identity"] == {"discapacidad": "Sí"},
            "the alternate's identity public",
        )
        change = await last_for_ine(
            settings, lambda c: c["sequence"] > change["sequence"], "INE heard the update"
        )
        assert change["profile"]["alternate_identity"] == {}  # without its consent
        assert change["profile"]["identity"]["indigena"] == "Sí"

        # the alternate's own consent: now INE receives its identity answers too
        consented = as_action.model_copy(update={"alternate_identity_by_consent": True})
        await sent_by(
            capture_host,
            PROJECTION_UPDATED,
            ProjectionUpdated(projection=consented, cause="consent_verified"),
        )
        change = await last_for_ine(
            settings,
            lambda c: c["profile"]["alternate_identity"] == {"discapacidad": "Sí"},
            "INE heard the alternate's consented identity",
        )
        assert verify(key.public_key_base64, change)

        # open data: a row per person, calidad saying whose
        async def released() -> tuple[list[dict[str, str]], list[dict[str, str]]]:
            return await released_rows(client, "curricular"), await released_rows(
                client, "identidad"
            )

        curricular, identity = await eventually(
            released,
            lambda r: len(r[0]) == 2 and any(row["calidad"] == "Suplente" for row in r[1]),
            timeout_s=RELEASE_WAIT_S,
            what="the release with the alternate's rows",
        )
        by_quality = {row["calidad"]: row for row in curricular}
        assert set(by_quality) == {"Propietaria", "Suplente"}
        assert by_quality["Suplente"]["nombre_candidato"] == ALTERNATE
        assert by_quality["Suplente"]["propuesta_1"] == PROPOSAL
        assert by_quality["Suplente"]["propuesta_2"] == ""  # disabled: an empty cell
        assert by_quality["Suplente"]["url_fotografia"] == photo_path(sha)
        assert by_quality["Propietaria"]["propuesta_2"]
        alternate_identity = next(row for row in identity if row["calidad"] == "Suplente")
        assert alternate_identity["discapacidad"] == "Sí"
