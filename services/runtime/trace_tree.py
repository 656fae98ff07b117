"""One trace read back from the local span files, as a tree of spans.

Each process appends its finished spans to its own file (telemetry.py); a trace crosses
processes, so its spans are gathered from every file, then hung under their parents. The
terminal (``conoceles trace TRACE_ID``) and the console (``/consola/trazas/{trace_id}``)
draw the same ``TraceTree``; it lives here, below both, because the gateway may not
import the launcher.

The files grow with every request a process serves, so reading is bounded: line by line,
a line without the trace id is skipped before it is parsed, and no more than
``MAX_SPANS`` spans are kept (the tree then says it was cut).
"""

import json
import re
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

MAX_SPANS = 2_000
TRACE_ID = re.compile(r"[0-9a-f]{32}")
"""How the span files write a trace id (W3C trace context: 16 bytes in lowercase hex)."""

# The few attributes that tell a reader what a span did, in the order they are shown; the
# rest (headers, peer addresses, statements' text) stays in the files. Old and new
# semantic conventions name some of them differently; each pair is shown once.
SHOWN_ATTRIBUTES = (
    ("http.route", ("http.route",)),
    ("http.response.status_code", ("http.response.status_code", "http.status_code")),
    (
        "messaging.destination.name",
        ("messaging.destination.name", "messaging.destination_publish.name"),
    ),
    ("db.statement.kind", ("db.query.text", "db.statement")),
)
ERROR = "ERROR"


def well_formed(trace_id: str) -> bool:
    return TRACE_ID.fullmatch(trace_id) is not None


@dataclass(frozen=True)
class SpanNode:
    name: str
    service: str
    kind: str
    """SERVER, CLIENT, PRODUCER, CONSUMER or INTERNAL, as OpenTelemetry names them."""
    start: datetime
    duration_ms: float
    status: str
    """UNSET, OK or ERROR."""
    attributes: tuple[tuple[str, str], ...]
    """Only those worth showing (``SHOWN_ATTRIBUTES``), by their OpenTelemetry name."""
    children: tuple["SpanNode", ...]

    @property
    def failed(self) -> bool:
        return self.status == ERROR


@dataclass(frozen=True)
class TraceTree:
    trace_id: str
    roots: tuple[SpanNode, ...]
    """Spans whose parent is not among the spans read (the trace's first span, and any
    whose parent was sampled out, lost, or left beyond the cut), in start order."""
    span_count: int
    started: datetime | None
    duration_ms: float
    """From the earliest start to the latest end among the spans read."""
    cut: bool
    """More spans of this trace were in the files than the ``MAX_SPANS`` kept."""

    @property
    def empty(self) -> bool:
        return self.span_count == 0


@dataclass(frozen=True)
class _Span:
    span_id: str
    parent_span_id: str | None
    name: str
    service: str
    kind: str
    start_ns: int
    end_ns: int
    status: str
    attributes: Mapping[str, Any]


def read_trace(folder: Path, trace_id: str, *, max_spans: int = MAX_SPANS) -> TraceTree:
    spans: dict[str, _Span] = {}
    cut = False
    for span in _spans_of(folder, trace_id):
        if span.span_id not in spans and len(spans) >= max_spans:
            cut = True
            break
        spans[span.span_id] = span
    return _tree(trace_id, list(spans.values()), cut)


def _spans_of(folder: Path, trace_id: str) -> Iterator[_Span]:
    for path in sorted(folder.glob("*.jsonl")):
        with path.open(encoding="utf-8", errors="replace") as lines:
            for line in lines:
                if trace_id not in line:  # cheaper than parsing every span of the file
                    continue
                span = _parsed(line)
                if span is not None and span[0] == trace_id:
                    yield span[1]


def _parsed(line: str) -> tuple[str, _Span] | None:
    """A span's line, or None for one cut short (a process killed mid-write) or not a span."""
    try:
        record = json.loads(line)
        span = _Span(
            span_id=str(record["span_id"]),
            parent_span_id=record["parent_span_id"],
            name=str(record["name"]),
            service=str(record["service"]),
            kind=str(record["kind"]),
            start_ns=int(record["start_ns"]),
            end_ns=int(record["end_ns"]),
            status=str(record["status"]),
            attributes=dict(record.get("attributes") or {}),
        )
        return str(record["trace_id"]), span
    except (ValueError, KeyError, TypeError):
        return None


