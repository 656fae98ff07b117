"""Traces of anonymous public reads are kept at the configured share; every other
request's trace, and a read that arrives inside a sampled trace, is kept whole."""

from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.sdk.trace.sampling import ParentBased
from opentelemetry.trace import SpanKind

from services.runtime.telemetry import PublicReadsAtRatio

PUBLIC = ("/api/v1/publico/", "/fotos/")


def kept(ratio: float, target: str, *, inside_sampled_trace: bool = False) -> int:
    exporter = InMemorySpanExporter()
    provider = TracerProvider(sampler=ParentBased(PublicReadsAtRatio(PUBLIC, ratio)))
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    tracer = provider.get_tracer("prueba")
    attributes = {"http.target": target}
    for _ in range(50):
        if inside_sampled_trace:
            with (
                tracer.start_as_current_span("cliente"),
                tracer.start_as_current_span("GET", kind=SpanKind.SERVER, attributes=attributes),
            ):
                pass
        else:
            with tracer.start_as_current_span("GET", kind=SpanKind.SERVER, attributes=attributes):
                pass
    return len([s for s in exporter.get_finished_spans() if s.kind is SpanKind.SERVER])


def test_public_reads_are_kept_at_the_configured_share() -> None:
    assert kept(0.0, "/api/v1/publico/candidaturas/F-1") == 0
    assert kept(0.0, "/fotos/abc") == 0
    assert kept(1.0, "/api/v1/publico/candidaturas/F-1") == 50


def test_every_other_request_is_traced_whole() -> None:
    assert kept(0.0, "/api/v1/candidaturas/F-1/cuestionarios/curricular") == 50
    assert kept(0.0, "/captura") == 50


def test_a_read_inside_a_sampled_trace_is_kept() -> None:
    assert kept(0.0, "/api/v1/publico/candidaturas/F-1", inside_sampled_trace=True) == 50
