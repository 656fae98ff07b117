"""RFC 8785 canonical JSON for the log's leaves, fast for the shape entries have.

``rfc8785`` (Trail of Bits) is the reference, in pure Python: about 50 µs per entry
here, the largest cost of appending. For a document made only of strings, booleans,
null, integers within ±2^53, lists and objects whose keys are in the Basic Multilingual
Plane, orjson's sorted output is byte-for-byte the same: it sorts keys by code point,
which equals RFC 8785's UTF-16 order within the BMP, and escapes strings exactly as
ECMAScript's JSON.stringify does. Anything else (a float, a larger integer, a key
beyond the BMP, a lone surrogate) goes to ``rfc8785``. A property test checks the
equality over generated documents (tests/unit/audit/test_canonical.py).
"""

from typing import Any

import orjson
import rfc8785

SAFE_INTEGER = 2**53 - 1


def _plain(value: Any) -> bool:
    if isinstance(value, str | bool) or value is None:
        return True
    if isinstance(value, int):
        return -SAFE_INTEGER <= value <= SAFE_INTEGER
    if isinstance(value, list):
        return all(_plain(item) for item in value)
    if isinstance(value, dict):
        return all(
            isinstance(key, str) and max(key, default=" ") <= "\uffff" and _plain(item)
            for key, item in value.items()
        )
    return False


def canonical_json(document: dict[str, Any]) -> bytes:
    if _plain(document):
        try:
            return orjson.dumps(document, option=orjson.OPT_SORT_KEYS)
        except orjson.JSONEncodeError:  # a lone surrogate: let the reference decide
            pass
    return rfc8785.dumps(document)
