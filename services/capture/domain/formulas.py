"""A formula: the *propietaria* and, where there is one, the *suplente* who stand
together for one seat, as the candidacy registry says them."""

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from contracts.events import capture as events
from services.capture.domain.errors import Refused

NO_ALTERNATE = (
    "Esta fórmula no tiene suplente: no hay cuestionarios, fotografía ni consentimiento "
    "de la persona suplente."
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
class Seat:
    """What a formula stands for: the office, and the district, municipality or place on
    a list."""

    office: str
    district: str | None
    municipality: str | None
    list_position: int | None


@dataclass(frozen=True)
class RegisteredFormula:
    """A formula as the registry says it: what capture keeps of it (as JSON, without the
    file's lines: the same formula on other lines of a new file is the same formula)."""

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

    @property
    def seat(self) -> Seat:
        return Seat(self.office, self.district, self.municipality, self.list_position)

    @property
    def persons(self) -> tuple[Person, ...]:
        return (self.owner,) if self.alternate is None else (self.owner, self.alternate)

    @property
    def people(self) -> tuple[events.Person, ...]:
        """Whose questionnaires the formula has: the owner's, and the alternate's if any."""
        if self.alternate is None:
            return (events.Person.OWNER,)
        return (events.Person.OWNER, events.Person.ALTERNATE)

    def person(self, whose: events.Person) -> Person:
        """The owner or the alternate; refused when the formula has no alternate."""
        if whose is events.Person.OWNER:
            return self.owner
        if self.alternate is None:
            raise Refused(NO_ALTERNATE)
        return self.alternate


def check_has_person(formula: RegisteredFormula, whose: events.Person) -> None:
    """A request for the alternate's questionnaires, photo or consent needs an alternate."""
    formula.person(whose)


@dataclass(frozen=True)
class Formula(RegisteredFormula):
    """A formula read from a registry file, with the line of its first row and of each
    person's."""

    line: int
    person_lines: tuple[int, ...]


FILE_ONLY = ("line", "person_lines")
"""What a formula read from a file has that the registry does not keep."""


@dataclass(frozen=True)
class Standing:
    """Where a candidacy already registered stands: its election, status and formula."""

    election_id: str
    status: Status
    formula: RegisteredFormula

    @property
    def live(self) -> bool:
        return self.status is Status.REGISTERED
