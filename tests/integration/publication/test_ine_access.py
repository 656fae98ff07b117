"""INE's NATS user, as deploy/nats/users.conf declares it, on a real nats-server started
with that very file: INE fetches and acks the profile events of its durable consumer
(which `conoceles ine consumidor` creates), and the server refuses it everything else —
publishing, its own consumers, other streams, the activity entries on the same stream,
other subjects and other inboxes."""

import asyncio
import json
import os
import secrets
import subprocess
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nats
import nats.errors
import pytest
from nats.aio.client import Client
from nats.js.api import StreamConfig

from contracts import subjects
from services.launcher.embedded import free_port, nats_server_binary, wait_for_port
from services.publication.commands import INE_DURABLE, print_ine_consumer
from services.runtime.service_hooks import NoArguments
from services.runtime.settings import Settings
from tests.support.servers import REPO

pytestmark = pytest.mark.timeout(60)
USERS_CONF = REPO / "deploy" / "nats" / "users.conf"
INSTANCE = "conoceles"  # the instance users.conf is written for
PUBLICATION = subjects.stream_name(INSTANCE, "publication")
CAPTURE = subjects.stream_name(INSTANCE, "capture")
PROFILE = subjects.event_subject(INSTANCE, "publication", "profile.published", 1)
ACTIVITY = subjects.event_subject(INSTANCE, "publication", "activity.recorded", 1)
VALIDATED = subjects.event_subject(INSTANCE, "capture", "candidacy.validated", 1)
INE_INBOX = "_INBOX_ine"
REFUSAL_WAIT_S = 5.0


@dataclass(frozen=True)
class Server:
    url: str
    services_password: str
    ine_password: str

    def as_user(self, user: str, password: str) -> str:
        return self.url.replace("nats://", f"nats://{user}:{password}@")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    """A nats-server whose configuration includes deploy/nats/users.conf unchanged, the
    passwords in its environment as in production."""
    port = free_port()
    config = tmp_path / "nats.conf"
    config.write_text(
        f"listen: 127.0.0.1:{port}\n"
        f'jetstream {{ store_dir: "{tmp_path / "store"}" }}\n'
        f'include "{os.path.relpath(USERS_CONF, tmp_path)}"\n',  # nats-server: relative only
        encoding="utf-8",
    )
    passwords = secrets.token_urlsafe(16), secrets.token_urlsafe(16)
    environment = {
        **os.environ,
        "CONOCELES_NATS_PASSWORD": passwords[0],
        "INE_NATS_PASSWORD": passwords[1],
    }
    with (tmp_path / "nats.log").open("wb") as log:
        process = subprocess.Popen(
            [str(nats_server_binary()), "-c", str(config)],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=environment,
        )
    try:
        wait_for_port(port, timeout_s=10, process=process)
        yield Server(f"nats://127.0.0.1:{port}", *passwords)
    finally:
        process.terminate()
        process.wait(timeout=10)


@asynccontextmanager
async def connected(url: str, **options: Any) -> AsyncIterator[Client]:
    nc = await nats.connect(url, allow_reconnect=False, **options)
    try:
        yield nc
    finally:
        await nc.close()


def violation(what: str, subject: str) -> str:
    """The server's words, as nats.py reports them (in lower case)."""
    return f'nats: permissions violation for {what} to "{subject}"'.lower()


class Refusals:
    """The server's permission violations, as the client hears them."""

    def __init__(self) -> None:
        self.heard: asyncio.Queue[str] = asyncio.Queue()

    async def error_cb(self, error: Exception) -> None:
        await self.heard.put(str(error).lower())

    async def next(self) -> str:
        return await asyncio.wait_for(self.heard.get(), REFUSAL_WAIT_S)


async def test_ine_reads_its_feed_and_nothing_else(
    server: Server, capsys: pytest.CaptureFixture[str]
) -> None:
    services = Settings(
        instance=INSTANCE, nats_url=server.as_user("conoceles", server.services_password)
    )
    async with connected(services.require_nats_urls()[0]) as nc:
        js = nc.jetstream()
        assert await print_ine_consumer(services, NoArguments()) == 0  # conoceles ine consumidor
        await js.add_stream(StreamConfig(name=CAPTURE, subjects=[f"{INSTANCE}.evt.capture.>"]))
        await js.publish(ACTIVITY, b'{"type": "activity.recorded"}')
        await js.publish(PROFILE, b'{"type": "profile.published", "data": {"sequence": 1}}')
        await js.publish(VALIDATED, b'{"type": "candidacy.validated"}')
        assert await print_ine_consumer(services, NoArguments()) == 0  # again: it binds
    said = capsys.readouterr().out
    assert f"«{INE_DURABLE}» listo en el flujo {PUBLICATION}" in said
    assert "Cambios por entregar: 1;" in said  # the profile event, not the activity entry

    refusals = Refusals()
    ine_url = server.as_user("ine", server.ine_password)
    async with connected(ine_url, inbox_prefix=INE_INBOX, error_cb=refusals.error_cb) as ine:
        feed = await ine.jetstream().pull_subscribe_bind(INE_DURABLE, PUBLICATION)
        [message] = await feed.fetch(10, timeout=5)
        assert json.loads(message.data)["type"] == "profile.published"
        await message.ack_sync()
        state = await feed.consumer_info()
        assert (state.num_pending, state.num_ack_pending) == (0, 0)
        assert refusals.heard.empty()

        await ine.publish(PROFILE, b'{"type": "profile.published", "forged": true}')
        assert await refusals.next() == violation("publish", PROFILE)
        for api in (
            f"$JS.API.CONSUMER.CREATE.{PUBLICATION}.mine.{ACTIVITY}",  # the activity entries
            f"$JS.API.CONSUMER.DELETE.{PUBLICATION}.{INE_DURABLE}",
            f"$JS.API.STREAM.MSG.GET.{PUBLICATION}",
            f"$JS.API.DIRECT.GET.{PUBLICATION}",
            f"$JS.API.STREAM.INFO.{CAPTURE}",
            f"$JS.API.CONSUMER.MSG.NEXT.{CAPTURE}.{INE_DURABLE}",
            f"$JS.API.STREAM.PURGE.{PUBLICATION}",
        ):
            await ine.publish(api, b"{}", reply=f"{INE_INBOX}.refused")
            assert await refusals.next() == violation("publish", api)
        for subject in (f"{INSTANCE}.>", "_INBOX.>", ">"):
            await ine.subscribe(subject)
            assert await refusals.next() == violation("subscription", subject)

    with pytest.raises(nats.errors.Error, match=r"(?i)authorization"):
        await nats.connect(server.as_user("ine", "adivinada"), allow_reconnect=False)
    with pytest.raises(nats.errors.Error, match=r"(?i)authorization"):
        await nats.connect(server.url, allow_reconnect=False)

    async with connected(services.require_nats_urls()[0]) as nc:
        js = nc.jetstream()
        assert (await js.stream_info(PUBLICATION)).state.messages == 2  # nothing forged
        kept = await js.consumer_info(PUBLICATION, INE_DURABLE)
        assert kept.config.filter_subject == f"{INSTANCE}.evt.publication.profile.>"
        assert kept.num_pending == 0  # INE's ack held
