"""Verifying the log a span at a time finds what verifying it entry by entry finds."""

from datetime import UTC, datetime
from typing import Any

import orjson

from services.audit.domain.integrity import LogVerifier, StoredSpan, grown_levels
from services.audit.domain.merkle import leaf_hashes, root
from services.audit.domain.signed_notes import Checkpoint

HEIGHT = 2  # spans of 4 entries
MOMENT = datetime(2027, 3, 1, 12, 0, 0, 123456, tzinfo=UTC)


def document(seq: int) -> dict[str, Any]:
    return {
        "id": f"id-{seq}",
        "occurred_at": "2027-03-01T12:00:00.123456Z",
        "recorded_at": MOMENT.isoformat(),
        "actor": {"account_id": f"cuenta-{seq}", "role": "capturist", "election_id": "2027"},
        "service": "capture",
        "action": "questionnaire.save",
        "target": {"kind": "candidacy", "id": f"C-{seq}"},
        "outcome": "ok",
        "request_id": None,
        "trace_id": None,
    }


def said(seq: int) -> tuple[Any, ...]:
    return (f"id-{seq}", MOMENT, MOMENT, f"cuenta-{seq}", "capturist", "2027", "capture",
            "questionnaire.save", "candidacy", f"C-{seq}", "ok", None, None)  # fmt: skip


class Log:
    def __init__(self, size: int) -> None:
        self.leaves = [
            orjson.dumps(document(seq), option=orjson.OPT_SORT_KEYS) for seq in range(size)
        ]
        hashes = leaf_hashes(self.leaves)
        self.nodes = {
            (level, index): hashed
            for level, made in enumerate(grown_levels(hashes, size.bit_length()))
            for index, hashed in enumerate(made)
        }

    def root(self, size: int) -> bytes:
        return root(size, lambda level, index: self.nodes[(level, index)])

    def spans(self) -> list[StoredSpan]:
        size, width = len(self.leaves), 1 << HEIGHT
        spans = []
        for start in range(0, size, width):
            end = min(start + width, size)
            nodes = []
            for level in range(HEIGHT + 1):
                indexes = [
                    i for i in range(start >> level, end >> level) if (level, i) in self.nodes
                ]
                nodes.append((indexes, [self.nodes[(level, i)] for i in indexes]))
            leaves = self.leaves[start:end]
            said_here = [said(seq) for seq in range(start, end)]
            following = end if end < size else None
            span = StoredSpan(
                start, end, list(range(start, end)), leaves, leaf_hashes(leaves), said_here,
                nodes, following,
            )
            spans.append(span)
        return spans

    def verify(self, checkpoints: list[int]) -> LogVerifier:
        verifier = LogVerifier([Checkpoint("log", size, self.root(size)) for size in checkpoints])
        for span in self.spans():
            if not verifier.feed_span(span, HEIGHT):
                break
        above = {key: hashed for key, hashed in self.nodes.items() if key[0] > HEIGHT}
        verifier.check_upper_nodes(above)
        verifier.finish()
        return verifier


def test_an_intact_log_verified_by_spans_has_the_trees_root_at_every_checkpoint() -> None:
    log = Log(23)
    verifier = log.verify([1, 3, 4, 9, 16, 22, 23])
    assert verifier.finding is None
    assert verifier.tree.root() == log.root(23)


def test_a_checkpoint_inside_a_span_that_signed_other_entries_is_found() -> None:
    log = Log(23)
    forged = LogVerifier([Checkpoint("log", 10, log.root(9))])
    for span in log.spans():
        if not forged.feed_span(span, HEIGHT):
            break
    assert forged.finding is not None and forged.finding.seq == 9


def test_a_node_above_the_spans_rewritten_is_found() -> None:
    log = Log(23)
    log.nodes[(3, 1)] = bytes(32)
    verifier = log.verify([23])
    assert verifier.finding is not None
    assert "nivel 3 e índice 1" in verifier.finding.problem


def test_a_column_rewritten_in_a_later_span_is_named_as_entry_by_entry() -> None:
    log = Log(23)
    spans = log.spans()
    spans[2].said[1] = (*said(9)[:6], "moderation", *said(9)[7:])
    verifier = LogVerifier([])
    for span in spans:
        if not verifier.feed_span(span, HEIGHT):
            break
    assert verifier.finding is not None and verifier.finding.seq == 9
    assert "«service»" in verifier.finding.problem
