"""A trace read from the span files of several processes: one tree, each span under its
parent in start order, orphans at the root, durations in milliseconds, and a cut when a
trace has more spans than are kept. ``conoceles trace`` and the console draw this tree."""

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from services.runtime.trace_tree import SpanNode, read_trace, render_tree, well_formed

TRACE = "ab" * 16
START_NS = 1_780_000_000_000_000_000  # 2026-05-28 20:26:40 UTC


def span(
    span_id: str,
    parent: str | None,
    name: str,
    service: str,
    start_ms: float,
    end_ms: float,
    **extra: Any,
) -> dict[str, Any]:
    return {
        "trace_id": TRACE,
        "span_id": span_id,
        "parent_span_id": parent,
        "name": name,
        "kind": "INTERNAL",
        "service": service,
        "start_ns": START_NS + int(start_ms * 1e6),
        "end_ns": START_NS + int(end_ms * 1e6),
        "status": "UNSET",
        "attributes": {},
        **extra,
    }


def write(path: Path, *records: dict[str, Any] | str) -> None:
    with path.open("a", encoding="utf-8") as file:
        for record in records:
            file.write((record if isinstance(record, str) else json.dumps(record)) + "\n")


def names(nodes: tuple[SpanNode, ...]) -> list[Any]:
    return [(n.name, names(n.children)) if n.children else n.name for n in nodes]


def test_spans_from_several_files_form_one_indented_tree(tmp_path: Path) -> None:
    write(tmp_path / "gateway-1.jsonl", span("a", "remote", "GET /x", "gateway", 0, 5))
    write(
        tmp_path / "capture-2.jsonl",
        span("c", "a", "handle", "capture", 2, 3),
        span("b", "a", "publish", "gateway", 1, 1.5),
        {**span("z", None, "other", "x", 0, 1), "trace_id": "cd" * 16},
    )
    lines = render_tree(read_trace(tmp_path, TRACE))
    assert lines == [
        "GET /x  (gateway, 5.00 ms)",
        "  publish  (gateway, 0.50 ms)",
        "  handle  (capture, 1.00 ms)",
    ]


def test_children_follow_their_parent_in_start_order_and_orphans_stand_at_the_root(
    tmp_path: Path,
) -> None:
    write(
        tmp_path / "a-1.jsonl",
        span("late", "root", "second", "gateway", 4, 6),
        span("orphan", "never-written", "lost parent", "audit", 3, 4),
        span("root", None, "POST /y", "gateway", 0, 10),
        span("deep", "early", "INSERT", "capture", 1.5, 2),
        span("early", "root", "first", "capture", 1, 3),
    )
    tree = read_trace(tmp_path, TRACE)
    assert names(tree.roots) == [("POST /y", [("first", ["INSERT"]), "second"]), "lost parent"]
    assert tree.span_count == 5 and not tree.cut


def test_the_tree_knows_when_and_how_long(tmp_path: Path) -> None:
    write(
        tmp_path / "a-1.jsonl",
        span("root", None, "GET /z", "gateway", 0, 7.25),
        span("child", "root", "ask", "gateway", 2, 9.5),  # ends after its parent
    )
    tree = read_trace(tmp_path, TRACE)
    assert tree.started == datetime.fromtimestamp(START_NS / 1e9, tz=UTC)
    assert tree.duration_ms == 9.5, "from the first start to the last end"
    (root,) = tree.roots
    assert root.duration_ms == 7.25 and root.children[0].duration_ms == 7.5


def test_a_trace_with_more_spans_than_kept_is_cut_and_says_so(tmp_path: Path) -> None:
    write(tmp_path / "a-1.jsonl", span("root", None, "GET /many", "gateway", 0, 100))
    write(
        tmp_path / "a-1.jsonl",
        *(span(f"s{i}", "root", "SELECT", "capture", i, i + 1) for i in range(20)),
    )
    tree = read_trace(tmp_path, TRACE, max_spans=10)
    assert tree.cut and tree.span_count == 10
    assert len(tree.roots[0].children) == 9
    assert render_tree(tree)[-1] == "… el árbol se cortó en los primeros 10 spans de la traza"

    whole = read_trace(tmp_path, TRACE, max_spans=21)
    assert not whole.cut and whole.span_count == 21


def test_what_a_span_did_is_shown_but_not_its_statement(tmp_path: Path) -> None:
    write(
        tmp_path / "a-1.jsonl",
        span(
            "root",
            None,
            "GET /consola",
            "gateway",
            0,
            1,
            kind="SERVER",
            status="ERROR",
            attributes={"http.route": "/consola", "http.status_code": 500, "http.target": "/x?q"},
        ),
        span(
            "db",
            "root",
            "SELECT",
            "accounts",
            0.1,
            0.2,
            attributes={"db.statement": "/* why */ select * from accounts.sessions where id = $1"},
        ),
        span(
            "bus",
            "root",
            "req.accounts.session.verify publish",
            "gateway",
            0.3,
            0.4,
            attributes={"messaging.destination_publish.name": "t.req.accounts.session.verify"},
        ),
    )
    (root,) = read_trace(tmp_path, TRACE).roots
    assert root.failed and root.kind == "SERVER"
    assert root.attributes == (("http.route", "/consola"), ("http.response.status_code", "500"))
    db, bus = root.children
    assert db.attributes == (("db.statement.kind", "SELECT"),)
    assert bus.attributes == (("messaging.destination.name", "t.req.accounts.session.verify"),)
    assert render_tree(read_trace(tmp_path, TRACE))[0].endswith("  [ERROR]")


def test_a_line_cut_short_or_of_another_shape_is_skipped(tmp_path: Path) -> None:
    whole = json.dumps(span("root", None, "GET /a", "gateway", 0, 1))
    write(tmp_path / "a-1.jsonl", whole, whole[: len(whole) // 2], f'{{"trace_id": "{TRACE}"}}')
    assert names(read_trace(tmp_path, TRACE).roots) == ["GET /a"]


def test_spans_that_name_each_other_as_parents_are_still_shown_once(tmp_path: Path) -> None:
    write(
        tmp_path / "a-1.jsonl",
        span("p", "q", "one", "x", 0, 1),
        span("q", "p", "two", "x", 1, 2),
    )
    assert names(read_trace(tmp_path, TRACE).roots) == [("one", ["two"])]


def test_a_trace_id_is_32_lowercase_hex_digits() -> None:
    assert well_formed(TRACE)
    assert not well_formed(TRACE.upper()) and not well_formed(TRACE[:-1])
    assert not well_formed("../../etc/passwd") and not well_formed(TRACE + "0")
