"""What a registry file (or one change of the feed) must agree with beyond its own rows:
the other formulas of the file and the candidacies registered before.

Once the import is applied, no person may stand in two live candidacies, and no party
may have two formulas for one seat (itself, or through a coalition or common candidacy
it belongs to). A substitution takes the place of a live candidacy of the same office,
seat and postulant; it never replaces itself, and never one withdrawn before it, unless
it is this very substitution arriving again. Every problem is located: the lines of both
rows where both are in the file, or the clave registered before.
"""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from contracts.capture import ElectionConfig
from contracts.errors import FieldProblem
from services.capture.domain.formulas import (
    Formula,
    PostulantKind,
    RegisteredFormula,
    Seat,
    Standing,
    Status,
)
from services.capture.domain.registry_rows import person_key


@dataclass(frozen=True)
class _Live:
    """A formula that will be live after the import: from the file (with its lines) or
    registered before (its clave)."""

    formula: RegisteredFormula
    lines: tuple[int, ...] | None  # None: registered before, not in this file

    def where(self, index: int = 0) -> str:
        if self.lines is None:
            return f"la candidatura «{self.formula.key}», ya registrada"
        return f"la línea {self.lines[min(index, len(self.lines) - 1)]}"


def check_consistency(
    formulas: list[Formula],
    earlier: Mapping[str, Standing],
    election: ElectionConfig,
    keys_in_file: set[str] | None = None,
) -> list[FieldProblem]:
    """Every problem between the file's formulas and with ``earlier``: the candidacies
    registered before that the file names, that it replaces, or that share a person or a
    seat with it. ``keys_in_file``: every clave the file names, including rows too broken
    to make a formula (a substitution naming one of them is not told it does not exist)."""
    in_file = {f.key: f for f in formulas}
    named = set(in_file) | (keys_in_file or set())
    problems = _substitutions(formulas, earlier, election.election_id, in_file, named)
    live = _live_after(formulas, earlier, election.election_id)
    problems += _same_person(live)
    acronyms = {party.id: party.acronym for party in election.parties}
    problems += _same_seat(live, _parties_of(election), acronyms)
    return problems


def _problem(formula: Formula, column: str, reason: str, line: int | None = None) -> FieldProblem:
    return FieldProblem(field=column, line=line or formula.line, reason=reason)


def _substitutions(
    formulas: list[Formula],
    earlier: Mapping[str, Standing],
    election_id: str,
    in_file: Mapping[str, Formula],
    named: set[str],
) -> list[FieldProblem]:
    problems = []
    replaced_by: dict[str, Formula] = {}
    for formula in formulas:
        old = formula.replaces
        if old is None:
            continue
        if old == formula.key:
            problems.append(
                _problem(formula, "sustituye_a", "Una candidatura no se sustituye a sí misma.")
            )
            continue
        if old in replaced_by:
            problems.append(
                _problem(
                    formula,
                    "sustituye_a",
                    f"La línea {replaced_by[old].line} ya sustituye a «{old}».",
                )
            )
            continue
        replaced_by[old] = formula
        before = earlier.get(old)
        target = in_file.get(old) or (before.formula if before else None)
        if target is None or (before is not None and before.election_id != election_id):
            if old not in named or before is not None:
                problems.append(
                    _problem(
                        formula,
                        "sustituye_a",
                        f"No existe la candidatura «{old}» que sustituiría.",
                    )
                )
            continue
        own = earlier.get(formula.key)
        arriving_again = own is not None and own.formula.replaces == old
        if before is not None and not before.live and old not in in_file and not arriving_again:
            problems.append(
                _problem(
                    formula,
                    "sustituye_a",
                    f"La candidatura «{old}» ya fue {_withdrawn(before.status)}; no se sustituye.",
                )
            )
        problems += _same_place(formula, target)
    return problems


def _withdrawn(status: Status) -> str:
    return "cancelada" if status is Status.CANCELLED else "sustituida"


def _same_place(formula: Formula, replaced: RegisteredFormula) -> list[FieldProblem]:
    """A substitute stands for what the replaced candidacy stood for."""
    differences = [
        ("cargo", formula.office != replaced.office, "cargo"),
        (
            "distrito",
            (formula.district, formula.municipality, formula.list_position)
            != (replaced.district, replaced.municipality, replaced.list_position),
            "distrito, municipio o número de lista",
        ),
        (
            "postulante",
            (formula.postulant_kind, formula.postulant)
            != (replaced.postulant_kind, replaced.postulant),
            "postulante",
        ),
    ]
    return [
        _problem(
            formula,
            column,
            f"La sustituta debe tener el mismo {what} que «{replaced.key}», a quien sustituye.",
        )
        for column, differs, what in differences
        if differs
    ]


def _live_after(
    formulas: list[Formula], earlier: Mapping[str, Standing], election_id: str
) -> list[_Live]:
    in_file = {f.key for f in formulas}
    replaced = {f.replaces for f in formulas if f.replaces and f.status is Status.REGISTERED}
    live = [_Live(f, f.person_lines) for f in formulas if f.status is Status.REGISTERED]
    live += [
        _Live(standing.formula, None)
        for key, standing in earlier.items()
        if standing.live
        and standing.election_id == election_id
        and key not in in_file
        and key not in replaced
    ]
    return live


def _same_person(live: list[_Live]) -> list[FieldProblem]:
    problems = []
    first_seen: dict[object, tuple[_Live, int]] = {}
    for item in sorted(live, key=lambda i: i.lines is not None):  # earlier ones first
        for index, person in enumerate(item.formula.persons):
            key = person_key(person)
            if key not in first_seen:
                first_seen[key] = (item, index)
                continue
            other, other_index = first_seen[key]
            if other is item or item.lines is None:
                continue  # within one formula: the rows' rules say it
            problems.append(
                FieldProblem(
                    field="nombres",
                    line=item.lines[index],
                    reason=f"La misma persona ({person.full_name}, con la misma fecha de "
                    f"nacimiento) ya está en {other.where(other_index)}.",
                )
            )
    return problems


def _parties_of(election: ElectionConfig) -> dict[str, frozenset[str]]:
    parties = {party.id: frozenset({party.id}) for party in election.parties}
    parties |= {c.id: frozenset(c.parties) for c in election.coalitions}
    return parties


def _same_seat(
    live: list[_Live], parties_of: Mapping[str, frozenset[str]], acronyms: Mapping[str, str]
) -> list[FieldProblem]:
    problems = []
    by_seat: dict[Seat, list[_Live]] = defaultdict(list)
    for item in sorted(live, key=lambda i: i.lines is not None):
        formula = item.formula
        if formula.postulant_kind is PostulantKind.INDEPENDENT or formula.postulant is None:
            continue
        mine = parties_of.get(formula.postulant, frozenset({formula.postulant}))
        for other in by_seat[formula.seat]:
            theirs = parties_of.get(other.formula.postulant or "", frozenset())
            shared = mine & theirs
            if shared and item.lines is not None:
                problems.append(
                    FieldProblem(
                        field="postulante",
                        line=item.lines[0],
                        reason=f"{' y '.join(sorted(acronyms.get(p, p) for p in shared))} ya "
                        "postula una fórmula para "
                        f"este cargo y lugar en {other.where()}.",
                    )
                )
                break
        by_seat[formula.seat].append(item)
    return problems
