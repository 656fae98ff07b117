"""What ``make up`` shows the demo verifier: the demo hooks loaded as the launcher loads
them, with capture, accounts and moderation running, leave PAN's validated candidacy in
the moderation queue, flagged for its call to vote and for naming another party, with
its photo; DM01-PAN still a draft for the demo capturist. Loading the demo again, as
every ``make up`` does, changes nothing: one validated candidacy, one item in the queue,
the same history of saves."""

import re
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from contracts.demo import DEMO_ELECTION_ID
from contracts.moderation import FlagKind, Prohibition
from services.accounts.service import definition as accounts
from services.capture.demo import VALIDATED
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
    """Every service's demo data, in the launcher's order; what ``make up`` prints."""
    lines: list[str] = []
    for demo in demo_in_order(service_definitions()):
        lines += await demo.load(settings)
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


async def saves(client: Client, verifier: str) -> list[Any]:
    read = await client.get(path(VALIDATED, "curricular"), headers=bearer(verifier))
    assert read.status == 200, await read.text()
    return list((await read.json())["saves"])


async def test_the_demo_verifier_finds_pans_validated_candidacy_flagged_in_the_queue(
    fresh: Settings,
) -> None:
    async with running(fresh, accounts, capture, moderation), gateway_client(fresh) as client:
        printed = await load_demo(fresh)
        assert f"{VALIDATED}, en espera en la cola de moderación" in printed
        verifier = await demo_verifier(client, printed)

        def flagged(items: list[dict[str, Any]]) -> bool:
            return len(items) == 1 and items[0]["flag_count"] > 0

        [item] = await eventually(lambda: queue(client, verifier), flagged, what="screened")
        assert (item["candidacy_id"], item["capturing_party"]) == (VALIDATED, "pan")
        assert (item["owner_name"], item["status"]) == ("Rodrigo Elizondo Garza", "pendiente")
        assert {FlagKind.LEXICON, FlagKind.PARTY_MENTION} <= set(item["flag_kinds"])

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

        statuses = await candidacies(client, verifier)
        assert statuses[VALIDATED] == "validated"
        assert statuses["DM01-PAN"] == "draft", "the demo capturist still has one to capture"
        history = await saves(client, verifier)

        again = await load_demo(fresh)
        assert f"{VALIDATED}, en espera en la cola de moderación" in again
        assert [
            s for s, c in (await candidacies(client, verifier)).items() if c == "validated"
        ] == [VALIDATED]
        assert await saves(client, verifier) == history
        [still] = await queue(client, verifier)
        assert still == item
