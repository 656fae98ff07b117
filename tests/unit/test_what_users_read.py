"""What a person reads cites no procedure: the paragraphs (``000 §3.16``) belong in the
code's docstrings and comments, beside the rule they justify, never in a page, a
refusal, a notice or the API's own words."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ROOT / "services"


def docstrings(tree: ast.AST) -> set[int]:
    """The ids of the string nodes that are docstrings (of modules, classes, functions,
    and the attribute docstrings that follow an assignment)."""
    found: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if not isinstance(body, list):
            continue
        for statement in body:
            if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
                found.add(id(statement.value))
    return found


def cited_strings(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = docstrings(tree)
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and "§" in node.value
        and id(node) not in skip
    ]


def test_no_string_a_service_says_cites_a_procedure() -> None:
    cited = {
        str(path.relative_to(ROOT)): lines
        for path in SERVICES.rglob("*.py")
        if (lines := cited_strings(path))
    }
    assert cited == {}


def test_no_page_cites_a_procedure() -> None:
    cited = [
        str(path.relative_to(ROOT))
        for path in (SERVICES / "gateway" / "templates").rglob("*.html")
        if "§" in path.read_text(encoding="utf-8")
    ]
    assert cited == []
