"""What the registry template's «Instrucciones» sheet says, in the election's own terms:
what one row is, which columns are required and what each takes, a formula of two rows
as an example (here, never in the sheet to fill), substitutions, that the import is all
or nothing, and what the law asks that the configuration says (minimum ages on election
day, the formula's parity, the offices open to independents)."""

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from contracts.capture import REGISTRY_COLUMN_LABELS, ElectionConfig
from contracts.profile import FormulaSexes, InstituteProfile
from contracts.spanish_dates import long_date
from services.capture.domain.ages import born_by
from services.capture.domain.formulas import PostulantKind, Quality, Sex, Status
from services.capture.domain.offices import is_one_of
from services.capture.domain.registry_rows import (
    COLUMNS,
    FORMULA_COLUMNS,
)
from services.capture.domain.registry_values import KIND_LABELS, QUALITY_LABELS, STATUS_LABELS

Value = str | int | dt.date | None


class Emphasis(StrEnum):
    TITLE = "title"
    HEADING = "heading"
    PLAIN = "plain"


@dataclass(frozen=True)
class Line:
    text: str
    emphasis: Emphasis = Emphasis.PLAIN


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[list[Value]] = field(default_factory=list)


Block = Line | Table

REQUIRED = {
    "clave": "Sí",
    "cargo": "Sí",
    "distrito": "Una de las tres",
    "municipio": "Una de las tres",
    "numero_lista": "Una de las tres",
    "postulante_tipo": "Sí",
    "postulante": "Sí, salvo independientes",
    "calidad": "Sí",
    "nombres": "Sí",
    "primer_apellido": "Sí",
    "segundo_apellido": "No",
    "sobrenombre": "No",
    "sexo": "Sí",
    "fecha_nacimiento": "Sí",
    "accion_afirmativa": "No",
    "estatus": "No (vacío: Registrada)",
    "sustituye_a": "Solo en una sustitución",
}


def _listed(labels: list[str]) -> str:
    return ", ".join(labels[:-1]) + " o " + labels[-1]


WHAT = {
    "clave": "La clave de la fórmula: letras sin acentos, números, guion, guion bajo o "
    "punto, hasta 60, empezando por letra o número. Las dos filas de la fórmula la repiten.",
    "cargo": "Uno de los cargos de la elección (lista).",
    "distrito": "El distrito de la candidatura (lista). De Distrito, Municipio y Número de "
    "lista, escriba al menos uno.",
    "municipio": "El municipio de la candidatura (lista).",
    "numero_lista": "El lugar en la lista de representación proporcional, de 1 a 500.",
    "postulante_tipo": _listed(list(KIND_LABELS.values())) + " (lista).",
    "postulante": "Las siglas del partido o el nombre de la coalición o candidatura común "
    "(lista); vacío en una candidatura independiente.",
    "calidad": "Propietaria en la fila de quien encabeza la fórmula; Suplente en la de su "
    "suplente (lista).",
    "nombres": "El nombre o los nombres de la persona.",
    "primer_apellido": "El primer apellido.",
    "segundo_apellido": "El segundo apellido, si lo tiene.",
    "sobrenombre": "El sobrenombre, si lo tiene.",
    "sexo": _listed([sex.value for sex in Sex]) + " (lista).",
    "fecha_nacimiento": "Día, mes y año: dd/mm/aaaa, por ejemplo 15/06/1984.",
    "accion_afirmativa": "La acción afirmativa por la que se postula la fórmula, si la hay "
    "(lista).",
    "estatus": _listed(list(STATUS_LABELS.values())) + " (lista); vacío es Registrada.",
    "sustituye_a": "En la fórmula que sustituye a otra, la Clave de la sustituida.",
}
PARITY = {
    FormulaSexes.SAME: "La persona suplente es del mismo sexo que la propietaria; una "
    "persona no binaria puede integrar cualquier fórmula.",
    FormulaSexes.SAME_OR_WOMAN_ALTERNATE: "La persona suplente es del mismo sexo que la "
    "propietaria, salvo que en una fórmula encabezada por un hombre la suplente puede ser "
    "una mujer; una persona no binaria puede integrar cualquier fórmula.",
}


