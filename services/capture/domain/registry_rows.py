"""The candidacy registry file: its rows, checked all together (all or nothing).

One row per person of a formula (*propietaria* and, where there is one, *suplente*),
keyed by ``clave``; the formula's own columns must agree between its rows. Each cell is
read as people type it (``registry_values.py``); then each row is checked (required
cells, the election's catalogue, plausible people: not born in the future, not over
120, not under the office's minimum age on election day), and each formula (one owner,
at most one alternate, two different people, the parity rule of the profile). Every bad
cell is reported with its line, column and reason, so the person fixes the file once;
what concerns other formulas and earlier imports is ``registry_consistency.py``'s.
"""

import datetime as dt
import difflib
import zlib
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from contracts.capture import REGISTRY_COLUMN_LABELS, ElectionConfig
from contracts.errors import FieldProblem
from contracts.profile import FormulaSexes
from contracts.spanish_dates import long_date
from contracts.validation_messages import spanish_reason
from services.capture.domain.formulas import Formula, Person, PostulantKind, Quality, Sex, Status
from services.capture.domain.offices import is_one_of
from services.capture.domain.registry_values import (
    CHOICES,
    Catalogues,
    CellProblem,
    Interpreted,
    birth_date,
    chosen,
    looked_up,
    text_cell,
)
from services.capture.domain.tabular_files import Columns, Table
from services.capture.domain.text_keys import compact, plain

COLUMNS = tuple(REGISTRY_COLUMN_LABELS)
REGISTRY_COLUMNS = Columns.of(
    REGISTRY_COLUMN_LABELS,
    aliases={
        "nombres": ("Nombre", "Nombres"),
        "primer_apellido": ("Apellido paterno",),
        "segundo_apellido": ("Apellido materno",),
        "postulante": ("Partido", "Partido político", "Coalición", "Postulante"),
        "postulante_tipo": ("Tipo de postulante", "Tipo"),
        "numero_lista": ("Posición en la lista", "Lugar en la lista", "Posición"),
        "fecha_nacimiento": ("Fecha nacimiento", "Nacimiento"),
        "sustituye_a": ("Sustituye",),
    },
)
REQUIRED = (
    "clave",
    "cargo",
    "postulante_tipo",
    "calidad",
    "nombres",
    "primer_apellido",
    "sexo",
    "fecha_nacimiento",
)
FORMULA_COLUMNS = (
    "cargo",
    "distrito",
    "municipio",
    "numero_lista",
    "postulante_tipo",
    "postulante",
    "accion_afirmativa",
    "estatus",
    "sustituye_a",
)
OLDEST = 120
CLAVE_RULE = (
    "La clave lleva letras sin acentos, números, guion (-), guion bajo (_) o punto, sin "
    "espacios, y empieza con letra o número."
)


Text = Field(min_length=1, max_length=120)


