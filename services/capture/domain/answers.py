"""Checking a questionnaire's answers: per-field problems in Spanish, the skip logic,
completeness per section, and what is still missing before submission.

A draft keeps what the person typed — too short, too long, a malformed address, e-mail or
phone — with its problem, so nothing written is lost; only submission refuses it. What
was not typed but chosen (an option that does not exist, a file's fingerprint) is not
kept. How much a draft may hold at all is bounded by the contract (``typed_cap``).
Lengths count characters other than whitespace (reference §7).
"""

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from email_validator import EmailNotValidError, validate_email

from contracts.errors import FieldProblem
from contracts.questionnaires import (
    CONTACT_MEANS,
    NOT_APPLICABLE,
    PREFER_NOT,
    FieldType,
    QuestionField,
    Questionnaire,
)

URL = re.compile(r"^https?://[^\s/$.?#][^\s]*\.[^\s]+$", re.IGNORECASE)
PHONE = re.compile(r"^\+?[\d\s().-]{10,20}$")
SHA256 = re.compile(r"^[0-9a-f]{64}$")
LISTS = (FieldType.TEXT_LIST, FieldType.EMAIL_LIST, FieldType.PHONE_LIST)


@dataclass
class Checked:
    answers: dict[str, Any] = field(default_factory=dict)
    problems: list[FieldProblem] = field(default_factory=list)
    completeness: dict[str, int] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)

    @property
    def submittable(self) -> bool:
        return not self.problems and not self.missing


def counted_length(text: str) -> int:
    return sum(1 for ch in text if not ch.isspace())


def _single(spec: QuestionField, value: Any) -> tuple[Any, str | None, bool]:
    """(value to keep or None, problem, whether the value is a finished answer)."""
    if not isinstance(value, str):
        return None, "Debe ser texto.", False
    value = value.strip()
    if not value:
        return None, None, False
    if spec.prefer_not and value == PREFER_NOT:
        return value, None, True
    kind = spec.type
    if kind is FieldType.CHOICE:
        if value not in spec.options:
            return None, "Elija una de las opciones.", False
        return value, None, True
    if kind is FieldType.URL and not URL.match(value):
        return value, "Escriba una dirección web completa (https://…).", False
    if kind is FieldType.EMAIL or kind is FieldType.EMAIL_LIST:
        try:
            validate_email(value, check_deliverability=False)
        except EmailNotValidError:
            return value, "No es un correo electrónico válido.", False
    if (kind is FieldType.PHONE or kind is FieldType.PHONE_LIST) and not PHONE.match(value):
        return value, "Escriba un teléfono de 10 dígitos o más.", False
    if kind is FieldType.IMAGE and not SHA256.match(value):
        return None, "Suba la imagen; este campo guarda su huella.", False
    length = counted_length(value)
    if spec.max_length is not None and length > spec.max_length:
        return value, f"Tiene {length} caracteres; el máximo es {spec.max_length}.", False
    if spec.min_length is not None and length < spec.min_length:
        return value, f"Tiene {length} caracteres; el mínimo es {spec.min_length}.", False
    return value, None, True


def _value(spec: QuestionField, value: Any) -> tuple[Any, list[str], bool]:
    if spec.type not in LISTS:
        kept, problem, done = _single(spec, value)
        return kept, [problem] if problem else [], done
    if not isinstance(value, list):
        return None, ["Debe ser una lista."], False
    kept_items, problems = [], []
    for number, item in enumerate(value, start=1):
        kept, problem, _ = _single(spec, item)
        if problem:
            problems.append(f"Elemento {number}: {problem}")
        if kept is not None:
            kept_items.append(kept)
    if spec.max_items is not None and len(kept_items) > spec.max_items:
        problems.append(f"Son {len(kept_items)}; el máximo es {spec.max_items}.")
    return (kept_items or None), problems, bool(kept_items) and not problems


def check_answers(questionnaire: Questionnaire, given: Mapping[str, Any]) -> Checked:
    checked = Checked()
    known = {spec.name for spec in questionnaire.fields}
    for name in given:
        if name not in known:
            checked.problems.append(FieldProblem(field=name, reason="Este campo no existe."))
    finished: dict[str, bool] = {}
    for spec in questionnaire.fields:  # controlling fields come before the ones they control
        condition = spec.applies_when
        if condition is not None:
            controller = checked.answers.get(condition.field)
            if controller is None or not finished.get(condition.field):
                continue  # undecided until the controlling question is answered
            if controller not in condition.values:
                checked.answers[spec.name] = NOT_APPLICABLE
                finished[spec.name] = True
                continue
        raw = given.get(spec.name)
        if raw is None:
            continue
        kept, problems, done = _value(spec, raw)
        if kept is not None:
            checked.answers[spec.name] = kept
        finished[spec.name] = done
        checked.problems += [FieldProblem(field=spec.name, reason=p) for p in problems]
    _completeness(questionnaire, checked, finished)
    return checked


def _applies(spec: QuestionField, checked: Checked, finished: Mapping[str, bool]) -> bool:
    condition = spec.applies_when
    if condition is None:
        return True
    controller = checked.answers.get(condition.field)
    return not (finished.get(condition.field) and controller not in condition.values)


def _completeness(q: Questionnaire, checked: Checked, finished: Mapping[str, bool]) -> None:
    for section in q.sections:
        required = [
            s
            for s in q.fields
            if s.section == section.id and s.required and _applies(s, checked, finished)
        ]
        done = [s for s in required if finished.get(s.name)]
        checked.missing += [s.name for s in required if not finished.get(s.name)]
        checked.completeness[section.id] = (
            100 if not required else round(100 * len(done) / len(required))
        )
    if q.name == "curricular" and not any(finished.get(name) for name in CONTACT_MEANS):
        checked.missing.append("medio_de_contacto_publico")
        checked.completeness["contacto"] = 0


def correction_problems(checked: Checked, corrected: Collection[str]) -> list[FieldProblem]:
    """What keeps the institute's correction of ``corrected`` from being applied: a field
    it changes with a problem, or left without the answer it needs. A submitted candidacy
    stays submitted, so a correction keeps nothing that could not be submitted (000 §4.3)."""
    problems = [problem for problem in checked.problems if problem.field in corrected]
    troubled = {problem.field for problem in problems}
    problems += [
        FieldProblem(field=name, reason="Escriba la respuesta corregida; no puede quedar vacía.")
        for name in checked.missing
        if name in corrected and name not in troubled
    ]
    return problems
