"""Bulk pre-load from a template (001 §14): one row per candidacy, one column per field
of both questionnaires. It fills drafts only — never submits, never publishes — and a
file with any bad cell changes nothing (every problem listed with line and column).
"""

from typing import Any

from contracts.errors import FieldProblem
from contracts.questionnaires import CURRICULAR, IDENTITY, FieldType, Questionnaire
from services.capture.domain.answers import check_answers
from services.capture.domain.tabular_files import Columns

KEY = "clave"
LIST_SEPARATOR = "|"
LISTS = (FieldType.TEXT_LIST, FieldType.EMAIL_LIST, FieldType.PHONE_LIST)
PRELOADED = (CURRICULAR, IDENTITY)


def template_columns() -> list[str]:
    return [KEY] + [f.name for q in PRELOADED for f in q.fields if f.type is not FieldType.IMAGE]


PRELOAD_COLUMNS = Columns.of({name: name for name in template_columns()}, enough=2)
"""A pre-load file's heading row: the clave and at least one field, named by code."""


def _value(kind: FieldType, raw: Any) -> Any:
    text = str(raw).strip()
    if kind in LISTS:
        return [item.strip() for item in text.split(LIST_SEPARATOR) if item.strip()]
    return text


def _answers_of(questionnaire: Questionnaire, row: dict[str, Any]) -> dict[str, Any]:
    kinds = {f.name: f.type for f in questionnaire.fields if f.type is not FieldType.IMAGE}
    return {
        name: _value(kinds[name], raw)
        for name, raw in row.items()
        if name in kinds and raw not in (None, "")
    }


def check_preload(
    rows: list[tuple[int, dict[str, Any]]], allowed: set[str]
) -> tuple[list[tuple[str, dict[str, dict[str, Any]]]], list[FieldProblem]]:
    """Per candidacy key, the answers of each questionnaire; or every problem. ``allowed``:
    the candidacies the uploader may capture (others are a problem, not a silent skip)."""
    problems: list[FieldProblem] = []
    drafts: list[tuple[str, dict[str, dict[str, Any]]]] = []
    columns = set(template_columns())
    seen: set[str] = set()
    for line, row in rows:

        def problem(column: str, reason: str, line: int = line) -> None:
            problems.append(FieldProblem(field=column, line=line, reason=reason))

        key = str(row.get(KEY) or "").strip()
        for column in row:
            if column not in columns:
                problem(column, "Esta columna no es de la plantilla.")
        if not key:
            problem(KEY, "Falta la clave.")
            continue
        if key in seen:
            problem(KEY, "La candidatura ya está en otra fila.")
        seen.add(key)
        if key not in allowed:
            problem(KEY, "No existe esa candidatura o no la puede capturar.")
            continue
        by_questionnaire = {}
        for questionnaire in PRELOADED:
            answers = _answers_of(questionnaire, row)
            checked = check_answers(questionnaire, answers)
            problems.extend(p.model_copy(update={"line": line}) for p in checked.problems)
            by_questionnaire[questionnaire.name] = answers
        drafts.append((key, by_questionnaire))
    return (drafts if not problems else []), problems
