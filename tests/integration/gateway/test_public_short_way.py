"""Anonymous public reads take the gateway's short way: no session, no cookie, a span only
for the configured share or a caller's sampled trace; a signed-in reader and everything
else take the full way; a refusal on the short way is the same problem+json."""

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from aiohttp.test_utils import TestClient, TestServer
from opentelemetry.sdk.trace import TracerProvider

from services.gateway.app import create_app
from services.runtime.settings import Settings
from services.runtime.telemetry import setup_telemetry, traces_dir

LISTING = "/api/v1/publico/datos-abiertos"
CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"


@asynccontextmanager
async def gateway(settings: Settings) -> AsyncIterator[tuple[TestClient[Any, Any], TracerProvider]]:
    provider = setup_telemetry(settings, "gateway")
    async with TestClient(TestServer(create_app(settings, provider))) as client:
        yield client, provider


def server_spans(settings: Settings, provider: TracerProvider) -> list[dict[str, Any]]:
    provider.force_flush()
    spans = []
    for file in traces_dir(settings).glob("gateway-*.jsonl"):
        for line in file.read_text(encoding="utf-8").splitlines():
            span = json.loads(line)
            if span["kind"] == "SERVER":
                spans.append(span)
    return spans


async def test_anonymous_reads_carry_no_session_and_are_traced_only_in_part(
    fresh: Settings,
) -> None:
    settings = fresh.model_copy(update={"public_read_trace_ratio": 0.0})
    async with gateway(settings) as (client, provider):
        for _ in range(20):
            response = await client.get(LISTING)
            assert response.status == 200
            assert "Set-Cookie" not in response.headers
            assert "X-Request-Id" not in response.headers  # no request id made for it
        assert server_spans(settings, provider) == []

        sampled = f"00-{CALLER_TRACE}-00f067aa0ba902b7-01"
        response = await client.get(LISTING, headers={"traceparent": sampled})
        assert response.status == 200
        [span] = server_spans(settings, provider)
        assert span["trace_id"] == CALLER_TRACE
        assert span["name"] == f"GET {LISTING}"

        health = await client.get("/salud")  # not a public read: the full way
        assert "X-Request-Id" in health.headers


async def test_every_read_is_traced_at_a_share_of_one(fresh: Settings) -> None:
    settings = fresh.model_copy(update={"public_read_trace_ratio": 1.0})
    async with gateway(settings) as (client, provider):
        for _ in range(5):
            assert (await client.get(LISTING)).status == 200
        assert len(server_spans(settings, provider)) == 5


async def test_a_signed_in_reader_and_a_refusal(fresh: Settings) -> None:
    async with gateway(fresh) as (client, _):
        bearer = await client.get(LISTING, headers={"Authorization": "Bearer no-vale"})
        assert bearer.status == 401  # the full way: the token is checked
        assert bearer.content_type == "application/problem+json"

        missing = await client.get("/datos-abiertos/eleccion/no-existe/perfiles.csv")
        assert missing.status == 404
        assert missing.content_type == "application/problem+json"
        problem = await missing.json()
        assert problem["title"] and problem["detail"]
        assert "X-Request-Id" in missing.headers  # a refusal is traceable by its id
