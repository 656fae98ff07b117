"""What ``make up`` shows the demo verifier: the demo hooks loaded as the launcher loads
them, with capture, accounts and moderation running, leave PAN's validated candidacy in
the moderation queue, flagged for its call to vote and for naming another party, with
its photo, beside MC's, the independent's and the coalition's validated candidacies, which
the screening lets through unflagged; DM01-PAN still a draft for the demo capturist.
Loading the demo again, as every ``make up`` does, changes nothing: the same validated
candidacies, the same items in the queue, the same history of saves."""

import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import nats
import pytest
from aiohttp.test_utils import TestClient

from contracts import subjects
from contracts.catalog import EventSpec
from contracts.demo import DEMO_ELECTION_ID
from contracts.envelope import EventEnvelope
from contracts.events.capture import CANDIDACY_VALIDATED, ELECTION_CONFIGURED
from contracts.moderation import FlagKind, Prohibition
from services.accounts.service import definition as accounts
from services.capture.demo import PUBLISHED, VALIDATED
from services.capture.service import definition as capture
from services.launcher.definitions import demo_in_order, service_definitions
from services.moderation.service import definition as moderation
from services.runtime.settings import Settings
from tests.support.accounts import activate, bearer, next_totp, sign_in, totp_now
from tests.support.capture import path
from tests.support.gateway import gateway_client
from tests.support.hosts import running
from tests.support.waiting import eventually

pytestmark = pytest.mark.timeout(240)
Client = TestClient[Any, Any]


async def load_demo(settings: Settings) -> str:
    """Every service's demo data, in the launcher's order; what ``make up
    PROFILE=nuevo-leon`` prints."""
    lines: list[str] = []
    nuevo_leon = settings.model_copy(update={"demo_profile": "nuevo-leon"})
    for demo in demo_in_order(service_definitions()):
        lines += await demo.load(nuevo_leon)
    return "\n".join(lines)


async def demo_verifier(client: Client, printed: str) -> str:
    """The demo verifier, activated with the code ``make up`` printed, signed in."""
    found = re.search(
        r"Cuenta de demostración «(\S+)» \(Verificación.*?\): actívela en \S+ con el código (\S+)",
        printed,
    )
    assert found is not None, printed
    user, code = found.groups()
    activated = await activate(client, code)
    secret = activated["totp"]["secret"]
    confirm = await client.post(
        "/api/v1/activacion/segundo-factor",
        json={"ticket": activated["totp"]["ticket"], "codigo_totp": totp_now(secret)},
    )
    assert confirm.status == 204, await confirm.text()
    signed = await sign_in(client, user, next_totp(secret))
    assert signed.status == 200, await signed.text()
    return str((await signed.json())["access_token"])


async def queue(client: Client, verifier: str) -> list[dict[str, Any]]:
    listed = await client.get(
        "/api/v1/moderacion/cola", params={"eleccion": DEMO_ELECTION_ID}, headers=bearer(verifier)
    )
    assert listed.status == 200, await listed.text()
    return list((await listed.json())["items"])


async def candidacies(client: Client, verifier: str) -> dict[str, str]:
    """Each candidacy of the demo election, by its capture status."""
    listed = await client.get("/api/v1/candidaturas", headers=bearer(verifier))
    assert listed.status == 200, await listed.text()
    return {c["candidacy_id"]: c["capture_status"] for c in (await listed.json())["candidacies"]}


async def saves(client: Client, verifier: str) -> dict[str, list[Any]]:
    """The curricular saves of each validated demo candidacy."""
    history = {}
    for candidacy_id in PUBLISHED:
        read = await client.get(path(candidacy_id, "curricular"), headers=bearer(verifier))
        assert read.status == 200, await read.text()
        history[candidacy_id] = list((await read.json())["saves"])
    return history


