"""A candidacy validated and waiting in the verifiers' queue, as moderation tests start."""

from typing import Any

from tests.support.accounts import bearer, issue_party, session_of, staff_session
from tests.support.capture import ELECTION, capture_all, election_under, path, submit
from tests.support.waiting import eventually


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
