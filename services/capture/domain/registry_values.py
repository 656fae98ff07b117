"""What a registry file's cells mean, as people type them: dates in the Mexican way or as
Excel keeps them, values in any case and with or without accents, parties by name or
acronym, offices by label, numbers where text was meant.

Each cell is read into the value the registry rules check (``registry_rows.py``), or a
problem in Spanish that says what was expected. What had to be read another way is
counted, so the import can say what it normalised.
"""

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from contracts.capture import ElectionConfig
from contracts.spanish_dates import MONTHS
from services.capture.domain.formulas import PostulantKind, Quality, Sex, Status
from services.capture.domain.text_keys import compact, tidy

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})(?: .*)?$")
_FIRST_NUMBER = re.compile(r"\d+")
EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 1 is 1900-01-01 (Excel counts a 29/02/1900)
SERIALS = range(1, 80_000)  # up to 2119: a birth date as Excel keeps it in a number cell
DATE_FORMAT = "dd/mm/aaaa (por ejemplo, 12/04/1985) o aaaa-mm-dd"
FORMULA_LEADS = ("=", "+", "-", "@")
NAME_COLUMNS = ("nombres", "primer_apellido", "segundo_apellido", "sobrenombre")


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


@dataclass(frozen=True)
class _Choice:
    """A column whose cell is one of a few values: each value's spellings, and how the
    reason lists them."""

    what: str
    spellings: Mapping[str, StrEnum]
    labels: Mapping[StrEnum, str]

    @property
    def listed(self) -> str:
        labels = list(self.labels.values())
        return ", ".join(labels[:-1]) + " o " + labels[-1]

    def as_written(self, text: str, value: StrEnum) -> bool:
        """Whether ``text`` is the value as the template offers it or as its code."""
        return text == value or text == self.labels[value]  # a StrEnum is its value's text


def _choice(
    what: str, values: Mapping[StrEnum, Iterable[str]], labels: Mapping[Any, str]
) -> _Choice:
    spellings = {compact(v.value): v for v in values}
    spellings |= {compact(label): v for v, label in labels.items()}
    for value, others in values.items():
        spellings |= {compact(other): value for other in others}
    return _Choice(what, spellings, labels)


CHOICES = {
    "postulante_tipo": _choice(
        "un tipo de postulación",
        {
            PostulantKind.PARTY: ("Partido", "Partido político"),
            PostulantKind.COALITION: ("Coalición", "Candidatura común", "Común"),
            PostulantKind.INDEPENDENT: ("Independiente", "Candidatura independiente"),
        },
        KIND_LABELS,
    ),
    "calidad": _choice(
        "una calidad",
        {
            Quality.OWNER: ("Propietario", "Propietario/a", "Propietaria/o", "P"),
            Quality.ALTERNATE: ("Suplencia", "S"),
        },
        QUALITY_LABELS,
    ),
    "sexo": _choice(
        "un sexo",
        {  # M and H as the CURP writes them
            Sex.WOMAN: ("M", "Femenino", "F"),
            Sex.MAN: ("H", "Masculino"),
            Sex.NON_BINARY: ("No binaria", "Persona no binaria", "NB", "X"),
        },
        {sex: sex.value for sex in Sex},
    ),
    "estatus": _choice(
        "un estatus",
        {
            Status.REGISTERED: ("Registrado", "Aprobada", "Aprobado", "Vigente"),
            Status.SUBSTITUTED: ("Sustituido", "Substituida", "Substituido"),
            Status.CANCELLED: ("Cancelado",),
        },
        STATUS_LABELS,
    ),
}


@dataclass(frozen=True)
class _Catalogue:
    """One list of the election (offices, districts…): each item's id under every key
    that names it; a key that names two items names neither."""

    what: str
    by_key: Mapping[str, str | None]
    by_number: Mapping[int, str | None]

    @classmethod
    def of(
        cls, what: str, items: Iterable[tuple[str, Iterable[str]]], numbered: bool = False
    ) -> "_Catalogue":
        by_key: dict[str, str | None] = {}
        by_number: dict[int, str | None] = {}

        def add(table: dict[Any, str | None], key: Any, item: str) -> None:
            table[key] = item if table.get(key, item) == item else None

        for item, names in items:
            for name in (item, *names):
                add(by_key, compact(name), item)
            if numbered:
                for name in {item, *names}:
                    if number := _FIRST_NUMBER.search(name):
                        add(by_number, int(number.group()), item)
        return cls(what, by_key, by_number)

    def find(self, text: str) -> tuple[str | None, bool]:
        """The item ``text`` names, and whether it names more than one."""
        key = compact(text)
        if key in self.by_key:
            return self.by_key[key], self.by_key[key] is None
        if key.isdigit() and int(key) in self.by_number:
            return self.by_number[int(key)], self.by_number[int(key)] is None
        return None, False