async def test_the_demo_verifier_finds_pans_validated_candidacy_flagged_in_the_queue(
    fresh: Settings,
) -> None:
    async with running(fresh, accounts, capture, moderation), gateway_client(fresh) as client:
        printed = await load_demo(fresh)
        assert f"{VALIDATED}, en espera en la cola de moderación" in printed
        assert "PM-MTY-MC, PM-MTY-IND, DM01-SHH" in printed
        verifier = await demo_verifier(client, printed)

        def screened(items: list[dict[str, Any]]) -> bool:
            return len(items) == len(PUBLISHED) and items[0]["flag_count"] > 0

        items = await eventually(lambda: queue(client, verifier), screened, what="screened")
        item, *others = items
        assert (item["candidacy_id"], item["capturing_party"]) == (VALIDATED, "pan")
        assert (item["owner_name"], item["status"]) == ("Rodrigo Elizondo Garza", "pendiente")
        assert {FlagKind.LEXICON, FlagKind.PARTY_MENTION} <= set(item["flag_kinds"])
        unflagged = {(o["candidacy_id"], o["capturing_party"], o["flag_count"]) for o in others}
        assert unflagged == {
            ("PM-MTY-MC", "mc", 0),
            ("PM-MTY-IND", None, 0),
            ("DM01-SHH", "morena", 0),
        }

        opened = await client.get(
            f"/api/v1/moderacion/candidaturas/{VALIDATED}", headers=bearer(verifier)
        )
        assert opened.status == 200, await opened.text()
        review = await opened.json()
        assert review["texts"]["propuesta_2"].endswith("Este 6 de junio, vota por el PAN.")
        assert review["photo_sha256"]
        found = {(f["kind"], f["prohibition"], f["field"], f["evidence"]) for f in review["flags"]}
        mention = (FlagKind.PARTY_MENTION, Prohibition.MENTIONS, "propuesta_2", "Morena")
        assert mention in found, found
        assert any(
            kind == FlagKind.LEXICON
            and prohibition == Prohibition.CAMPAIGN_SLOGANS
            and field == "propuesta_2"
            and "vota" in evidence.lower()
            for kind, prohibition, field, evidence in found
        ), found

        photos = {review["photo_sha256"]}
        for candidacy_id in PUBLISHED[1:]:
            opened = await client.get(
                f"/api/v1/moderacion/candidaturas/{candidacy_id}", headers=bearer(verifier)
            )
            assert opened.status == 200, await opened.text()
            other = await opened.json()
            assert other["flags"] == [], (candidacy_id, other["flags"])
            assert len(other["texts"]["propuesta_1"]) >= 280
            photos.add(other["photo_sha256"])
        assert len(photos) == len(PUBLISHED), "a portrait of its own each"

        statuses = await candidacies(client, verifier)
        assert {c for c, s in statuses.items() if s == "validated"} == set(PUBLISHED)
        assert statuses["DM01-PAN"] == "draft", "the demo capturist still has one to capture"
        history = await saves(client, verifier)

        again = await load_demo(fresh)
        assert f"{VALIDATED}, en espera en la cola de moderación" in again
        assert await candidacies(client, verifier) == statuses
        assert await saves(client, verifier) == history
        assert await queue(client, verifier) == items


async def events(settings: Settings, kind: EventSpec, count: int) -> list[EventEnvelope]:
    """The first ``count`` events of ``kind`` capture published."""
    nc = await nats.connect(settings.require_nats_urls())
    try:
        subject = subjects.event_subject(settings.bus_prefix, "capture", kind.event_type, 1)
        read = await nc.jetstream().subscribe(subject, ordered_consumer=True)
        return [
            EventEnvelope.model_validate_json((await read.next_msg(10)).data) for _ in range(count)
        ]
    finally:
        await nc.close()


async def test_the_demo_publishes_from_the_day_it_is_first_loaded(fresh: Settings) -> None:
    """Publication starts the day the demo is loaded (in Monterrey), so the portal shows
    the validated candidacies at once; MC's, under the indigenous affirmative action with
    its consent signed, shows its identity answers, and the others' stay private."""
    async with running(fresh, accounts, capture):
        await load_demo(fresh)
        today = datetime.now(ZoneInfo("America/Monterrey")).date().isoformat()
        [configured] = await events(fresh, ELECTION_CONFIGURED, 1)
        assert configured.data["catalogue"]["publication_starts"] == today
        validated = await events(fresh, CANDIDACY_VALIDATED, len(PUBLISHED))
        projections = {
            e.data["projection"]["candidacy_id"]: e.data["projection"] for e in validated
        }
        assert set(projections) == set(PUBLISHED)
        mc = projections["PM-MTY-MC"]
        assert mc["identity"]["indigena"] == "Sí"
        assert mc["identity"]["pueblo_indigena"] == "Nahua de la Huasteca hidalguense"
        assert "nivel_ingresos" not in mc["identity"]
        assert all(p["identity"] == {} for c, p in projections.items() if c != "PM-MTY-MC")
        assert projections["DM01-SHH"]["formula"]["owner"]["names"] == "José Ángel"

        await load_demo(fresh)
        configured, again = await events(fresh, ELECTION_CONFIGURED, 2)
        assert again.data["catalogue"]["publication_starts"] == today
