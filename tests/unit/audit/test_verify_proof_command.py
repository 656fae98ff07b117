"""``conoceles audit verify-proof``: an outside auditor's check of one proof file."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from services.audit.commands import check_proof_file
from tests.support.merkle import VECTORS

REPO = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize(
    "path", sorted(VECTORS.glob("*/*/*.json")), ids=lambda p: "/".join(p.parts[-3:])
)
def test_every_shared_vector_file_gets_the_right_exit_code(path: Path) -> None:
    code, message = check_proof_file(path)
    want_err = json.loads(path.read_text())["wantErr"]
    assert code == (1 if want_err else 0), message


@pytest.mark.parametrize(
    "content",
    [
        "no es json",
        "[1, 2]",
        '{"leafIdx": "cero", "treeSize": 1, "leafHash": "", "root": ""}',
        '{"size1": 1, "size2": 2, "root1": "%%%", "root2": "", "proof": []}',
        '{"otra": 1}',
    ],
)
def test_a_malformed_file_exits_2(tmp_path: Path, content: str) -> None:
    path = tmp_path / "prueba.json"
    path.write_text(content)
    code, message = check_proof_file(path)
    assert code == 2 and message.startswith("Archivo mal formado")


def test_the_command_prints_and_exits_as_documented() -> None:
    happy = VECTORS / "inclusion" / "1" / "happy-path.json"
    broken = VECTORS / "inclusion" / "1" / "wrong-leaf.json"
    run = [sys.executable, "-m", "services.launcher.cli", "audit", "verify-proof"]
    ok = subprocess.run([*run, str(happy)], cwd=REPO, capture_output=True, text=True)
    bad = subprocess.run([*run, str(broken)], cwd=REPO, capture_output=True, text=True)
    assert (ok.returncode, bad.returncode) == (0, 1)
    assert "se sostiene" in ok.stdout and "NO se sostiene" in bad.stderr
