"""Where spans go, and logs that carry the trace they belong to."""

import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from opentelemetry import propagate
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.instrumentation.utils import is_instrumentation_enabled
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from services.runtime.json_logs import setup_json_logs
from services.runtime.settings import Settings
from services.runtime.telemetry import (
    JsonLinesSpanExporter,
    sampler,
    span_exporter,
    span_unless_unkept,
)


def test_spans_go_to_the_collector_when_one_is_configured(tmp_path: Path) -> None:
    settings = Settings(var_dir=tmp_path, otlp_endpoint="http://collector:4318")
    exporter = span_exporter(settings, "capture")
    assert isinstance(exporter, OTLPSpanExporter)
    assert exporter._endpoint == "http://collector:4318/v1/traces"


def test_spans_go_to_a_local_file_per_process_otherwise(tmp_path: Path) -> None:
    exporter = span_exporter(Settings(var_dir=tmp_path), "capture")
    assert isinstance(exporter, JsonLinesSpanExporter)
    exporter.shutdown()
    [path] = (tmp_path / "traces").glob("capture-*.jsonl")
    assert path.exists()


@pytest.fixture
def restored_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


@pytest.mark.usefixtures("restored_logging")
def test_a_log_line_is_json_with_the_current_trace_id(capsys: pytest.CaptureFixture[str]) -> None:
    setup_json_logs("capture")
    tracer = TracerProvider().get_tracer("test")
    with tracer.start_as_current_span("work") as span:
        logging.getLogger("capture").warning("candidatura enviada", extra={"folio": "A-1"})
        trace_id = format(span.get_span_context().trace_id, "032x")
    record = json.loads(capsys.readouterr().err.strip().splitlines()[-1])
    assert record["message"] == "candidatura enviada"
    assert record["service"] == "capture"
    assert record["trace_id"] == trace_id
    assert record["folio"] == "A-1"
    assert record["level"] == "WARNING"


def test_a_trace_ratio_keeps_a_trace_whole_or_not_at_all() -> None:
    """Where a trace starts, a share of them is kept; a process it crosses (the caller's
    traceparent, in NATS headers or in an event) keeps it exactly when the caller did."""
    settings = Settings(trace_ratio=0.25)
    starts = TracerProvider(sampler=sampler(settings)).get_tracer("gateway")
    crossed = TracerProvider(sampler=sampler(settings)).get_tracer("capture")
    kept = 0
    for _ in range(400):
        with starts.start_as_current_span("POST /api/v1/…") as root:
            carrier: dict[str, str] = {}
            propagate.inject(carrier)
            started = root.is_recording()
        with crossed.start_as_current_span(
            "process capture.save", context=propagate.extract(carrier)
        ) as there:
            assert there.is_recording() == started
            assert there.get_span_context().trace_id == root.get_span_context().trace_id
        kept += started
    assert 40 < kept < 160  # about a quarter, decided by the trace id


def test_every_trace_is_kept_unless_configured() -> None:
    tracer = TracerProvider(sampler=sampler(Settings())).get_tracer("gateway")
    assert all(tracer.start_span("request").is_recording() for _ in range(100))


def test_a_trace_not_kept_makes_no_span_past_where_it_started_and_still_says_so() -> None:
    """A process a trace not kept crosses makes no span of its own nor lets any
    instrumentation (a handler's statements) make one, and what it sends on still carries
    the trace with its flag off; a kept trace gets its span there as ever."""
    settings = Settings(trace_ratio=0.25)
    starts = TracerProvider(sampler=sampler(settings)).get_tracer("gateway")
    finished = InMemorySpanExporter()
    provider = TracerProvider(sampler=sampler(settings))
    provider.add_span_processor(SimpleSpanProcessor(finished))
    crossed = provider.get_tracer("capture")
    kept = dropped = 0
    for _ in range(200):
        with starts.start_as_current_span("POST /api/v1/…") as root:
            carrier: dict[str, str] = {}
            propagate.inject(carrier)
            started = root.is_recording()
        before = len(finished.get_finished_spans())
        with span_unless_unkept(crossed, "process", context=propagate.extract(carrier)):
            assert is_instrumentation_enabled() == started
            onwards: dict[str, str] = {}
            propagate.inject(onwards)
        made = len(finished.get_finished_spans()) - before
        assert made == (1 if started else 0)
        trace_id = format(root.get_span_context().trace_id, "032x")
        assert onwards["traceparent"].split("-")[1] == trace_id
        assert int(onwards["traceparent"].rsplit("-", 1)[1], 16) & 1 == started  # sampled
        kept, dropped = kept + started, dropped + (not started)
    assert kept and dropped
    assert is_instrumentation_enabled()  # nothing stays suppressed after it