@dataclass(frozen=True)
class Catalogues:
    offices: _Catalogue
    districts: _Catalogue
    municipalities: _Catalogue
    actions: _Catalogue
    parties: _Catalogue
    coalitions: _Catalogue

    @classmethod
    def of(cls, election: ElectionConfig) -> "Catalogues":
        return cls(
            _Catalogue.of("el cargo", ((o.id, (o.name,)) for o in election.offices)),
            _Catalogue.of(
                "el distrito", ((d.id, (d.name,)) for d in election.districts), numbered=True
            ),
            _Catalogue.of("el municipio", ((m.id, (m.name,)) for m in election.municipalities)),
            _Catalogue.of(
                "la acción afirmativa", ((a.id, (a.name,)) for a in election.affirmative_actions)
            ),
            _Catalogue.of("el partido", ((p.id, (p.name, p.acronym)) for p in election.parties)),
            _Catalogue.of("la coalición", ((c.id, (c.name,)) for c in election.coalitions)),
        )


@dataclass
class Interpreted:
    """What the cells of a file were read as, beyond what they said: counted by kind,
    with the first example of each, for the notes of the import."""

    counts: Counter[str] = field(default_factory=Counter)
    examples: dict[str, str] = field(default_factory=dict)

    def saw(self, kind: str, example: str) -> None:
        self.counts[kind] += 1
        self.examples.setdefault(kind, example)

    def add(self, other: "Interpreted") -> None:
        """What another share of the same file's rows was read as (its examples only
        where this one has none)."""
        self.counts += other.counts
        for kind, example in other.examples.items():
            self.examples.setdefault(kind, example)

    def notes(self) -> list[str]:
        said = {
            "day_first": "fechas escritas dd/mm/aaaa",
            "serial": "fechas guardadas por Excel como número",
            "number_as_text": "claves o datos escritos como número",
            "spelling": "valores escritos de otra forma",
            "label": "cargos, distritos, municipios, partidos o acciones por su nombre",
            "name": "nombres con espacios de más o acentos en otra forma Unicode",
        }
        notes = []
        for kind, text in said.items():
            if count := self.counts[kind]:
                example = self.examples[kind]
                notes.append(f"Se leyeron {count} {text} (por ejemplo, {example}).")
        return notes


class CellProblem(Exception):
    """A cell that cannot be read; the message says what was expected."""


def birth_date(value: Any, seen: Interpreted) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _serial(value, seen)
    text = str(value).strip()
    if text.isdigit():
        return _serial(int(text), seen)
    if match := _ISO.match(text):
        year, month, day = (int(g) for g in match.groups())
        return _date(year, month, day, text)
    if match := _DAY_FIRST.match(text):
        day, month, year = (int(g) for g in match.groups())
        if len(match.group(3)) != 4:
            raise CellProblem(f"Escriba el año con cuatro cifras: {DATE_FORMAT}.")
        if month > 12 >= day:
            raise CellProblem(
                f"«{text}» parece escrita mes/día/año; escriba la fecha como {DATE_FORMAT}."
            )
        found = _date(year, month, day, text)
        seen.saw("day_first", f"«{text}» como el {_said(found)}")
        return found
    raise CellProblem(f"Escriba la fecha como {DATE_FORMAT}.")


def _said(day: dt.date) -> str:
    return f"{day.day} de {MONTHS[day.month - 1]} de {day.year}"


def _date(year: int, month: int, day: int, text: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise CellProblem(f"La fecha «{text}» no existe en el calendario.") from None


def _serial(number: float, seen: Interpreted) -> dt.date:
    if not float(number).is_integer() or int(number) not in SERIALS:
        raise CellProblem(f"Escriba la fecha como {DATE_FORMAT}.")
    found = EXCEL_EPOCH + dt.timedelta(days=int(number))
    seen.saw("serial", f"{int(number)} como el {_said(found)}")
    return found


def chosen(column: str, value: Any, seen: Interpreted) -> StrEnum:
    choice = CHOICES[column]
    text = str(value).strip()
    found = choice.spellings.get(compact(text))
    if found is None:
        raise CellProblem(f"«{text}» no es {choice.what}: escriba {choice.listed}.")
    if not choice.as_written(text, found):
        seen.saw("spelling", f"«{text}» como «{choice.labels[found]}»")
    return found


def looked_up(catalogue: _Catalogue, value: Any, seen: Interpreted) -> str:
    text = str(value).strip()
    found, ambiguous = catalogue.find(text)
    if ambiguous:
        raise CellProblem(
            f"«{text}» puede ser más de uno de la elección; escriba la clave de {catalogue.what}."
        )
    if found is None:
        raise CellProblem(f"No existe {catalogue.what} «{text}» en la elección.")
    if text != found:
        seen.saw("label", f"«{text}» como «{found}»")
    return found


def text_cell(column: str, value: Any, seen: Interpreted) -> str:
    """A cell meant as text: a number typed there is its digits; a name is tidied."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        text = str(int(value)) if float(value).is_integer() else str(value)
        seen.saw("number_as_text", f"{text} en «{column}»")
        return text
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if text.startswith("'") and text[1:2] in FORMULA_LEADS:
        text = text[1:]  # a spreadsheet's quote that kept a text from running as a formula
    if column in NAME_COLUMNS:
        tidied = tidy(text)
        if tidied != text.strip():
            seen.saw("name", f"«{tidied}»")
        return tidied
    return text.strip()
