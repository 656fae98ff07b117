"""One trace, started at the gateway, holds the spans of the service that wrote the
event and of the consumer in another service that handled it."""

import asyncio
import json
import os
import secrets
import sys
from typing import Any

import aiohttp
import asyncpg

from services.launcher.embedded import free_port
from services.runtime.settings import Settings
from services.runtime.telemetry import traces_dir
from tests.support.processes import Spawn
from tests.support.servers import REPO
from tests.support.waiting import eventually


async def trace_tree(settings: Settings, trace_id: str) -> list[str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "services.launcher.cli",
        "trace",
        trace_id,
        cwd=REPO,
        env={**os.environ, **settings.as_env()},
        stdout=asyncio.subprocess.PIPE,
    )
    out, _ = await process.communicate()
    assert process.returncode == 0
    return out.decode().splitlines()


def line_of(lines: list[str], *needles: str) -> tuple[int, str]:
    for index, line in enumerate(lines):
        if all(needle in line for needle in needles):
            return index, line
    raise AssertionError(f"no span with {needles} in:\n" + "\n".join(lines))


def spans_of(settings: Settings, service: str) -> list[dict[str, Any]]:
    return [
        json.loads(line)
        for path in traces_dir(settings).glob(f"{service}-*.jsonl")
        for line in path.read_text().splitlines()
    ]


def statement(span: dict[str, Any]) -> str:
    attributes = span["attributes"]
    return str(attributes.get("db.statement") or attributes.get("db.query.text") or "")


def depth(line: str) -> int:
    return (len(line) - len(line.lstrip(" "))) // 2


async def test_one_trace_spans_gateway_service_and_consumer(
    fresh: Settings, admin: asyncpg.Connection, spawn: Spawn
) -> None:
    settings = fresh.model_copy(update={"gateway_port": free_port()})
    processes = [
        await spawn(settings, "tests.support.pingpong", "sender"),
        await spawn(settings, "tests.support.pingpong", "receiver"),
        await spawn(settings, "tests.support.ping_gateway"),
    ]
    trace_id = secrets.token_hex(16)
    try:
        async with aiohttp.ClientSession() as http:
            response = await http.post(
                f"http://127.0.0.1:{settings.gateway_port}/prueba/pings",
                json={"batch": "traced", "count": 1},
                headers={"traceparent": f"00-{trace_id}-{secrets.token_hex(8)}-01"},
            )
            assert response.status == 201
        await eventually(
            lambda: admin.fetchval("SELECT count(*) FROM receiver.received"), lambda n: n == 1
        )
    finally:
        for process in processes:
            assert await process.stop() == 0  # a clean stop flushes every span

    lines = await trace_tree(settings, trace_id)
    gateway = line_of(lines, "POST", "(gateway,")
    service = line_of(lines, "process sender.ping.send", "(sender,")
    written = line_of(lines, "INSERT", "(sender,")
    consumed = line_of(lines, "ping.sent.v1", "(receiver,")
    effect = line_of(lines, "INSERT", "(receiver,")
    assert depth(gateway[1]) == 0, "the gateway's span is the root"
    assert gateway[0] < service[0] < consumed[0] < effect[0]
    assert depth(service[1]) > depth(gateway[1])
    assert depth(written[1]) > depth(service[1])
    assert depth(consumed[1]) > depth(service[1]), "the consumer continues the writer's trace"
    assert depth(effect[1]) > depth(consumed[1])
    assert all(" ms)" in line for line in lines), "every span shows its duration"
    # The relay's and the inbox's bookkeeping is no trace of its own: each batch used to
    # leave one (the relay's reads and marks; the inbox's transaction and rows).
    relay = [
        statement(span)
        for span in spans_of(settings, "sender")
        if statement(span).startswith(("SELECT seq, event_id", "UPDATE outbox SET sent_at"))
    ]
    inbox = [
        statement(span)
        for span in spans_of(settings, "receiver")
        if statement(span).startswith("INSERT INTO inbox")
    ]
    assert relay == [] and inbox == []
    published = [s for s in spans_of(settings, "sender") if s["name"].endswith(" publish")]
    assert published, "the relay's own span, linked to the writers, stays"
