"""``conoceles trace`` renders spans from several processes as one tree."""

import json
from pathlib import Path

from services.launcher.trace_tree import read_trace, render_tree

TRACE = "ab" * 16


def span(span_id: str, parent: str | None, name: str, service: str, start: int, end: int) -> dict:  # type: ignore[type-arg]
    return {
        "trace_id": TRACE,
        "span_id": span_id,
        "parent_span_id": parent,
        "name": name,
        "kind": "INTERNAL",
        "service": service,
        "start_ns": start,
        "end_ns": end,
        "status": "UNSET",
        "attributes": {},
    }


def test_spans_from_several_files_form_one_indented_tree(tmp_path: Path) -> None:
    (tmp_path / "gateway-1.jsonl").write_text(
        json.dumps(span("a", "remote", "GET /x", "gateway", 0, 5_000_000)) + "\n"
    )
    (tmp_path / "capture-2.jsonl").write_text(
        json.dumps(span("c", "a", "handle", "capture", 2_000_000, 3_000_000))
        + "\n"
        + json.dumps(span("b", "a", "publish", "gateway", 1_000_000, 1_500_000))
        + "\n"
        + json.dumps({**span("z", None, "other", "x", 0, 1), "trace_id": "cd" * 16})
        + "\n"
    )
    lines = render_tree(read_trace(tmp_path, TRACE))
    assert lines == [
        "GET /x  (gateway, 5.00 ms)",
        "  publish  (gateway, 0.50 ms)",
        "  handle  (capture, 1.00 ms)",
    ]
