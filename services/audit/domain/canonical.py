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
    kind = type(value)
    if kind is str or kind is bool or value is None:
        return True
    if kind is int:
        return bool(-SAFE_INTEGER <= value <= SAFE_INTEGER)
    if kind is list:
        return all(_plain(item) for item in value)
    if kind is dict:
        for key, item in value.items():
            if type(key) is not str or not (key.isascii() or max(key) <= "\uffff"):
                return False
            if not _plain(item):
                return False
        return True
    return False  # floats, subclasses, anything else: the reference decides


def canonical_json(document: dict[str, Any]) -> bytes:
    if _plain(document):
        try:
            return orjson.dumps(document, option=orjson.OPT_SORT_KEYS)
        except orjson.JSONEncodeError:  # a lone surrogate: let the reference decide
            pass
    return rfc8785.dumps(document)
