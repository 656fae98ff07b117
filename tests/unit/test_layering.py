"""Which package may import which: the runtime no service, the launcher no service's
internals (only what each declares in its ``service`` module)."""

import ast
from collections.abc import Iterator
from pathlib import Path

from contracts.services import BACKEND_SERVICES

SERVICES = Path(__file__).resolve().parents[2] / "services"
INFRASTRUCTURE = {"runtime", "launcher"}


def imported_modules(path: Path) -> Iterator[tuple[int, str]]:
    """Every module a file imports, by its full dotted name (``from a import b`` gives
    ``a.b``, since ``b`` may be a module)."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module is not None and node.level == 0:
            yield from ((node.lineno, f"{node.module}.{alias.name}") for alias in node.names)


def service_imports(path: Path) -> Iterator[tuple[int, str]]:
    """The imports of a service's package (anything under ``services`` but the runtime
    and the launcher)."""
    for line, module in imported_modules(path):
        parts = module.split(".")
        if parts[0] == "services" and len(parts) > 1 and parts[1] not in INFRASTRUCTURE:
            yield line, module


def imports_of(package: str) -> Iterator[tuple[str, str]]:
    """(where, module) for each import of a service's package from ``services/<package>``."""
    for path in sorted((SERVICES / package).rglob("*.py")):
        for line, module in service_imports(path):
            yield f"{path.relative_to(SERVICES.parent)}:{line}", module


def test_the_runtime_imports_no_service() -> None:
    assert list(imports_of("runtime")) == []


def test_the_launcher_imports_nothing_of_a_service_but_its_definition() -> None:
    internals = [
        (where, module)
        for where, module in imports_of("launcher")
        if module.split(".")[2:] not in (["service"], ["service", "definition"])
    ]
    assert internals == []


def test_the_check_sees_every_way_of_importing_a_service(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text(
        "import services.audit.store\n"
        "from services.accounts import bootstrap\n"
        "from services.capture.service import definition\n"
        "from services import gateway\n"
        "from services.runtime.settings import Settings\n"
    )
    assert [module for _, module in service_imports(probe)] == [
        "services.audit.store",
        "services.accounts.bootstrap",
        "services.capture.service.definition",
        "services.gateway",
    ]


def test_the_launcher_finds_every_services_definition() -> None:
    from services.launcher.definitions import service_definitions

    assert set(service_definitions()) == set(BACKEND_SERVICES)
