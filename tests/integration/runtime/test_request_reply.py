"""Request/reply: typed answers for good requests, typed errors for everything else."""

import asyncio
import json

import pytest
from opentelemetry import trace
from opentelemetry.trace import NonRecordingSpan, SpanContext, TraceFlags

from contracts.errors import ErrorCode
from contracts.operations import Operation
from contracts.requests import Empty, Request
from services.runtime.requests import RequestClient, RequestFailed, RequestRoute
from services.runtime.service_deps import ServiceDeps
from services.runtime.service_host import ServiceDefinition
from services.runtime.settings import Settings
from services.runtime.telemetry import traces_dir
from tests.support.hosts import running
from tests.support.pingpong import MIGRATIONS, SendPings, sender


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


async def test_a_request_waits_for_no_other_of_the_same_operation(run: Settings) -> None:
    """Two requests of one operation are answered at once: the first does not hold the
    second (FastStream's subscriber answered one at a time, which queued every request to
    a service behind the slowest; bench/hop.py)."""
    arrived = 0
    both_in = asyncio.Event()

    async def meet(_: ServiceDeps, request: Request[Empty]) -> Empty:
        nonlocal arrived
        arrived += 1
        if arrived == 2:
            both_in.set()
        await both_in.wait()  # answered only when both are in hand together
        return Empty()

    meeting = Operation(service="receiver", name="meet", payload=Empty, reply=Empty)
    definition = ServiceDefinition(
        name="receiver",
        migrations=MIGRATIONS / "receiver",
        requests=[RequestRoute(meeting, meet)],
    )
    async with running(run, definition) as (host,):
        assert host.deps is not None
        client = RequestClient(host.deps.broker, run.bus_prefix, 5)
        await asyncio.gather(
            client.ask(meeting, Empty(), request_id="a"),
            client.ask(meeting, Empty(), request_id="b"),
        )


async def test_the_service_span_continues_the_callers_trace(run: Settings) -> None:
    async with running(run, sender) as (host,):
        assert host.deps is not None and host.tracer_provider is not None
        client = RequestClient(host.deps.broker, run.bus_prefix, 5)
        with host.tracer_provider.get_tracer("test").start_as_current_span("caller") as caller:
            await client.call("sender", "health", Empty(), request_id="t")
        trace_id = format(caller.get_span_context().trace_id, "032x")
        host.tracer_provider.force_flush()
        spans = [
            json.loads(line)
            for path in traces_dir(run).glob("sender-*.jsonl")
            for line in path.read_text(encoding="utf-8").splitlines()
        ]
    [answered] = [
        s for s in spans if s["trace_id"] == trace_id and s["name"] == "process sender.health"
    ]
    assert answered["kind"] == "SERVER"
    assert answered["parent_span_id"] is not None  # the caller's client span


async def test_a_trace_not_kept_leaves_no_span_in_the_service_nor_its_statements(
    run: Settings,
) -> None:
    """A caller's trace that was not kept (``trace_ratio``: its sampled flag off) is not
    kept in part downstream: neither the service's span nor the span of the statement its
    health check runs."""
    async with running(run, sender) as (host,):
        assert host.deps is not None and host.tracer_provider is not None
        client = RequestClient(host.deps.broker, run.bus_prefix, 5)
        unkept = SpanContext(
            trace_id=0x5EED_0000_0000_0000_0000_0000_0000_0001,
            span_id=0x5EED_0000_0000_0001,
            is_remote=False,
            trace_flags=TraceFlags(TraceFlags.DEFAULT),
        )
        with trace.use_span(NonRecordingSpan(unkept)):
            health = await client.call("sender", "health", Empty(), request_id="u")
        assert health["checks"]["base_de_datos"] == "arriba"  # its statement ran
        with host.tracer_provider.get_tracer("test").start_as_current_span("kept") as kept:
            await client.call("sender", "health", Empty(), request_id="k")
        host.tracer_provider.force_flush()
        spans = [
            json.loads(line)
            for path in traces_dir(run).glob("sender-*.jsonl")
            for line in path.read_text(encoding="utf-8").splitlines()
        ]
    kept_id = format(kept.get_span_context().trace_id, "032x")
    assert not [s for s in spans if s["trace_id"] == format(unkept.trace_id, "032x")]
    there = [s for s in spans if s["trace_id"] == kept_id]
    assert "process sender.health" in {s["name"] for s in there}
    assert len(there) >= 2  # the service's span and its statement's: a kept trace is whole
