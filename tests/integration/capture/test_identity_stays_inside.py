"""No identity answer ever leaves the capture service in clear where the rules do not
allow it: not in logs, trace files, events on the bus, or activity entries (DESIGN §4)."""

import logging
from typing import Any

import asyncpg
import nats
import pytest

from services.accounts.service import definition as accounts
from services.audit.service import definition as audit
from services.capture.service import definition as capture
from services.runtime import database
from services.runtime.settings import Settings
from tests.support.accounts import bearer, issue_party, session_of
from tests.support.capture import CURRICULAR, ELECTION, IDENTITY, election_under, path, submit
from tests.support.gateway import gateway_client
from tests.support.hosts import running
from tests.support.photos import upload_photo
from tests.support.waiting import eventually

pytestmark = pytest.mark.timeout(240)
SENTINEL = "Pueblo-centinela-Q7"  # an identity answer no one must see outside


async def every_event(settings: Settings) -> str:
    nc = await nats.connect(settings.require_nats_urls())
    try:
        js = nc.jetstream()
        texts = []
        for info in await js.streams_info():
            if not info.config.name.startswith(settings.bus_prefix.upper()):
                continue
            subscription = await js.subscribe(">", stream=info.config.name, ordered_consumer=True)
            for _ in range(info.state.messages):
                texts.append((await subscription.next_msg(timeout=5)).data.decode())
            await subscription.unsubscribe()
        return "\n".join(texts)
    finally:
        await nc.close()


async def test_identity_answers_never_leave_in_clear(
    fresh: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    async with running(fresh, accounts, capture, audit) as hosts, gateway_client(fresh) as client:
        admin = await election_under(client, fresh, "nuevo-leon")
        pan = await issue_party(client, admin, "pan", ELECTION)
        capturist, supervisor = (
            await session_of(client, pan["capturist"]),
            await session_of(client, pan["supervisor"]),
        )
        await client.post(
            "/api/v1/candidaturas/F-PAN-1/aviso-privacidad",
            headers=bearer(capturist),
            json={"version": "1"},
        )
        answers: dict[str, Any] = {**IDENTITY, "pueblo_indigena": SENTINEL}
        await upload_photo(client, capturist, "F-PAN-1")
        for name, given in (("curricular", CURRICULAR), ("identidad", answers)):
            saved = await client.put(
                path("F-PAN-1", name), headers=bearer(capturist), json={"respuestas": given}
            )
            assert saved.status == 200
        read = await client.get(path("F-PAN-1", "identidad"), headers=bearer(supervisor))
        assert (await read.json())["respuestas"]["pueblo_indigena"] == SENTINEL  # in scope
        assert (await (await submit(client, capturist, "F-PAN-1", True)).json())["submitted"]
        validated = await client.post(
            "/api/v1/candidaturas/F-PAN-1/validacion", headers=bearer(supervisor)
        )
        assert SENTINEL not in await validated.text()  # no consent, no affirmative action

        conn = await asyncpg.connect(database.admin_dsn(fresh, database=fresh.instance))
        try:
            await eventually(
                lambda: conn.fetchval(
                    "SELECT count(*) FROM audit.entries WHERE action = 'candidacy.validate'"
                ),
                lambda n: n == 1,
                what="the log caught up",
            )
            leaves = await conn.fetch("SELECT leaf FROM audit.entries")
            outboxes = await conn.fetch(
                "SELECT envelope::text AS e FROM capture.outbox UNION ALL "
                "SELECT envelope::text FROM accounts.outbox"
            )
        finally:
            await conn.close()
        for host in hosts:
            assert host.tracer_provider is not None
            host.tracer_provider.force_flush()

    traces = "".join(p.read_text() for p in (fresh.var_dir / "traces").glob("*"))
    events = await every_event(fresh)
    assert "questionnaire.save" in events  # the events were read
    places = {
        "logs": caplog.text,
        "trace files": traces,
        "events on the bus": events,
        "outboxes": "".join(r["e"] for r in outboxes),
        "activity log": b"".join(bytes(r["leaf"]) for r in leaves).decode(),
    }
    assert [place for place, text in places.items() if SENTINEL in text] == []
