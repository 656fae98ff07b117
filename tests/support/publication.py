"""Publication in tests: an election whose publication starts on a given day, what the
public bucket holds for a candidacy (what every gateway serves), publication's profile
events as they rest on its stream (what INE's consumer reads), and INE's feed and the
served key asked on the bus."""

import datetime as dt
import json
from typing import Any

import nats
import nats.js.errors

from contracts import subjects
from contracts.ine import ChangesPage, ChangesQuery, PublicationKey
from contracts.operations.publication import CHANGES_LIST, PUBLICATION_KEY
from contracts.publication import profile_key, public_bucket
from contracts.requests import Empty, Principal
from services.capture.demo import demo_config
from services.runtime.settings import Settings
from tests.support.accounts import bearer, issue_party, session_of
from tests.support.capture import ELECTION, capture_all, election_under, submit
from tests.support.moderation import ask_as, upload_consent

INE = Principal(account_id="ine-prueba", role="ine")


async def publication_starting(client: Any, admin: str, profile: str, starts: dt.date) -> None:
    """The demo election configured again under ``profile``, its publication starting on
    ``starts`` (the calendar of ElectionConfig)."""
    config = demo_config()
    calendar = config.calendar.model_copy(update={"publication_starts": starts})
    updated = config.model_copy(update={"profile": profile, "calendar": calendar})
    response = await client.post(
        "/api/v1/elecciones", headers=bearer(admin), json=updated.model_dump(mode="json")
    )
    assert response.ok, await response.text()


async def public_entry(settings: Settings, candidacy_id: str) -> dict[str, Any] | None:
    """The candidacy's value in the public bucket (a PublicEntry), or None."""
    nc = await nats.connect(settings.require_nats_urls())
    try:
        js = nc.jetstream()
        try:
            kv = await js.key_value(public_bucket(settings.bus_prefix))
            entry = await kv.get(profile_key(candidacy_id))
        except (nats.js.errors.BucketNotFoundError, nats.js.errors.KeyNotFoundError):
            return None
        return None if entry.value is None else dict(json.loads(entry.value))
    finally:
        await nc.close()


async def bucket_value(settings: Settings, key: str) -> dict[str, Any] | None:
    nc = await nats.connect(settings.require_nats_urls())
    try:
        try:
            kv = await nc.jetstream().key_value(public_bucket(settings.bus_prefix))
            entry = await kv.get(key)
        except (nats.js.errors.BucketNotFoundError, nats.js.errors.KeyNotFoundError):
            return None
        return None if entry.value is None else dict(json.loads(entry.value))
    finally:
        await nc.close()


async def profile_events(settings: Settings) -> list[dict[str, Any]]:
    """Every profile.* event on publication's stream, in stream order (envelopes)."""
    nc = await nats.connect(settings.require_nats_urls())
    try:
        js = nc.jetstream()
        stream = subjects.stream_name(settings.bus_prefix, "publication")
        try:
            info = await js.stream_info(stream)
        except nats.js.errors.NotFoundError:
            return []
        events = []
        for sequence in range(max(info.state.first_seq, 1), info.state.last_seq + 1):
            try:
                message = await js.get_msg(stream, sequence)
            except nats.js.errors.NotFoundError:
                continue
            envelope = json.loads(message.data or b"{}")
            if str(envelope.get("type", "")).startswith("profile."):
                events.append(envelope)
        return events
    finally:
        await nc.close()


async def feed(settings: Settings, desde: int = 1, principal: Principal = INE) -> ChangesPage:
    page: ChangesPage = await ask_as(settings, CHANGES_LIST, ChangesQuery(desde=desde), principal)
    return page


async def served_key(settings: Settings) -> PublicationKey:
    key: PublicationKey = await ask_as(settings, PUBLICATION_KEY, Empty(), INE)
    return key


async def validated_with_consent(
    client: Any, settings: Settings, profile: str, *, alternate: bool = True
) -> dict[str, str]:
    """F-PAN-1 captured with its signed consent attached, submitted and validated by PAN's
    supervisor: its identity answers public by consent. The tokens, by who holds them.
    ``alternate``: its alternate's questionnaires captured too (where the profile lets the
    formula go without them, they may be left out)."""
    admin = await election_under(client, settings, profile)
    pan = await issue_party(client, admin, "pan", ELECTION)
    people = {
        "admin": admin,
        "capturist": await session_of(client, pan["capturist"]),
        "supervisor": await session_of(client, pan["supervisor"]),
    }
    await capture_all(client, people["capturist"], "F-PAN-1", alternate=alternate)
    await upload_consent(client, people["capturist"], "F-PAN-1")
    assert (await (await submit(client, people["capturist"], "F-PAN-1", True)).json())["submitted"]
    done = await client.post(
        "/api/v1/candidaturas/F-PAN-1/validacion", headers=bearer(people["supervisor"])
    )
    assert done.status == 200, await done.text()
    return people
