"""Request/reply: typed answers for good requests, typed errors for everything else."""

import pytest

from contracts.errors import ErrorCode
from contracts.requests import Empty
from services.runtime.requests import RequestClient, RequestFailed
from services.runtime.settings import Settings
from tests.support.hosts import running
from tests.support.pingpong import SendPings, sender


async def test_a_service_answers_its_health_with_each_dependency(run: Settings) -> None:
    async with running(run, sender) as (host,):
        assert host.deps is not None
        client = RequestClient(host.deps.broker, run.bus_prefix, 5)
        health = await client.call("sender", "health", Empty(), request_id="h")
        assert health["status"] == "arriba"
        assert health["checks"] == {"base_de_datos": "arriba", "bus": "arriba"}


async def test_an_invalid_payload_gets_a_typed_error_naming_the_field(run: Settings) -> None:
    async with running(run, sender) as (host,):
        assert host.deps is not None
        client = RequestClient(host.deps.broker, run.bus_prefix, 5)
        with pytest.raises(RequestFailed) as refused:
            await client.call(
                "sender",
                "ping.send",
                SendPings.model_construct(batch="", count=0),
                request_id="bad",
            )
        error = refused.value.error
        assert error.code is ErrorCode.INVALID_REQUEST
        assert {problem.field for problem in error.fields} == {"batch", "count"}
        assert error.title == "La solicitud tiene datos inválidos"


async def test_a_service_nobody_runs_is_reported_unavailable(run: Settings) -> None:
    async with running(run, sender) as (host,):
        assert host.deps is not None
        client = RequestClient(host.deps.broker, run.bus_prefix, 5)
        with pytest.raises(RequestFailed) as refused:
            await client.call("moderation", "health", Empty(), request_id="x", timeout_s=1)
        assert refused.value.error.code in (ErrorCode.SERVICE_UNAVAILABLE, ErrorCode.TIMEOUT)
        assert "moderation" in refused.value.error.detail
