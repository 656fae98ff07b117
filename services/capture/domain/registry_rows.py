"""The candidacy registry file: its rows, checked all together (all or nothing).

One row per person of a formula (*propietaria* and, where there is one, *suplente*),
keyed by ``clave``; the formula's own columns must agree between its rows. Every bad
row is reported with its line, column and reason, so the person fixes the file once.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from contracts.capture import ElectionConfig
from contracts.errors import FieldProblem
from contracts.validation_messages import spanish_reason
from services.capture.domain.offices import is_one_of

COLUMNS = (
    "clave",
    "cargo",
    "distrito",
    "municipio",
    "numero_lista",
    "postulante_tipo",
    "postulante",
    "calidad",
    "nombres",
    "primer_apellido",
    "segundo_apellido",
    "sobrenombre",
    "sexo",
    "fecha_nacimiento",
    "accion_afirmativa",
    "estatus",
    "sustituye_a",
)
COLUMN_LABELS = {
    "clave": "Clave",
    "cargo": "Cargo",
    "distrito": "Distrito",
    "municipio": "Municipio",
    "numero_lista": "Número de lista",
    "postulante_tipo": "Tipo de postulación",
    "postulante": "Partido o coalición",
    "calidad": "Calidad",
    "nombres": "Nombre(s)",
    "primer_apellido": "Primer apellido",
    "segundo_apellido": "Segundo apellido",
    "sobrenombre": "Sobrenombre",
    "sexo": "Sexo",
    "fecha_nacimiento": "Fecha de nacimiento",
    "accion_afirmativa": "Acción afirmativa",
    "estatus": "Estatus",
    "sustituye_a": "Sustituye a",
}
"""Each column as the template heads it and a person reads it; a file may head a column
with either, in any case, with or without accents."""
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


class PostulantKind(StrEnum):
    PARTY = "partido"
    COALITION = "coalicion"
    INDEPENDENT = "independiente"


class Quality(StrEnum):
    OWNER = "propietaria"
    ALTERNATE = "suplente"


class Sex(StrEnum):
    WOMAN = "Mujer"
    MAN = "Hombre"
    NON_BINARY = "No binario"


class Status(StrEnum):
    REGISTERED = "registrada"
    SUBSTITUTED = "sustituida"
    CANCELLED = "cancelada"


KIND_LABELS = {
    PostulantKind.PARTY: "Partido",
    PostulantKind.COALITION: "Coalición",
    PostulantKind.INDEPENDENT: "Independiente",
}
QUALITY_LABELS = {Quality.OWNER: "Propietaria", Quality.ALTERNATE: "Suplente"}
STATUS_LABELS = {
    Status.REGISTERED: "Registrada",
    Status.SUBSTITUTED: "Sustituida",
    Status.CANCELLED: "Cancelada",
}
"""Each value as the template's lists offer it and a person reads it (a ``Sex`` reads as
its value)."""


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
class Person:
    names: str
    first_surname: str
    second_surname: str | None
    nickname: str | None
    sex: Sex
    birth_date: dt.date

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.names, self.first_surname, self.second_surname) if p)


@dataclass(frozen=True)
class RegisteredFormula:
    """A formula as the registry says it: what capture keeps of it (as JSON, without the
    file's line: the same formula on another line of a new file is the same formula)."""

    key: str
    office: str
    district: str | None
    municipality: str | None
    list_position: int | None
    postulant_kind: PostulantKind
    postulant: str | None
    capturing_party: str | None
    affirmative_action: str | None
    status: Status
    replaces: str | None
    owner: Person
    alternate: Person | None


@dataclass(frozen=True)
class Formula(RegisteredFormula):
    """A formula read from a registry file, with the line of its first row."""

    line: int


def _blank_to_none(raw: dict[str, Any]) -> dict[str, Any]:
    return {
        k: (None if v is None or (isinstance(v, str) and not v.strip()) else v)
        for k, v in raw.items()
    }


def check_rows(
    rows: list[tuple[int, dict[str, Any]]],
    election: ElectionConfig,
    independent_offices: Collection[str] | None = None,
) -> tuple[list[Formula], list[FieldProblem]]:
    """The formulas of the file, or every problem in it (line, column, reason).
    ``independent_offices``: the profile's offices open to independents, where fewer than
    all (002 §I.C.1.I); an independent registered for another is refused, row by row."""
    problems: list[FieldProblem] = []
    parsed: list[tuple[int, RegistryRow]] = []
    for line, raw in rows:
        try:
            parsed.append((line, RegistryRow.model_validate(_blank_to_none(raw))))
        except ValidationError as error:
            for item in error.errors():
                column = ".".join(str(p) for p in item["loc"]) or "(fila)"
                problems.append(
                    FieldProblem(field=column, reason=spanish_reason(dict(item)), line=line)
                )
    known = _Known.of(election, independent_offices)
    for line, row in parsed:
        problems += _references(line, row, known)
    capturing = {party.id: party.id for party in election.parties}
    capturing |= {c.id: c.capturing_party for c in election.coalitions}  # 000 §3.13
    formulas, grouping = _formulas(parsed, capturing)
    problems += grouping
    problems.sort(key=lambda p: (p.line or 0, p.field))
    return (formulas if not problems else []), problems


@dataclass(frozen=True)
class _Known:
    """The election's ids, gathered once per file rather than once per row."""

    offices: frozenset[str]
    districts: frozenset[str]
    municipalities: frozenset[str]
    actions: frozenset[str]
    parties: frozenset[str]
    coalitions: frozenset[str]
    independent_offices: frozenset[str]

    @classmethod
    def of(cls, election: ElectionConfig, independent: Collection[str] | None) -> "_Known":
        def ids(items: Any) -> frozenset[str]:
            return frozenset(item.id for item in items)

        return cls(
            ids(election.offices),
            ids(election.districts),
            ids(election.municipalities),
            ids(election.affirmative_actions),
            ids(election.parties),
            ids(election.coalitions),
            ids(election.offices)
            if independent is None
            else frozenset(o.id for o in election.offices if is_one_of(o.name, independent)),
        )


def _references(line: int, row: RegistryRow, ids: _Known) -> list[FieldProblem]:
    found: list[FieldProblem] = []

    def problem(column: str, reason: str) -> None:
        found.append(FieldProblem(field=column, reason=reason, line=line))

    def known(column: str, value: str | None, among: frozenset[str], what: str) -> None:
        if value is not None and value not in among:
            problem(column, f"No existe {what} «{value}» en la elección.")

    known("cargo", row.cargo, ids.offices, "el cargo")
    known("distrito", row.distrito, ids.districts, "el distrito")
    known("municipio", row.municipio, ids.municipalities, "el municipio")
    known("accion_afirmativa", row.accion_afirmativa, ids.actions, "la acción afirmativa")
    if row.postulante_tipo is PostulantKind.INDEPENDENT:
        if row.postulante is not None:
            problem("postulante", "Una candidatura independiente no lleva partido ni coalición.")
        if row.cargo in ids.offices and row.cargo not in ids.independent_offices:
            problem("cargo", f"El cargo «{row.cargo}» no admite candidaturas independientes.")
    elif row.postulante is None:
        problem("postulante", "Indique el partido o la coalición que postula.")
    elif row.postulante_tipo is PostulantKind.PARTY:
        known("postulante", row.postulante, ids.parties, "el partido")
    else:
        known("postulante", row.postulante, ids.coalitions, "la coalición")
    if row.distrito is None and row.municipio is None and row.numero_lista is None:
        problem("distrito", "Indique el distrito, el municipio o el número de lista.")
    return found


def _formulas(
    parsed: list[tuple[int, RegistryRow]], capturing: dict[str, str]
) -> tuple[list[Formula], list[FieldProblem]]:
    problems: list[FieldProblem] = []
    by_key: dict[str, list[tuple[int, RegistryRow]]] = defaultdict(list)
    for line, row in parsed:
        by_key[row.clave].append((line, row))
    formulas = []
    for key, members in by_key.items():
        first_line, first = members[0]
        owners = [(ln, r) for ln, r in members if r.calidad is Quality.OWNER]
        alternates = [(ln, r) for ln, r in members if r.calidad is Quality.ALTERNATE]
        if len(owners) != 1:
            problems.append(
                FieldProblem(
                    field="calidad",
                    line=first_line,
                    reason=f"La fórmula «{key}» debe tener exactamente una persona propietaria "
                    f"(tiene {len(owners)}).",
                )
            )
        if len(alternates) > 1:
            problems.append(
                FieldProblem(
                    field="calidad",
                    line=alternates[1][0],
                    reason=f"La fórmula «{key}» tiene más de una persona suplente.",
                )
            )
        for line, row in members[1:]:
            for column in FORMULA_COLUMNS:
                if getattr(row, column) != getattr(first, column):
                    problems.append(
                        FieldProblem(
                            field=column,
                            line=line,
                            reason=f"No coincide con la línea {first_line} de la misma fórmula.",
                        )
                    )
        if len(owners) != 1 or len(alternates) > 1:
            continue
        owner = owners[0][1]
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
                alternate=_person(alternates[0][1]) if alternates else None,
                line=first_line,
            )
        )
    return formulas, problems


def _person(row: RegistryRow) -> Person:
    return Person(
        names=row.nombres,
        first_surname=row.primer_apellido,
        second_surname=row.segundo_apellido,
        nickname=row.sobrenombre,
        sex=row.sexo,
        birth_date=row.fecha_nacimiento,
    )
