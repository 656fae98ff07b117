"""The leaves' canonical bytes: the fast path gives exactly what RFC 8785's reference
implementation gives, for every document, whatever its characters."""

import rfc8785
from hypothesis import given, settings
from hypothesis import strategies as st

from services.audit.domain.canonical import canonical_json

any_text = st.text(alphabet=st.characters(codec="utf-8"), max_size=20)
bmp_text = st.text(alphabet=st.characters(max_codepoint=0xFFFF), max_size=20)
scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(2**60), 2**60)
    | any_text
    | st.floats(allow_nan=False, allow_infinity=False)
)
documents = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=5) | st.dictionaries(any_text | bmp_text, inner, max_size=5)
    ),
    max_leaves=15,
)


def reference(document: object) -> bytes | None:
    try:
        return rfc8785.dumps(document)
    except Exception:
        return None


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(any_text | bmp_text, documents, max_size=8))
def test_the_fast_path_matches_the_reference_byte_for_byte(document: dict) -> None:  # type: ignore[type-arg]
    expected = reference(document)
    if expected is None:
        return
    assert canonical_json(document) == expected


def test_every_control_and_special_character_is_escaped_as_the_reference_does() -> None:
    document = {"texto": "".join(chr(c) for c in range(0x00, 0x100)) + "\u2028\u2029\ufeff"}
    assert canonical_json(document) == rfc8785.dumps(document)


def test_keys_beyond_the_basic_plane_sort_as_utf16_does() -> None:
    document = {"\U0001f600": 1, "\ufb01": 2, "a": 3}
    assert canonical_json(document) == rfc8785.dumps(document)
    assert canonical_json(document).index(b"\xf0\x9f\x98\x80") < canonical_json(document).index(
        "\ufb01".encode()
    )
