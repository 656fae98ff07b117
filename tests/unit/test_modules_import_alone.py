"""Every contract and benchmark module imports first in a fresh interpreter: a spawned
worker, a tool or ``make bench`` that imports only one of them must not meet a circular
import (contracts.publication did, through the events package, until its profile moved
beside the event; bench.capture and bench.hop once imported each other, and ``make
bench`` stopped at its first line)."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MODULES = sorted(
    ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
    for path in [*(ROOT / "contracts").rglob("*.py"), *(ROOT / "bench").glob("*.py")]
)


@pytest.mark.parametrize("module", MODULES)
def test_a_module_imports_alone(module: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", f"import {module}"], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
