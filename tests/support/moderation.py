"""Moderation in tests: a candidacy validated and waiting in the verifiers' queue; an
independent candidacy's own session, a consent uploaded, a request asked as a principal
the API cannot forge (a staff account bound to one election), and how many events a
consumer has handled (to know an absence is final)."""

from typing import Any

import asyncpg
from faststream.nats import NatsBroker
from pydantic import BaseModel

from contracts.operations import Operation
from contracts.requests import Principal
from services.runtime import database
from services.runtime.requests import RequestClient
from services.runtime.settings import Settings
from tests.support.accounts import bearer, issue_party, session_of, staff_session
from tests.support.capture import ELECTION, capture_all, election_under, path, submit
from tests.support.waiting import eventually

SIGNED = b"%PDF-1.7 consentimiento firmado\n%%EOF"


async def independent_session(client: Any, admin: str, candidacy_id: str) -> str:
    """The independent candidacy's own account, its credentials issued again for the test."""

    async def theirs() -> list[dict[str, Any]]:
        response = await client.get(
            "/api/v1/cuentas", headers=bearer(admin), params={"rol": "independent"}
        )
        return [a for a in (await response.json())["accounts"] if a["scope"]["id"] == candidacy_id]

    [account] = await eventually(theirs, lambda a: len(a) == 1, what="the independent's account")
    reissued = await client.post(
        f"/api/v1/cuentas/{account['account_id']}/reemision", headers=bearer(admin)
    )
    assert reissued.status == 200, await reissued.text()
    return await session_of(client, (await reissued.json())["accounts"][0])


async def upload_consent(client: Any, token: str, candidacy_id: str) -> str:
    """The signed document attached; its SHA-256."""
    signed = await client.post(
        f"/api/v1/candidaturas/{candidacy_id}/consentimiento", data=SIGNED, headers=bearer(token)
    )
    assert signed.status == 200, await signed.text()
    return str((await signed.json())["sha256"])


async def ask_as(
    settings: Settings, operation: Operation[Any, Any], payload: BaseModel, principal: Principal
) -> Any:
    """The operation asked on the bus as ``principal``; raises RequestFailed if refused."""
    broker = NatsBroker(settings.require_nats_urls())
    await broker.connect()
    try:
        client = RequestClient(broker, settings.bus_prefix, 5.0)
        return await client.ask(operation, payload, request_id="prueba", principal=principal)
    finally:
        await broker.stop()


async def handled(settings: Settings, service: str, consumer: str) -> int:
    """How many events ``service``'s consumer named ``consumer`` has handled."""
    conn = await asyncpg.connect(database.admin_dsn(settings, database=settings.instance))
    try:
        return int(
            await conn.fetchval(
                f"SELECT count(*) FROM {service}.inbox WHERE consumer LIKE '%' || $1",
                consumer,
            )
        )
    finally:
        await conn.close()


async def validated_candidacy(
    client: Any,
    settings: Any,
    profile: str = "estado-de-mexico",
    curricular: dict[str, Any] | None = None,
) -> dict[str, str]:
    """F-PAN-1 captured (with ``curricular`` over the usual answers), submitted and
    validated by PAN's supervisor; PRI's supervisor and a verifier signed in too. The
    tokens, by who holds them."""
    admin = await election_under(client, settings, profile)
    pan = await issue_party(client, admin, "pan", ELECTION)
    pri = await issue_party(client, admin, "pri", ELECTION)
    people = {
        "admin": admin,
        "capturist": await session_of(client, pan["capturist"]),
        "supervisor": await session_of(client, pan["supervisor"]),
        "pri_supervisor": await session_of(client, pri["supervisor"]),
    }
    await capture_all(client, people["capturist"], "F-PAN-1")
    if curricular:
        saved = await client.put(
            path("F-PAN-1", "curricular"),
            headers=bearer(people["capturist"]),
            json={"respuestas": curricular},
        )
        assert saved.status == 200, await saved.text()
    assert (await (await submit(client, people["capturist"], "F-PAN-1", True)).json())["submitted"]
    done = await client.post(
        "/api/v1/candidaturas/F-PAN-1/validacion", headers=bearer(people["supervisor"])
    )
    assert done.status == 200, await done.text()
    people["verifier"] = await staff_session(client, admin, "verifier")
    await eventually(
        lambda: queued(client, people["verifier"]), lambda items: len(items) == 1, what="queued"
    )
    return people


async def queued(client: Any, verifier: str) -> list[dict[str, Any]]:
    listed = await client.get(
        "/api/v1/moderacion/cola", params={"eleccion": ELECTION}, headers=bearer(verifier)
    )
    assert listed.status == 200, await listed.text()
    return list((await listed.json())["items"])


async def notices_of(client: Any, token: str) -> list[dict[str, Any]]:
    inbox = await client.get("/api/v1/avisos", headers=bearer(token))
    return list((await inbox.json())["notices"])
