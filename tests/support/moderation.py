"""Moderation in tests: an independent candidacy's own session, a consent uploaded, a
request asked as a principal the API cannot forge (a staff account bound to one
election), and how many events a consumer has handled (to know an absence is final)."""

from typing import Any

import asyncpg
from faststream.nats import NatsBroker
from pydantic import BaseModel

from contracts.operations import Operation
from contracts.requests import Principal
from services.runtime import database
from services.runtime.requests import RequestClient
from services.runtime.settings import Settings
from tests.support.accounts import bearer, session_of
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
