"""The verifier agrees with every RFC 6962 vector of transparency-dev/merkle
(shared/vectors/merkle, read from ../shared as CI has it; never copied here)."""

import base64
import json
from pathlib import Path
from typing import Any

import pytest

from services.audit.domain.merkle import InvalidProof, verify_consistency, verify_inclusion
from tests.support.merkle import VECTORS


def vectors(kind: str) -> list[Path]:
    found = sorted((VECTORS / kind).glob("*/*.json"))
    assert found, f"no {kind} vectors under {VECTORS}"
    return found


def b64(value: str | None) -> bytes:
    return base64.b64decode(value or "")


def proof_of(raw: list[str] | None) -> list[bytes]:
    return [b64(item) for item in raw or []]


def verify(kind: str, case: dict[str, Any]) -> None:
    if kind == "inclusion":
        verify_inclusion(
            case["leafIdx"],
            case["treeSize"],
            b64(case["leafHash"]),
            proof_of(case["proof"]),
            b64(case["root"]),
        )
    else:
        verify_consistency(
            case["size1"],
            case["size2"],
            b64(case["root1"]),
            b64(case["root2"]),
            proof_of(case["proof"]),
        )


@pytest.mark.parametrize(
    "path",
    [*vectors("inclusion"), *vectors("consistency")],
    ids=lambda p: f"{p.parent.parent.name}/{p.parent.name}/{p.stem}",
)
def test_the_verifier_agrees_with_the_vector(path: Path) -> None:
    case = json.loads(path.read_text())
    kind = path.parent.parent.name
    if case["wantErr"]:
        with pytest.raises(InvalidProof):
            verify(kind, case)
    else:
        verify(kind, case)
