"""What INE receives (000 §5.2, 001 §29, 003 §28, 004 §29), through the real services: a
validated candidacy published reaches INE's durable consumer and its HTTP feed as one
signed event, which the verification block of deploy/README.md verifies with the served
key; the candidacy's identity answers (no consent here) are nowhere in it (DESIGN §4);
its withdrawal comes as profile.withdrawn, in the same order on both."""

import datetime as dt
import json
import re
from collections.abc import Callable
from typing import Any

import nats
import pytest

from services.accounts.service import definition as accounts
from services.capture.service import definition as capture
from services.gateway.problems import PROBLEM_CONTENT_TYPE
from services.moderation.service import definition as moderation
from services.publication.commands import INE_DURABLE, ensure_ine_consumer, ine_stream
from services.publication.service import definition as publication
from services.runtime.settings import Settings
from tests.support.accounts import bearer, staff_session
from tests.support.capture import CURRICULAR, IDENTITY
from tests.support.gateway import gateway_client
from tests.support.hosts import running
from tests.support.moderation import validated_candidacy
from tests.support.publication import publication_starting
from tests.support.servers import REPO

pytestmark = pytest.mark.timeout(300)
YESTERDAY = dt.date.today() - dt.timedelta(days=1)
SERVICES = (accounts, capture, moderation, publication)
FETCH_WAIT_S = 20.0
Verifier = Callable[[dict[str, Any], str], bool]


def readme_verifier() -> Verifier:
    """The Python block under «Verifying a change's signature» in deploy/README.md, run
    as it is written there: what INE copies."""
    readme = (REPO / "deploy" / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Verifying a change's signature", 1)[1]
    found = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert found is not None, "the README's verification block"
    namespace: dict[str, Any] = {}
    exec(compile(found.group(1), "deploy/README.md", "exec"), namespace)
    verify: Verifier = namespace["verify_change"]
    return verify


def sensitive_in(change: dict[str, Any]) -> list[str]:
    """The identity questions or the answers captured for F-PAN-1 that the change shows
    (the distinctive ones: "Sí" and "No" are in any text)."""
    text = json.dumps(change, ensure_ascii=False)
    answers = [a for a in IDENTITY.values() if a not in ("Sí", "No")]
    return [word for word in [*IDENTITY, *answers] if f'"{word}"' in text]


async def test_ine_receives_every_change_signed_and_only_public(fresh: Settings) -> None:
    verify_change = readme_verifier()
    nc = await nats.connect(fresh.require_nats_urls())
    try:
        js = nc.jetstream()
        async with running(fresh, *SERVICES), gateway_client(fresh) as client:
            await ensure_ine_consumer(js, fresh)  # `conoceles ine consumidor`
            inbox = await js.pull_subscribe_bind(INE_DURABLE, ine_stream(fresh))
            people = await validated_candidacy(client, fresh)  # no consent
            await publication_starting(client, people["admin"], "estado-de-mexico", YESTERDAY)

            [message] = await inbox.fetch(1, timeout=FETCH_WAIT_S)
            envelope = json.loads(message.data)
            assert envelope["type"] == "profile.published"
            published = envelope["data"]
            await message.ack_sync()
            key_answer = await client.get("/api/v1/publico/llave-publicacion")  # no account
            assert key_answer.status == 200, await key_answer.text()
            key = await key_answer.json()
            assert key["algorithm"] == "Ed25519" and published["key_id"] == key["key_id"]
            assert verify_change(published, key["public_key_base64"])
            assert not verify_change(
                {**published, "candidacy_id": "F-PRI-1"}, key["public_key_base64"]
            )
            assert published["sequence"] == 1 and published["candidacy_id"] == "F-PAN-1"
            profile = published["profile"]
            assert profile["curricular"]["propuesta_1"] == CURRICULAR["propuesta_1"].strip()
            assert profile["identity"] == {}
            assert sensitive_in(published) == []
            assert "birth_date" not in json.dumps(published)

            ine = await staff_session(client, people["admin"], "ine")
            page = await client.get("/api/v1/ine/cambios", params={"desde": 1}, headers=bearer(ine))
            assert page.status == 200, await page.text()
            body = await page.json()
            assert body == {"changes": [published], "siguiente": 2}
            assert verify_change(body["changes"][0], key["public_key_base64"])

            for refused, params, status, field in (
                (people["capturist"], {"desde": 1}, 403, None),
                (None, {"desde": 1}, 401, None),
                (ine, {"desde": 0}, 422, "desde"),
                (ine, {"desde": "uno"}, 422, "desde"),
                (ine, {"limite": 5001}, 422, "limite"),
                (ine, {"hasta": 3}, 422, "hasta"),
            ):
                answer = await client.get(
                    "/api/v1/ine/cambios",
                    params=params,
                    headers=bearer(refused) if refused else {},
                )
                assert answer.status == status, (params, await answer.text())
                assert answer.content_type == PROBLEM_CONTENT_TYPE
                problem = await answer.json()
                assert problem["status"] == status and problem["detail"]
                if status == 403:
                    assert "INE" in problem["detail"]
                if field is not None:
                    assert [e["field"] for e in problem["errors"]] == [field], problem

            document = await (await client.get("/api/v1/openapi.json")).json()
            listed = document["paths"]["/api/v1/ine/cambios"]["get"]
            assert [p["name"] for p in listed["parameters"]] == ["desde", "limite"]
            assert {"200", "401", "403", "422"} <= set(listed["responses"])
            assert "get" in document["paths"]["/api/v1/publico/llave-publicacion"]

            whole = await client.post(
                "/api/v1/moderacion/candidaturas/F-PAN-1/decisiones",
                headers=bearer(people["verifier"]),
                json={"prohibicion": "lemas_campana", "nota": "Contiene un lema de campaña."},
            )
            assert whole.status == 200, await whole.text()
            [message] = await inbox.fetch(1, timeout=FETCH_WAIT_S)
            envelope = json.loads(message.data)
            assert envelope["type"] == "profile.withdrawn"
            withdrawn = envelope["data"]
            await message.ack_sync()
            assert withdrawn["sequence"] == 2 and withdrawn["kind"] == "withdrawn"
            assert withdrawn["profile"] is None and withdrawn["cause"] == "disabled"
            assert verify_change(withdrawn, key["public_key_base64"])

            page = await client.get("/api/v1/ine/cambios", params={"desde": 2}, headers=bearer(ine))
            assert (await page.json()) == {"changes": [withdrawn], "siguiente": 3}
            everything = await client.get("/api/v1/ine/cambios", headers=bearer(ine))
            assert [c["kind"] for c in (await everything.json())["changes"]] == [
                "published",
                "withdrawn",
            ]
            state = await inbox.consumer_info()
            assert (state.num_pending, state.num_ack_pending) == (0, 0)
    finally:
        await nc.close()
