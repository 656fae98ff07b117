"""``conoceles trace TRACE_ID``: one trace from the local span files, as a tree."""

import json
from collections import defaultdict
from pathlib import Path
from typing import Any


def read_trace(folder: Path, trace_id: str) -> list[dict[str, Any]]:
    spans: dict[str, dict[str, Any]] = {}
    for path in sorted(folder.glob("*.jsonl")):
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                if trace_id not in line:
                    continue
                span = json.loads(line)
                if span["trace_id"] == trace_id:
                    spans[span["span_id"]] = span
    return list(spans.values())


def render_tree(spans: list[dict[str, Any]]) -> list[str]:
    """Indented lines, children under parents in start order, with durations."""
    ids = {s["span_id"] for s in spans}
    children: dict[str | None, list[dict[str, Any]]] = defaultdict(list)
    for span in spans:
        parent = span["parent_span_id"] if span["parent_span_id"] in ids else None
        children[parent].append(span)
    lines: list[str] = []

    def walk(parent: str | None, depth: int) -> None:
        for span in sorted(children[parent], key=lambda s: s["start_ns"]):
            duration_ms = (span["end_ns"] - span["start_ns"]) / 1e6
            status = "" if span["status"] != "ERROR" else "  [ERROR]"
            lines.append(
                f"{'  ' * depth}{span['name']}  ({span['service']}, {duration_ms:.2f} ms){status}"
            )
            walk(span["span_id"], depth + 1)

    walk(None, 0)
    return lines