def _tree(trace_id: str, spans: list[_Span], cut: bool) -> TraceTree:
    ordered = sorted(spans, key=lambda s: (s.start_ns, s.span_id))
    ids = {span.span_id for span in ordered}
    children: dict[str | None, list[_Span]] = defaultdict(list)
    for span in ordered:
        children[span.parent_span_id if span.parent_span_id in ids else None].append(span)
    roots: list[_Span] = []
    order: list[_Span] = []
    seen: set[str] = set()
    # The roots first; then any span left unseen, which can only be in a loop of parents
    # (never written by a sane exporter): shown at the root rather than lost.
    for span in [*children[None], *ordered]:
        if span.span_id not in seen:
            roots.append(span)
            order += _depth_first(span, children, seen)
    built: dict[str, SpanNode] = {}
    for span in reversed(order):  # children before their parent
        below = (built[c.span_id] for c in children[span.span_id] if c.span_id in built)
        built[span.span_id] = _node(span, tuple(below))
    first = min((s.start_ns for s in spans), default=0)
    last = max((s.end_ns for s in spans), default=0)
    return TraceTree(
        trace_id=trace_id,
        roots=tuple(built[span.span_id] for span in roots),
        span_count=len(spans),
        started=_moment(first) if spans else None,
        duration_ms=_ms(last - first),
        cut=cut,
    )


def _depth_first(
    root: _Span, children: Mapping[str | None, list[_Span]], seen: set[str]
) -> list[_Span]:
    """``root`` and every span under it not yet ``seen``, each before its children, in
    start order; a loop, not recursion, so that a deep trace cannot exhaust the stack."""
    order: list[_Span] = []
    stack = [root]
    while stack:
        span = stack.pop()
        if span.span_id in seen:
            continue
        seen.add(span.span_id)
        order.append(span)
        stack.extend(reversed(children.get(span.span_id, [])))
    return order


def _node(span: _Span, children: tuple[SpanNode, ...]) -> SpanNode:
    return SpanNode(
        name=span.name,
        service=span.service,
        kind=span.kind,
        start=_moment(span.start_ns),
        duration_ms=_ms(span.end_ns - span.start_ns),
        status=span.status,
        attributes=_shown(span.attributes),
        children=children,
    )


def _shown(attributes: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    shown = []
    for label, names in SHOWN_ATTRIBUTES:
        value = next((attributes[n] for n in names if attributes.get(n) not in (None, "")), None)
        if value is None:
            continue
        if label == "db.statement.kind":  # the statement's first word, never its text
            value = _statement_kind(str(value))
            if not value:
                continue
        shown.append((label, str(value)))
    return tuple(shown)


def _statement_kind(statement: str) -> str:
    without_comments = re.sub(r"^\s*(/\*.*?\*/\s*|--[^\n]*\n\s*)*", "", statement, flags=re.S)
    first = without_comments.split(maxsplit=1)
    return first[0].upper() if first else ""


def _moment(ns: int) -> datetime:
    return datetime.fromtimestamp(ns / 1e9, tz=UTC)


def _ms(ns: int) -> float:
    return ns / 1e6


def render_tree(tree: TraceTree) -> list[str]:
    """Indented lines for a terminal, children under parents in start order, with durations."""
    lines: list[str] = []
    stack = [(node, 0) for node in reversed(tree.roots)]
    while stack:
        node, depth = stack.pop()
        status = "  [ERROR]" if node.failed else ""
        lines.append(
            f"{'  ' * depth}{node.name}  ({node.service}, {node.duration_ms:.2f} ms){status}"
        )
        stack.extend((child, depth + 1) for child in reversed(node.children))
    if tree.cut:
        lines.append(f"… el árbol se cortó en los primeros {tree.span_count} spans de la traza")
    return lines
