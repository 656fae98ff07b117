"""A candidacy validated under a profile, and its change request filed once moderation
knows it: what the change-request tests start from (000 §5.4, 002 §II.C)."""

import datetime as dt
from typing import Any

import asyncpg

from services.runtime import database
from services.runtime.settings import Settings
from tests.support.accounts import bearer, issue_party, session_of
from tests.support.capture import ELECTION, capture_all, election_under, submit
from tests.support.waiting import eventually

NEW_PROPOSAL = (
    "Propongo abrir las bibliotecas públicas del municipio también en fin de semana, con "
    "talleres de lectura para niñas y niños y préstamo de computadoras. "
) * 3


async def validated_under(client: Any, settings: Settings, profile: str) -> dict[str, str]:
    """F-PAN-1 captured, submitted and validated by its supervisor under ``profile``; the
    tokens of the admin, the party's capture account and its supervisor."""
    admin = await election_under(client, settings, profile)
    issued = await issue_party(client, admin, "pan", ELECTION)
    capturist = await session_of(client, issued["capturist"])
    supervisor = await session_of(client, issued["supervisor"])
    await capture_all(client, capturist, "F-PAN-1")
    assert (await (await submit(client, capturist, "F-PAN-1", True)).json())["submitted"]
    validated = await client.post(
        "/api/v1/candidaturas/F-PAN-1/validacion", headers=bearer(supervisor)
    )
    assert validated.status == 200, await validated.text()
    return {"admin": admin, "capturist": capturist, "supervisor": supervisor}


async def file_request(
    client: Any, token: str, candidacy: str, changes: dict[str, str], note: str = ""
) -> Any:
    """File once moderation has heard of the validation (it learns it from capture's
    event): a request for a candidacy it does not know validated yet is refused."""

    async def filed() -> Any:
        response = await client.post(
            f"/api/v1/candidaturas/{candidacy}/solicitud-cambio",
            headers=bearer(token),
            json={"cambios": changes, "nota": note},
        )
        return response.status, await response.json()

    def settled(reply: Any) -> bool:
        status, body = reply
        return not (status == 409 and "ya validada" in body.get("detail", ""))

    return await eventually(filed, settled, what="moderation knows it validated")


async def notices_of(client: Any, token: str) -> list[dict[str, Any]]:
    inbox = await client.get("/api/v1/avisos", headers=bearer(token))
    return list((await inbox.json())["notices"])


async def notice(client: Any, token: str, subject: str) -> dict[str, Any]:
    def arrived(notices: list[dict[str, Any]]) -> bool:
        return any(n["subject"] == subject for n in notices)

    notices = await eventually(lambda: notices_of(client, token), arrived, what=subject)
    return next(n for n in notices if n["subject"] == subject)


async def request_of(client: Any, token: str, request_id: str, status: str) -> dict[str, Any]:
    async def read() -> dict[str, Any]:
        response = await client.get(
            f"/api/v1/solicitudes-cambio/{request_id}", headers=bearer(token)
        )
        return dict(await response.json())

    return await eventually(read, lambda r: r.get("status") == status, what=status)


async def close_change_window(settings: Settings, request_id: str) -> None:
    """The window of ``request_id`` reached its end a minute ago (capture's timer closes it)."""
    conn = await asyncpg.connect(database.admin_dsn(settings, database=settings.instance))
    try:
        await conn.execute(
            "UPDATE capture.change_windows SET closes_at = $2 WHERE request_id = $1",
            request_id,
            dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1),
        )
    finally:
        await conn.close()


async def moderation_knows_validated(settings: Settings, candidacy_id: str) -> None:
    """Moderation heard of the validation (from capture's event): a request may be filed."""

    async def validated() -> bool:
        conn = await asyncpg.connect(database.admin_dsn(settings, database=settings.instance))
        try:
            return bool(
                await conn.fetchval(
                    "SELECT validated_at IS NOT NULL FROM moderation.candidacies "
                    "WHERE candidacy_id = $1",
                    candidacy_id,
                )
            )
        finally:
            await conn.close()

    await eventually(validated, bool, what="moderation knows it validated")
