"""OpenTelemetry for every process: one tracer provider, W3C trace context everywhere.

Spans go to an OTLP collector when ``OTEL_EXPORTER_OTLP_ENDPOINT`` is set; otherwise
each process appends them as JSON lines to ``var/traces/<service>-<pid>.jsonl``, which
``conoceles trace TRACE_ID`` reads back as a tree.
"""

import contextlib
import os
import threading
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import orjson
from opentelemetry import context as otel_context
from opentelemetry import propagate, trace
from opentelemetry.context import Context
from opentelemetry.instrumentation.asyncpg import AsyncPGInstrumentor
from opentelemetry.instrumentation.utils import suppress_instrumentation
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SpanExporter, SpanExportResult
from opentelemetry.sdk.trace.sampling import ALWAYS_ON, ParentBased, Sampler, TraceIdRatioBased

from services.runtime.settings import Settings


class JsonLinesSpanExporter(SpanExporter):
    """Writes each finished span as one JSON line (UTF-8); one file per process, so no
    two writers share a file. orjson: the standard library's encoder cost a tenth of a
    loaded gateway's time, in the exporting thread that holds the GIL (bench/hop.py)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._file = path.open("ab")
        self._lock = threading.Lock()

    def export(self, spans: Sequence[ReadableSpan]) -> SpanExportResult:
        lines = b"".join(
            orjson.dumps(span_record(span), default=str, option=orjson.OPT_APPEND_NEWLINE)
            for span in spans
        )
        with self._lock:
            self._file.write(lines)
            self._file.flush()
        return SpanExportResult.SUCCESS

    def shutdown(self) -> None:
        with self._lock:
            self._file.close()


def span_record(span: ReadableSpan) -> dict[str, Any]:
    context = span.get_span_context()
    assert context is not None
    parent = span.parent
    return {
        "trace_id": format(context.trace_id, "032x"),
        "span_id": format(context.span_id, "016x"),
        "parent_span_id": format(parent.span_id, "016x") if parent else None,
        "name": span.name,
        "kind": span.kind.name,
        "service": span.resource.attributes.get("service.name"),
        "start_ns": span.start_time,
        "end_ns": span.end_time,
        "status": span.status.status_code.name,
        "attributes": dict(span.attributes or {}),  # a tuple value is a JSON array
    }


def traces_dir(settings: Settings) -> Path:
    return settings.var_dir / "traces"


def span_exporter(settings: Settings, service: str) -> SpanExporter:
    """OTLP over HTTP when a collector is configured, else this process's span file."""
    if settings.otlp_endpoint:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        return OTLPSpanExporter(endpoint=settings.otlp_endpoint.rstrip("/") + "/v1/traces")
    return JsonLinesSpanExporter(traces_dir(settings) / f"{service}-{os.getpid()}.jsonl")


def sampler(settings: Settings) -> Sampler:
    """Every trace kept, or ``trace_ratio`` of them: the share decided by the trace id
    where a trace starts, and a trace begun elsewhere kept exactly when its caller kept
    it, so no trace is kept in part. (The gateway's anonymous public reads, most of the
    traffic, are sampled before any span exists: services/gateway/public_short_way.py.)"""
    if settings.trace_ratio >= 1.0:
        return ALWAYS_ON
    return ParentBased(TraceIdRatioBased(settings.trace_ratio))


def setup_telemetry(settings: Settings, service: str) -> TracerProvider:
    provider = TracerProvider(
        resource=Resource.create({"service.name": service, "service.namespace": settings.instance}),
        sampler=sampler(settings),
    )
    provider.add_span_processor(
        BatchSpanProcessor(span_exporter(settings, service), schedule_delay_millis=200)
    )
    trace.set_tracer_provider(provider)
    instrumentor = AsyncPGInstrumentor()  # type: ignore[no-untyped-call]  # its __init__ is unannotated
    if not instrumentor.is_instrumented_by_opentelemetry:
        instrumentor.instrument(tracer_provider=provider)
    return provider


def unkept(context: Context | None = None) -> bool:
    """Whether the trace of ``context`` (else the current one) is one that was not kept
    where it started (``trace_ratio``): its W3C sampled flag is off."""
    parent = trace.get_current_span(context).get_span_context()
    return parent.is_valid and not parent.trace_flags.sampled


@contextlib.contextmanager
def _untraced(context: Context | None) -> Iterator[trace.Span]:
    token = otel_context.attach(context) if context is not None else None
    try:
        with suppress_instrumentation():
            yield trace.get_current_span()
    finally:
        if token is not None:
            otel_context.detach(token)


def span_unless_unkept(
    tracer: trace.Tracer, name: str, *, context: Context | None = None, **options: Any
) -> AbstractContextManager[trace.Span]:
    """``tracer.start_as_current_span(name, context=context, …)``; but under a trace that
    was not kept, no span at all, neither this one nor any instrumentation's below it (a
    handler's statements): the trace's context is made the current one, so whatever is
    sent on from here carries its flag and every process after this one drops it too. The
    SDK's non-recording spans would cost their ids, the sampler's call and the context's
    attach and detach for nothing (bench/outbox_pipeline.py, bench/hop.py)."""
    if unkept(context):
        return _untraced(context)
    return tracer.start_as_current_span(name, context=context, **options)


def current_traceparent() -> str | None:
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    return carrier.get("traceparent")


def context_from_traceparent(traceparent: str | None) -> Context | None:
    if not traceparent:
        return None
    return propagate.extract({"traceparent": traceparent})


def current_trace_id() -> str | None:
    context = trace.get_current_span().get_span_context()
    return format(context.trace_id, "032x") if context.is_valid else None