class RegistryRow(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    clave: str = Field(min_length=1, max_length=60, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    cargo: str = Text
    distrito: str | None = None
    municipio: str | None = None
    numero_lista: int | None = Field(default=None, ge=1, le=500)
    postulante_tipo: PostulantKind
    postulante: str | None = None
    calidad: Quality
    nombres: str = Text
    primer_apellido: str = Text
    segundo_apellido: str | None = Field(default=None, max_length=120)
    sobrenombre: str | None = Field(default=None, max_length=120)
    sexo: Sex
    fecha_nacimiento: dt.date
    accion_afirmativa: str | None = None
    estatus: Status = Status.REGISTERED
    sustituye_a: str | None = None


@dataclass(frozen=True)
class RegistryRules:
    """What the profile and the day add to the rows' own rules: the offices open to
    independents where fewer than all (002 §I.C.1.I), the parity rule of a formula, and
    today (nobody registered is born after it)."""

    today: dt.date
    independent_offices: Collection[str] | None = None
    formula_sexes: FormulaSexes = FormulaSexes.SAME_OR_WOMAN_ALTERNATE


@dataclass
class CheckedRows:
    """The formulas the rows make (those whose rows could be read), every problem found,
    the keys the file names (read or not), how many rows there were, and what had to be
    interpreted: the file's own notes, and what its cells were read as."""

    formulas: list[Formula]
    problems: list[FieldProblem]
    keys: set[str] = field(default_factory=set)
    interpreted: Interpreted = field(default_factory=Interpreted)
    file_notes: list[str] = field(default_factory=list)
    rows: int = 0

    @property
    def notes(self) -> list[str]:
        return self.file_notes + self.interpreted.notes()


@dataclass(frozen=True)
class Share:
    """The rows one of ``of`` processes checks, so a large file's checks run on every
    core: all the rows of a formula (one clave) fall in the same share, so each share's
    formulas are whole; the headings are the first share's to check."""

    index: int = 0
    of: int = 1

    def takes(self, raw: dict[str, Any]) -> bool:
        if self.of == 1:
            return True
        clave = raw.get("clave")
        key = "" if clave is None else text_cell("clave", clave, Interpreted()).strip()
        return zlib.crc32(key.encode()) % self.of == self.index  # the same in every process


def check_table(
    table: Table, election: ElectionConfig, rules: RegistryRules, share: Share = Share()
) -> CheckedRows:
    """A registry file's rows checked (those of ``share``), after its headings: every
    required column present, each named once, none unknown."""
    first = share.index == 0
    problems = _heading_problems(table) if first else []
    rows = []
    count = 0
    for line, raw in table.rows:
        count += 1
        if share.takes(raw):
            rows.append((line, _without_unknown(raw)))
    present = {h.code for h in table.headings if h.code}
    checked = check_rows(rows, election, rules, absent=set(COLUMNS) - present)
    checked.problems = sorted(problems + checked.problems, key=_where)
    checked.file_notes = table.notes if first else []
    checked.rows = count
    return checked


def merged(shares: Sequence[CheckedRows]) -> CheckedRows:
    """The shares of one file's rows (``Share``), as if checked together: the formulas in
    the order of their first line, the problems in the file's order."""
    whole = CheckedRows([], [], rows=shares[0].rows, file_notes=shares[0].file_notes)
    for share in shares:
        whole.formulas += share.formulas
        whole.problems += share.problems
        whole.keys |= share.keys
        whole.interpreted.add(share.interpreted)
    whole.formulas.sort(key=lambda formula: formula.line)
    whole.problems.sort(key=_where)
    return whole


def _where(problem: FieldProblem) -> tuple[int, str]:
    return (problem.line or 0, problem.field)


def _without_unknown(raw: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in raw.items() if k in REGISTRY_COLUMN_LABELS}


def _heading_problems(table: Table) -> list[FieldProblem]:
    line = table.heading_line or None
    problems = []
    seen: dict[str, str] = {}
    known_keys = list(REGISTRY_COLUMNS.by_key)
    for heading in table.headings:
        if heading.code is None:
            if not heading.text:
                continue
            close = difflib.get_close_matches(compact(heading.text), known_keys, n=1)
            guess = (
                f" ¿Quiso decir «{REGISTRY_COLUMN_LABELS[REGISTRY_COLUMNS.by_key[close[0]]]}»?"
                if close
                else " Las columnas son las de la plantilla."
            )
            problems.append(
                FieldProblem(
                    field=heading.text, line=line, reason="No es una columna del registro." + guess
                )
            )
        elif heading.code in seen:
            problems.append(
                FieldProblem(
                    field=heading.code,
                    line=line,
                    reason=f"«{seen[heading.code]}» y «{heading.text}» nombran la misma columna.",
                )
            )
        else:
            seen[heading.code] = heading.text
    for code in REQUIRED:
        if code not in seen:
            problems.append(
                FieldProblem(
                    field=code,
                    line=line,
                    reason=f"Falta la columna «{REGISTRY_COLUMN_LABELS[code]}».",
                )
            )
    return problems


def check_rows(
    rows: Iterable[tuple[int, dict[str, Any]]],
    election: ElectionConfig,
    rules: RegistryRules,
    absent: Collection[str] = (),
) -> CheckedRows:
    """The formulas of the rows, and every problem in them (line, column, reason).
    ``absent``: columns the file lacks, already reported once for the whole file."""
    problems: list[FieldProblem] = []
    parsed: list[tuple[int, RegistryRow]] = []
    keys: set[str] = set()
    catalogues = Catalogues.of(election)
    seen = Interpreted()
    raw_by_line: dict[int, dict[str, Any]] = {}
    reported_on: dict[int, set[str]] = {}
    for line, raw in rows:
        values, cell_problems = _read_cells(raw, catalogues, seen)
        raw_by_line[line] = values
        if values.get("clave"):
            keys.add(str(values["clave"]))
        problems += [FieldProblem(field=c, reason=r, line=line) for c, r in cell_problems]
        reported = reported_on[line] = {c for c, _ in cell_problems} | set(absent)
        try:
            parsed.append((line, RegistryRow.model_validate(values)))
        except ValidationError as error:
            problems += _row_problems(error, line, reported)
    offices = {office.id: office for office in election.offices}
    for line, row in parsed:
        problems += [
            p for p in _references(line, row, election, rules) if p.field not in reported_on[line]
        ]
        problems += _plausible(line, row, rules, offices, election.calendar.election_day)
    capturing = {party.id: party.id for party in election.parties}
    capturing |= {c.id: c.capturing_party for c in election.coalitions}  # 000 §3.13
    formulas, grouping = _formulas(parsed, raw_by_line, capturing, rules)
    problems += grouping
    problems.sort(key=_where)
    return CheckedRows(formulas, problems, keys, seen, rows=len(raw_by_line))


def _read_cells(
    raw: dict[str, Any], catalogues: Catalogues, seen: Interpreted
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The row's cells read as what they mean; blank cells left out (so a required one
    is "obligatorio"), unreadable ones left out with their problem."""
    lookups = {
        "cargo": catalogues.offices,
        "distrito": catalogues.districts,
        "municipio": catalogues.municipalities,
        "accion_afirmativa": catalogues.actions,
    }
    values: dict[str, Any] = {}
    problems: list[tuple[str, str]] = []
    for column, value in raw.items():
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        try:
            if column == "fecha_nacimiento":
                values[column] = birth_date(value, seen)
            elif column in CHOICES:
                values[column] = chosen(column, value, seen)
            elif column in lookups:
                values[column] = looked_up(lookups[column], text_cell(column, value, seen), seen)
            elif column == "numero_lista":
                values[column] = value
            else:
                values[column] = text_cell(column, value, seen)
        except CellProblem as problem:
            problems.append((column, str(problem)))
    postulant = values.get("postulante")
    if postulant is not None and "postulante" not in dict(problems):
        try:
            values["postulante"] = _postulant(
                values.get("postulante_tipo"), postulant, catalogues, seen
            )
        except CellProblem as problem:
            del values["postulante"]
            problems.append(("postulante", str(problem)))
    return values, problems


def _postulant(kind: Any, text: str, catalogues: Catalogues, seen: Interpreted) -> str:
    """A party by its id, name or acronym; a coalition by its id or name."""
    if kind is PostulantKind.INDEPENDENT:
        return text  # refused below: an independent names no party
    expected, other = catalogues.parties, catalogues.coalitions
    if kind is PostulantKind.COALITION:
        expected, other = other, expected
    found, _ = expected.find(text)
    if found is None and other.find(text)[0] is not None:
        is_party = other is catalogues.parties
        raise CellProblem(
            f"«{text}» es {'un partido' if is_party else 'una coalición'}: su tipo de "
            f"postulación es «{'Partido' if is_party else 'Coalición'}»."
        )
    return looked_up(expected, text, seen)


def _row_problems(error: ValidationError, line: int, reported: set[str]) -> list[FieldProblem]:
    problems = []
    for item in error.errors():
        column = ".".join(str(p) for p in item["loc"]) or "(fila)"
        if column in reported:
            continue
        reason = spanish_reason(dict(item))
        if column == "clave" and item["type"] == "string_pattern_mismatch":
            reason = CLAVE_RULE
        problems.append(FieldProblem(field=column, reason=reason, line=line))
    return problems


def _references(
    line: int, row: RegistryRow, election: ElectionConfig, rules: RegistryRules
) -> list[FieldProblem]:
    found: list[FieldProblem] = []

    def problem(column: str, reason: str) -> None:
        found.append(FieldProblem(field=column, reason=reason, line=line))

    if row.postulante_tipo is PostulantKind.INDEPENDENT:
        if row.postulante is not None:
            problem("postulante", "Una candidatura independiente no lleva partido ni coalición.")
        office = next(o for o in election.offices if o.id == row.cargo)
        if rules.independent_offices is not None and not is_one_of(
            office.name, rules.independent_offices
        ):
            problem("cargo", f"El cargo «{row.cargo}» no admite candidaturas independientes.")
    elif row.postulante is None:
        problem("postulante", "Indique el partido o la coalición que postula.")
    if row.distrito is None and row.municipio is None and row.numero_lista is None:
        problem("distrito", "Indique el distrito, el municipio o el número de lista.")
    return found


def age_on(day: dt.date, born: dt.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _plausible(
    line: int,
    row: RegistryRow,
    rules: RegistryRules,
    offices: dict[str, Any],
    election_day: dt.date | None,
) -> list[FieldProblem]:
    born = row.fecha_nacimiento
    on = election_day or rules.today

    def problem(reason: str) -> list[FieldProblem]:
        return [FieldProblem(field="fecha_nacimiento", reason=reason, line=line)]

    if born > rules.today:
        return problem("La fecha de nacimiento es posterior a hoy.")
    if age_on(on, born) > OLDEST:
        return problem(f"Tendría más de {OLDEST} años: revise la fecha de nacimiento.")
    minimum = offices[row.cargo].minimum_age
    if election_day is not None and minimum is not None and age_on(election_day, born) < minimum:
        return problem(
            f"El día de la elección ({long_date(election_day)}) tendría "
            f"{age_on(election_day, born)} años; el cargo pide al menos {minimum}."
        )
    return []


def _formulas(
    parsed: list[tuple[int, RegistryRow]],
    raw_by_line: dict[int, dict[str, Any]],
    capturing: dict[str, str],
    rules: RegistryRules,
) -> tuple[list[Formula], list[FieldProblem]]:
    problems: list[FieldProblem] = []

    def problem(column: str, line: int, reason: str) -> None:
        problems.append(FieldProblem(field=column, line=line, reason=reason))

    by_key: dict[str, list[tuple[int, RegistryRow]]] = defaultdict(list)
    for line, row in parsed:
        by_key[row.clave].append((line, row))
    formulas = []
    for key, members in by_key.items():
        first_line, first = members[0]
        by_quality: dict[Quality, list[tuple[int, RegistryRow]]] = defaultdict(list)
        for line, row in members:
            by_quality[row.calidad].append((line, row))
        for quality, rows in by_quality.items():
            for line, _row in rows[1:]:
                earlier = rows[0][0]
                problem(
                    "calidad",
                    line,
                    f"Esta fila repite la línea {earlier}."
                    if raw_by_line[line] == raw_by_line[earlier]
                    else f"La fórmula «{key}» ya tiene persona {quality.value} en la línea "
                    f"{earlier}.",
                )
        owners = by_quality.get(Quality.OWNER, [])
        alternates = by_quality.get(Quality.ALTERNATE, [])
        if not owners:
            problem("calidad", first_line, f"La fórmula «{key}» no tiene persona propietaria.")
        for line, row in members[1:]:
            for column in FORMULA_COLUMNS:
                if getattr(row, column) != getattr(first, column):
                    problem(
                        column, line, f"No coincide con la línea {first_line} de la misma fórmula."
                    )
        if not owners:
            continue
        owner_line, owner = owners[0]
        alternate = alternates[0] if alternates else None
        if alternate is not None:
            problems += _pair(key, owner, alternate, rules.formula_sexes)
        formulas.append(
            Formula(
                key=key,
                office=first.cargo,
                district=first.distrito,
                municipality=first.municipio,
                list_position=first.numero_lista,
                postulant_kind=first.postulante_tipo,
                postulant=first.postulante,
                capturing_party=capturing.get(first.postulante) if first.postulante else None,
                affirmative_action=first.accion_afirmativa,
                status=first.estatus,
                replaces=first.sustituye_a,
                owner=_person(owner),
                alternate=None if alternate is None else _person(alternate[1]),
                line=first_line,
                person_lines=(owner_line,) if alternate is None else (owner_line, alternate[0]),
            )
        )
    return formulas, problems


def _pair(
    key: str, owner: RegistryRow, alternate: tuple[int, RegistryRow], sexes: FormulaSexes
) -> list[FieldProblem]:
    """The alternate is another person, of a sex the parity rule admits beside the owner's."""
    line, row = alternate

    def problem(column: str, reason: str) -> list[FieldProblem]:
        return [FieldProblem(field=column, line=line, reason=reason)]

    if person_key(_person(row)) == person_key(_person(owner)):
        return problem("nombres", "La persona suplente es la misma que la propietaria.")
    binary = {Sex.WOMAN, Sex.MAN}
    if sexes is FormulaSexes.ANY or not {owner.sexo, row.sexo} <= binary:
        return []
    if owner.sexo is row.sexo:
        return []
    if sexes is FormulaSexes.SAME or owner.sexo is Sex.WOMAN:
        headed = "una mujer" if owner.sexo is Sex.WOMAN else "un hombre"
        also = "también mujer" if owner.sexo is Sex.WOMAN else "también hombre"
        return problem(
            "sexo",
            f"En la fórmula «{key}», encabezada por {headed}, la persona suplente es {also} "
            "(paridad).",
        )
    return []


def person_key(person: Person) -> tuple[str, dt.date]:
    """What makes two rows the same person: the full name, without case, accents or extra
    spaces, and the birth date."""
    return plain(person.full_name), person.birth_date


def _person(row: RegistryRow) -> Person:
    return Person(
        names=row.nombres,
        first_surname=row.primer_apellido,
        second_surname=row.segundo_apellido,
        nickname=row.sobrenombre,
        sex=row.sexo,
        birth_date=row.fecha_nacimiento,
    )
