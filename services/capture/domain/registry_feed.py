"""The registration system's feed: one change of the registry at a time (001 §14,
002 §II.C, 003 §20).

A change's candidacy is checked as the rows of a registry file are
(``domain/registry_rows.py``), one row per person, so a candidacy means the same whether
it came by file or by the feed. What the change may do then depends on where the
candidacy stands: a registration names a new candidacy, a correction a live one, a
cancellation withdraws a live one, and a substitution withdraws a live candidacy and
registers the one that takes its place. A change that finds its effect already there
(say, the registration of a candidacy registered with the same data) changes nothing.
"""

import hashlib
from dataclasses import fields
from typing import Any

import orjson

from contracts.capture import ElectionConfig, RegistryChange, RegistryChangeKind
from contracts.errors import FieldProblem
from services.capture.domain.errors import Invalid, Refused
from services.capture.domain.formulas import (
    Formula,
    Quality,
    RegisteredFormula,
    Standing,
    Status,
)
from services.capture.domain.registry_rows import FORMULA_COLUMNS, RegistryRules, check_rows

FEED_OFF = (
    "Esta elección no recibe cambios del sistema de registro de candidaturas: sus "
    "candidaturas se importan por archivo."
)
PERSONS = {1: Quality.OWNER, 2: Quality.ALTERNATE}  # the row's "line": which person it is


def change_hash(change: RegistryChange) -> bytes:
    """What makes two sends the same change: everything in it."""
    document = change.model_dump(mode="json")
    return hashlib.sha256(orjson.dumps(document, option=orjson.OPT_SORT_KEYS)).digest()


def check_same_change(sent: bytes, applied: bytes, change_id: str) -> None:
    """The same id twice must be the same change: an id names one change for good."""
    if sent != applied:
        raise Refused(
            f"El cambio «{change_id}» ya se recibió con otro contenido; cada cambio lleva "
            "un identificador propio."
        )


def _rows(change: RegistryChange) -> list[tuple[int, dict[str, Any]]]:
    candidacy = change.candidatura
    status = (
        Status.CANCELLED if change.tipo is RegistryChangeKind.CANCELLATION else Status.REGISTERED
    )
    formula = candidacy.model_dump(exclude={"propietaria", "suplente"}) | {"estatus": status}
    rows = [(1, formula | candidacy.propietaria.model_dump() | {"calidad": Quality.OWNER})]
    if candidacy.suplente is not None:
        rows.append((2, formula | candidacy.suplente.model_dump() | {"calidad": Quality.ALTERNATE}))
    return rows


def _located(problem: FieldProblem) -> FieldProblem:
    """A row's column, named where it stands in the change the system sent."""
    column = problem.field
    if column in FORMULA_COLUMNS or column == "clave":
        where = f"candidatura.{column}"
    elif column == "(fila)":
        where = "candidatura"
    else:
        where = f"candidatura.{PERSONS[problem.line or 1].value}.{column}"
    return FieldProblem(field=where, reason=problem.reason)


def _invalid(problems: list[FieldProblem]) -> Invalid:
    count = "un problema" if len(problems) == 1 else f"{len(problems)} problemas"
    return Invalid(f"La candidatura tiene {count}; el cambio no se aplicó.", problems)


def checked_formula(
    change: RegistryChange, election: ElectionConfig, rules: RegistryRules
) -> Formula:
    """The change's candidacy as a formula, or every problem in it (``Invalid``), by the
    rules of a registry file's rows."""
    checked = check_rows(_rows(change), election, rules)
    formulas, problems = checked.formulas, checked.problems
    located = list({(p.field, p.reason): p for p in map(_located, problems)}.values())
    if not formulas:
        raise _invalid(located)
    formula = formulas[0]
    substitution = change.tipo is RegistryChangeKind.SUBSTITUTION
    if substitution and formula.replaces is None:
        located.append(problem("sustituye_a", "Indique la clave de la candidatura sustituida."))
    elif substitution and formula.replaces == formula.key:
        located.append(problem("sustituye_a", "Una candidatura no se sustituye a sí misma."))
    elif change.tipo is RegistryChangeKind.REGISTRATION and formula.replaces is not None:
        located.append(
            problem("sustituye_a", "Una sustitución se envía como cambio «sustitucion».")
        )
    if located:
        raise _invalid(located)
    return formula


def problem(column: str, reason: str) -> FieldProblem:
    return FieldProblem(field=f"candidatura.{column}", reason=reason)


def registered_part(formula: Formula) -> RegisteredFormula:
    """What capture keeps of a formula: all but the line it was read from."""
    return RegisteredFormula(
        **{f.name: getattr(formula, f.name) for f in fields(RegisteredFormula)}
    )


def changes_anything(
    change: RegistryChange,
    formula: Formula,
    election_id: str,
    own: Standing | None,
    replaced: Standing | None,
) -> bool:
    """Whether the change is to be applied (True) or is already in effect (False);
    ``Refused`` when it cannot be, saying why."""
    key = formula.key
    if own is not None and own.election_id != election_id:
        raise Refused(f"La clave «{key}» es de otra elección.")
    same = own is not None and own.formula == registered_part(formula)
    kind = change.tipo
    if kind is RegistryChangeKind.REGISTRATION:
        if own is None:
            return True
        if same and own.live:
            return False
        raise Refused(
            f"La candidatura «{key}» ya está registrada con otros datos; envíe una corrección."
            if own.live
            else f"La candidatura «{key}» fue retirada; no se registra de nuevo."
        )
    if kind is RegistryChangeKind.SUBSTITUTION:
        return _substitution(formula, election_id, own, same, replaced)
    if own is None:
        raise Refused(f"No existe la candidatura «{key}»; envíe primero su registro.")
    if kind is RegistryChangeKind.CANCELLATION:
        if own.status is Status.CANCELLED:
            return False
        if not own.live:
            raise Refused(f"La candidatura «{key}» fue sustituida; ya no se cancela.")
        return True
    if not own.live:
        raise Refused(f"La candidatura «{key}» fue retirada; ya no se corrige.")
    if formula.replaces != own.formula.replaces:
        raise _invalid([problem("sustituye_a", "Una corrección no cambia a quién sustituye.")])
    return not same


def _substitution(
    formula: Formula,
    election_id: str,
    own: Standing | None,
    same: bool,
    replaced: Standing | None,
) -> bool:
    old = formula.replaces
    if own is not None:
        if same and replaced is not None and not replaced.live:
            return False  # this substitution is in effect already
        raise Refused(f"La clave «{formula.key}» ya está registrada.")
    if replaced is None or replaced.election_id != election_id:
        raise Refused(f"No existe la candidatura «{old}» que se sustituiría.")
    if not replaced.live:
        raise Refused(f"La candidatura «{old}» ya no está vigente; no se sustituye.")
    return True