def instructions(election: ElectionConfig, profile: InstituteProfile) -> list[Block]:
    shared = ", ".join(REGISTRY_COLUMN_LABELS[column] for column in FORMULA_COLUMNS)
    owner, alternate = _example(election)
    return [
        Line(f"Registro de candidaturas — {election.name}", Emphasis.TITLE),
        Line(
            "Llene la hoja «Registro» e importe este archivo como Excel (XLSX) en la consola, "
            "página Registro de candidaturas."
        ),
        Line("Una fila por persona", Emphasis.HEADING),
        Line(
            "Cada fila es una persona de una fórmula: la propietaria y, si la fórmula la "
            "tiene, su suplente, en la fila siguiente."
        ),
        Line(
            "Las dos filas de una fórmula llevan la misma Clave y los mismos datos de la fórmula:"
        ),
        Line(f"{shared}."),
        Line(
            "Entre ellas solo cambian la Calidad (Propietaria, Suplente) y los datos de la persona."
        ),
        Line("En las columnas con lista, elija el valor de la lista; la hoja «Listas» los reúne."),
        Line("Fecha de nacimiento: dd/mm/aaaa (día/mes/año), por ejemplo 15/06/1984."),
        *_the_law(election, profile),
        Line(
            "Las columnas, con una fórmula de ejemplo (no la copie a la hoja «Registro»)",
            Emphasis.HEADING,
        ),
        Table(
            ["Columna", "Obligatoria", "Qué escribir", "Fila 1 del ejemplo", "Fila 2 del ejemplo"],
            [
                [REGISTRY_COLUMN_LABELS[c], REQUIRED[c], WHAT[c], owner[c], alternate[c]]
                for c in COLUMNS
            ],
        ),
        Line("Sustituciones y cancelaciones", Emphasis.HEADING),
        Line(
            "Una sustitución es una fórmula nueva, con su propia Clave, Estatus «Registrada» "
            "y, en «Sustituye a», la Clave de la fórmula que sustituye."
        ),
        Line(
            "Si el archivo trae también las filas de la fórmula sustituida, su Estatus es "
            "«Sustituida»."
        ),
        Line(
            "Para cancelar una fórmula sin sustituirla, cambie a «Cancelada» el Estatus de "
            "sus filas."
        ),
        Line("La importación es todo o nada", Emphasis.HEADING),
        Line(
            "Si una fila tiene un problema, no se importa ninguna: la página lista cada problema "
            "con su línea, su columna y el motivo. Corrija el archivo e impórtelo de nuevo."
        ),
        Line(
            "Importar dos veces el mismo archivo no cambia nada. Una fórmula ya importada se "
            "actualiza con lo que diga el archivo; las que el archivo no trae quedan como estaban."
        ),
    ]


def _the_law(election: ElectionConfig, profile: InstituteProfile) -> list[Block]:
    """What the law asks of a formula, where the configuration says it."""
    blocks: list[Block] = []
    day = election.calendar.election_day
    ages = [(office.name, office.minimum_age) for office in election.offices]
    aged = [(name, years) for name, years in ages if years is not None]
    if aged:
        blocks.append(Line("Edad mínima el día de la elección", Emphasis.HEADING))
        if day is not None:
            blocks.append(Line(f"La jornada electoral es el {long_date(day)}."))
        blocks.append(
            Table(
                ["Cargo", "Años cumplidos", "Personas nacidas a más tardar el"],
                [[name, years, born_by(years, day) if day else "—"] for name, years in aged],
            )
        )
    parity = PARITY.get(profile.registry.formula_sexes)
    if parity is not None:
        blocks += [Line("Paridad en la fórmula", Emphasis.HEADING), Line(parity)]
    if profile.independent_offices is not None:
        kinds = profile.independent_offices
        open_to = [o.name for o in election.offices if is_one_of(o.name, kinds)]
        blocks += [
            Line("Candidaturas independientes", Emphasis.HEADING),
            Line(
                "Una candidatura independiente deja vacío «Partido o coalición» y solo se "
                f"registra para: {', '.join(open_to) or 'ningún cargo de esta elección'}."
            ),
        ]
    return blocks


def _example(election: ElectionConfig) -> tuple[dict[str, Value], dict[str, Value]]:
    """A formula of two rows in the election's own terms, its people plainly made up."""
    place: dict[str, Value]
    if election.districts:
        place = {"distrito": election.districts[0].name}
    elif election.municipalities:
        place = {"municipio": election.municipalities[0].name}
    else:
        place = {"numero_lista": 1}
    formula: dict[str, Value] = dict.fromkeys(COLUMNS, None)
    formula |= place | {
        "clave": "EJEMPLO-1",
        "cargo": election.offices[0].name,
        "postulante_tipo": KIND_LABELS[PostulantKind.PARTY],
        "postulante": election.parties[0].acronym,
        "primer_apellido": "Apellido de ejemplo",
        "sexo": Sex.WOMAN.value,
        "estatus": STATUS_LABELS[Status.REGISTERED],
    }
    owner = formula | {
        "calidad": QUALITY_LABELS[Quality.OWNER],
        "nombres": "Nombre de ejemplo",
        "fecha_nacimiento": dt.date(1984, 6, 15),
    }
    alternate = formula | {
        "calidad": QUALITY_LABELS[Quality.ALTERNATE],
        "nombres": "Otro nombre de ejemplo",
        "fecha_nacimiento": dt.date(1990, 3, 2),
    }
    return owner, alternate
