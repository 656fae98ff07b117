"""The house's shape (ARCHITECTURE.md), checked so that it stays true as services grow.

Each test names one promise a newcomer relies on: where a rule, a statement, a request and
an event live, and that the layers depend on each other in one direction only.
"""

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from contracts.services import BACKEND_SERVICES

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ROOT / "services"
LAYERS = ("handlers", "steps", "domain", "store", "adapters")
"""The folders (or single modules) of a service, each one layer."""
BUILT = sorted(name for name in BACKEND_SERVICES if (SERVICES / name / "migrations").is_dir())
"""The services built so far (the others are empty shells that grow into this shape)."""
IO_PACKAGES = ("asyncpg", "nats", "faststream", "aiohttp", "services.runtime", "services.launcher")


def modules_under(folder: Path) -> Iterator[Path]:
    yield from (path for path in folder.rglob("*.py") if "__pycache__" not in path.parts)


def imported(path: Path) -> set[str]:
    """Every module ``path`` imports, absolute names."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def layer_files(service: str) -> dict[str, list[Path]]:
    folder = SERVICES / service
    return {
        layer: [
            path
            for path in [folder / f"{layer}.py", *sorted((folder / layer).glob("*.py"))]
            if path.exists() and path.name != "__init__.py"
        ]
        for layer in LAYERS
    }


@pytest.mark.parametrize("service", BUILT)
def test_one_word_names_files_in_one_layer_only(service: str) -> None:
    """``lifecycle.py`` beside ``handlers/lifecycle.py`` and ``domain/lifecycle.py`` made a
    newcomer open three files to find one rule."""
    seen: dict[str, str] = {}
    clashes = []
    for layer, paths in layer_files(service).items():
        for path in paths:
            if path.stem in seen and seen[path.stem] != layer:
                clashes.append(f"{path.stem}: {seen[path.stem]} and {layer}")
            seen[path.stem] = layer
    assert clashes == []


@pytest.mark.parametrize("service", BUILT)
def test_every_built_service_has_the_house_layers(service: str) -> None:
    present = {layer for layer, paths in layer_files(service).items() if paths}
    assert {"handlers", "steps", "domain", "store"} <= present
    for module in ("__main__.py", "service.py"):
        assert (SERVICES / service / module).exists()


@pytest.mark.parametrize("service", BUILT)
def test_the_domain_does_no_io_and_reads_no_clock(service: str) -> None:
    """Rules are pure: they receive ``now`` and rows, and never reach a database, the bus,
    the runtime or another layer of the service."""
    own_layers = tuple(f"services.{service}.{layer}" for layer in LAYERS if layer != "domain")
    for path in modules_under(SERVICES / service / "domain"):
        reaching = {
            name
            for name in imported(path)
            if name.startswith(IO_PACKAGES) or name.startswith(own_layers)
        }
        assert reaching == set(), path.relative_to(ROOT)
        assert "utc_now" not in path.read_text(encoding="utf-8"), path.relative_to(ROOT)


def sql_calls(path: Path) -> list[int]:
    """Lines that run a statement on a connection or pool."""
    runs = {"execute", "executemany", "fetch", "fetchrow", "fetchval", "copy_records_to_table"}
    lines = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in runs
        ):
            lines.append(node.lineno)
    return lines


@pytest.mark.parametrize("service", BUILT)
def test_every_statement_of_a_service_lives_in_its_store(service: str) -> None:
    folder = SERVICES / service
    outside = {
        str(path.relative_to(ROOT)): lines
        for path in modules_under(folder)
        if path.parent.name != "store" and path.stem != "store" and "migrations" not in path.parts
        for lines in [sql_calls(path)]
        if lines
    }
    assert outside == {}


def test_no_handler_consumer_or_timer_takes_untyped_dependencies() -> None:
    for path in modules_under(SERVICES):
        assert "deps: Any" not in path.read_text(encoding="utf-8"), path.relative_to(ROOT)


def test_the_formatter_decides_layout_but_for_a_handful_of_tables() -> None:
    skips = sum(
        path.read_text(encoding="utf-8").count("# fmt: skip")
        for folder in ("services", "contracts", "bench", "tests")
        for path in modules_under(ROOT / folder)
    )
    assert skips <= 10


def test_tests_share_code_through_tests_support_only() -> None:
    """A helper imported from another test module breaks when that test is renamed."""
    for path in modules_under(ROOT / "tests"):
        borrowed = {
            name
            for name in imported(path)
            if name.startswith("tests.") and not name.startswith("tests.support")
        }
        assert borrowed == set(), path.relative_to(ROOT)
