"""A national election's data for the benchmarks, deterministic from a seed.

The 32 states, each with its local districts and its municipalities (the counts of the
2024 local elections, rounded; of Oaxaca's 570 municipalities, the 153 that elect by
parties); in each, the seats a local election fills (a district's
deputy, the list of proportional representation, each municipality's presidency,
syndic and councillors by list position); six parties standing for every seat, and an
independent formula for a few. That is about 100,000 candidacies, each a formula of an
owner and an alternate, who share the formula's sex and, where the formula's
affirmative action names a group, belong to it.

Each candidacy is made from its own seed (the run's seed and its number), its answers
and photo too, so that they can be made in any process; the first N of the national list
(shuffled once, by the seed) are a fair sample of it: the scaling tables take 10,000 and
100,000 of the same list. No two people of the list share their names and birth date.

What is made of a candidacy:
- ``registry_csv``: the rows of capture's registry import (owner and alternate);
- ``curricular`` and ``identity``: each person's answers, as capture's questionnaires
  take them, every required field answered, long texts of realistic lengths
  (reference §2.1: 280 to 5,000 characters; most near the lower half);
- ``photo``: each person's own JPEG, 240×300 pixels, unlike every other;
- ``consents``: whether the owner consents to publishing the identity answers (a share
  of the formulas), and ``affirmative_action``.
``election_config`` is the national catalogue folded into one election, as capture takes
it (the ids of districts and municipalities carry their state's key)."""

import csv
import datetime as dt
import hashlib
import io
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from PIL import Image, ImageDraw

from bench import spanish_text
from contracts.questionnaires import (
    CURRICULAR,
    DEGREE_STATUS,
    EDUCATION,
    ENTITIES,
    IDENTITY,
    NO,
    NOT_APPLICABLE,
    PREFER_NOT,
    YES,
    FieldType,
    QuestionField,
)
from services.capture.domain.registry_rows import COLUMNS, age_on

SEED = 2027
ELECTION = "nacional-2027"
ELECTION_DAY = dt.date(2027, 6, 6)


@dataclass(frozen=True)
class State:
    key: str
    name: str
    districts: int
    municipalities: int


STATES = (
    State("ags", "Aguascalientes", 18, 11),
    State("bc", "Baja California", 17, 7),
    State("bcs", "Baja California Sur", 16, 5),
    State("camp", "Campeche", 21, 13),
    State("coah", "Coahuila de Zaragoza", 16, 38),
    State("col", "Colima", 16, 10),
    State("chis", "Chiapas", 24, 124),
    State("chih", "Chihuahua", 22, 67),
    State("cdmx", "Ciudad de México", 33, 16),
    State("dgo", "Durango", 15, 39),
    State("gto", "Guanajuato", 22, 46),
    State("gro", "Guerrero", 28, 85),
    State("hgo", "Hidalgo", 18, 84),
    State("jal", "Jalisco", 20, 125),
    State("mex", "Estado de México", 45, 125),
    State("mich", "Michoacán de Ocampo", 24, 113),
    State("mor", "Morelos", 12, 36),
    State("nay", "Nayarit", 18, 20),
    State("nl", "Nuevo León", 26, 51),
    State("oax", "Oaxaca", 25, 153),
    State("pue", "Puebla", 26, 217),
    State("qro", "Querétaro", 15, 18),
    State("qroo", "Quintana Roo", 15, 11),
    State("slp", "San Luis Potosí", 15, 58),
    State("sin", "Sinaloa", 24, 20),
    State("son", "Sonora", 21, 72),
    State("tab", "Tabasco", 21, 17),
    State("tamps", "Tamaulipas", 22, 43),
    State("tlax", "Tlaxcala", 15, 60),
    State("ver", "Veracruz de Ignacio de la Llave", 30, 212),
    State("yuc", "Yucatán", 15, 106),
    State("zac", "Zacatecas", 18, 58),
)  # fmt: skip
OFFICES = (
    ("diputacion-mr", "Diputación local de mayoría relativa"),
    ("diputacion-rp", "Diputación local de representación proporcional"),
    ("presidencia-municipal", "Presidencia municipal"),
    ("sindicatura", "Sindicatura"),
    ("regiduria", "Regiduría"),
)
PARTIES = (
    ("pan", "Partido Acción Nacional", "PAN"),
    ("pri", "Partido Revolucionario Institucional", "PRI"),
    ("pvem", "Partido Verde Ecologista de México", "PVEM"),
    ("pt", "Partido del Trabajo", "PT"),
    ("mc", "Movimiento Ciudadano", "MC"),
    ("morena", "Morena", "MORENA"),
)
AFFIRMATIVE_ACTIONS = (
    ("indigena", "Persona indígena"),
    ("discapacidad", "Persona con discapacidad"),
    ("afromexicana", "Persona afromexicana"),
    ("lgbt", "Persona de la diversidad sexual"),
    ("migrante", "Persona migrante"),
    ("joven", "Persona joven"),
)
# The share of formulas standing for each affirmative action, and of those whose owner
# consents to publishing the identity answers.
ACTION_SHARES = (0.06, 0.02, 0.02, 0.03, 0.01, 0.08)
CONSENT_SHARE = 0.35
INDEPENDENT_SHARE = 0.05  # of presidencies and districts' deputies
PEOPLES = ("Zapoteco", "Mixteco", "Náhuatl", "Maya", "Tsotsil", "Otomí", "Totonaco")


@dataclass(frozen=True)
class Person:
    names: str
    first_surname: str
    second_surname: str
    sex: str
    born: dt.date


@dataclass(frozen=True)
class Candidacy:
    number: int
    state: State
    office: str
    district: str | None
    municipality: str | None
    list_position: int | None
    postulant: str | None  # None: an independent formula
    owner: Person
    alternate: Person
    affirmative_action: str | None
    consents: bool

    @property
    def key(self) -> str:
        return f"C{self.number:06d}"

    def person(self, quality: str) -> Person:
        return self.owner if quality == "propietaria" else self.alternate


@dataclass(frozen=True)
class _Seat:
    state: State
    office: str
    district: str | None
    municipality: str | None
    list_position: int | None
    postulant: str | None


def district_id(state: State, n: int) -> str:
    return f"{state.key}-d{n:02d}"


def municipality_id(state: State, n: int) -> str:
    return f"{state.key}-m{n:03d}"


def _councillors(n: int) -> int:
    return 4 + n % 5  # 4 to 8: a small municipality's council to a large one's


def _state_seats(state: State) -> Iterator[tuple[str, str | None, str | None, int | None]]:
    for d in range(1, state.districts + 1):
        yield "diputacion-mr", district_id(state, d), None, None
    for position in range(1, state.districts * 2 // 3 + 1):
        # The state's list; in the catalogue folded into one election, named by the
        # state's first district, so that each state's list is a place of its own.
        yield "diputacion-rp", district_id(state, 1), None, position
    for m in range(1, state.municipalities + 1):
        place = municipality_id(state, m)
        yield "presidencia-municipal", None, place, None
        yield "sindicatura", None, place, None
        for position in range(1, _councillors(m) + 1):
            yield "regiduria", None, place, position


@cache
def _seats(seed: int) -> tuple[_Seat, ...]:
    rng = random.Random(seed)
    seats: list[_Seat] = []
    for state in STATES:
        for office, district, municipality, position in _state_seats(state):
            for party, _, _ in PARTIES:
                seats.append(_Seat(state, office, district, municipality, position, party))
            single = office in ("diputacion-mr", "presidencia-municipal")
            if single and rng.random() < INDEPENDENT_SHARE:
                seats.append(_Seat(state, office, district, municipality, position, None))
    rng.shuffle(seats)
    return tuple(seats)


def national_size(seed: int = SEED) -> int:
    """How many candidacies the national list holds."""
    return len(_seats(seed))


def _born(rng: random.Random, action: str | None) -> dt.date:
    young = action == "joven"
    age = rng.randint(21, 29) if young else min(85, max(21, int(rng.gauss(45, 12))))
    return ELECTION_DAY - dt.timedelta(days=365 * age + rng.randint(0, 364))


def _person(rng: random.Random, sex: str, action: str | None) -> Person:
    pool = {
        "Mujer": spanish_text.WOMEN,
        "Hombre": spanish_text.MEN,
    }.get(sex, spanish_text.WOMEN + spanish_text.MEN)
    given = rng.choice(pool)
    if rng.random() < 0.4:
        given += " " + rng.choice(pool)
    return Person(
        names=given,
        first_surname=rng.choice(spanish_text.SURNAMES),
        second_surname=rng.choice(spanish_text.SURNAMES),
        sex=sex,
        born=_born(rng, action),
    )


def _make(seed: int, number: int, seat: _Seat) -> Candidacy:
    rng = random.Random(f"{seed}:{number}")
    draw = rng.random()
    action: str | None = None
    for (name, _), share in zip(AFFIRMATIVE_ACTIONS, ACTION_SHARES, strict=True):
        if draw < share:
            action = name
            break
        draw -= share
    sex = rng.choices(("Mujer", "Hombre", "No binaria"), weights=(50, 49, 1))[0]
    return Candidacy(
        number=number,
        state=seat.state,
        office=seat.office,
        district=seat.district,
        municipality=seat.municipality,
        list_position=seat.list_position,
        postulant=seat.postulant,
        owner=_person(rng, sex, action),
        alternate=_person(rng, sex, action),
        affirmative_action=action,
        consents=rng.random() < CONSENT_SHARE,
    )


def _unique(person: Person, seen: set[tuple[str, str, str, dt.date]]) -> Person:
    """The person, born a day earlier as often as it takes for nobody else of the list to
    share their names and birth date (the registry's mark of the same person)."""
    while (key := (person.names, person.first_surname, person.second_surname, person.born)) in seen:
        person = replace(person, born=person.born - dt.timedelta(days=1))
    seen.add(key)
    return person


@cache
def _national(seed: int) -> tuple[Candidacy, ...]:
    seen: set[tuple[str, str, str, dt.date]] = set()
    made = []
    for number, seat in enumerate(_seats(seed), start=1):
        candidacy = _make(seed, number, seat)
        owner, alternate = _unique(candidacy.owner, seen), _unique(candidacy.alternate, seen)
        made.append(replace(candidacy, owner=owner, alternate=alternate))
    return tuple(made)


def candidacies(count: int | None = None, seed: int = SEED, first: int = 1) -> Iterator[Candidacy]:
    """Candidacies ``first`` to ``first + count - 1`` of the national list (all of it when
    ``count`` is None), numbered from 1. The whole list is made once per process (about
    6 s), because no two of its people may be the same person."""
    made = _national(seed)
    last = len(made) if count is None else min(len(made), first + count - 1)
    yield from made[first - 1 : last]


def _rng(candidacy: Candidacy, quality: str, what: str) -> random.Random:
    return random.Random(f"{candidacy.number}:{quality}:{what}")


def _length(rng: random.Random, low: int, high: int) -> int:
    """A long answer's length: most people write a few hundred characters more than the
    minimum asks; a few write near the maximum."""
    return min(high - 50, int(low * 1.2 + rng.expovariate(1 / (0.15 * (high - low)))))


def _handle(candidacy: Candidacy, quality: str) -> str:
    person = candidacy.person(quality)
    plain = f"{person.first_surname}{candidacy.number}{quality[0]}".lower()
    return plain.translate(str.maketrans("áéíóúüñ", "aeiouun"))


def curricular(candidacy: Candidacy, quality: str, photo_sha256: str) -> dict[str, Any]:
    """A person's curricular answers, every required field answered, ``fotografia`` the
    digest of the photo the caller stored (see ``photo``)."""
    rng = _rng(candidacy, quality, "curricular")
    handle = _handle(candidacy, quality)
    degree = rng.choice(EDUCATION)
    answers: dict[str, Any] = {
        "fotografia": photo_sha256,
        "facebook": f"https://www.facebook.com/{handle}",
        "correos_publicos": [f"{handle}@correo.mx"],
        "telefonos_publicos": [f"55 {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}"],
        "grado_maximo_estudios": degree,
        "cursos": [
            spanish_text.proposal(rng, rng.randint(60, 200))[:200] for _ in range(rng.randint(0, 4))
        ],
        "historia_profesional_laboral": spanish_text.career(rng, _length(rng, 280, 5000)),
        "trayectoria_politica": spanish_text.trajectory(rng, _length(rng, 280, 5000)),
        "propuesta_1": spanish_text.proposal(rng, _length(rng, 280, 1600)),
        "propuesta_2": spanish_text.proposal(rng, _length(rng, 280, 1600)),
        "propuesta_genero_grupo": spanish_text.proposal(rng, _length(rng, 280, 1600)),
        "correo_aclaraciones": f"aclaraciones.{handle}@correo.mx",
    }
    if rng.random() < 0.6:
        answers["motivo_cargo_publico"] = spanish_text.motive(rng, _length(rng, 280, 5000))
    if rng.random() < 0.5:
        answers["x_twitter"] = f"https://x.com/{handle}"
    if rng.random() < 0.3:
        answers["pagina_web"] = f"https://{handle}.mx"
    status = CURRICULAR.field("estatus_grado").applies_when
    if status is not None and degree in status.values:
        answers["estatus_grado"] = rng.choice(DEGREE_STATUS)
    return answers


def _applies(spec: QuestionField, answers: dict[str, str]) -> bool:
    condition = spec.applies_when
    return condition is None or answers.get(condition.field) in condition.values


def identity(candidacy: Candidacy, quality: str) -> dict[str, str]:
    """A person's identity answers: the formula's affirmative action answered Sí, the age
    groups as the birth date says, a few answers «Prefiero no contestar»."""
    rng = _rng(candidacy, quality, "identidad")
    person = candidacy.person(quality)
    age = age_on(ELECTION_DAY, person.born)
    action = candidacy.affirmative_action
    decided = {
        "indigena": YES if action == "indigena" or rng.random() < 0.08 else NO,
        "discapacidad": YES if action == "discapacidad" or rng.random() < 0.03 else NO,
        "afromexicana": YES if action == "afromexicana" or rng.random() < 0.02 else NO,
        "lgbtttiq": YES if action == "lgbt" or rng.random() < 0.04 else NO,
        "migrante": YES if action == "migrante" or rng.random() < 0.02 else NO,
        "poblacion_joven": YES if age < 30 else NO,
        "persona_mayor": YES if age >= 60 else NO,
        "pueblo_indigena": rng.choice(PEOPLES),
        "entidad_nacimiento": rng.choice(ENTITIES),
        "pais_residencia": "Estados Unidos de América",
    }
    answers: dict[str, str] = {}
    for spec in IDENTITY.fields:
        if not _applies(spec, answers):
            if spec.applies_when is not None and spec.required:
                answers[spec.name] = NOT_APPLICABLE
            continue
        if not spec.required:
            continue
        if spec.prefer_not and spec.name not in decided and rng.random() < 0.05:
            answers[spec.name] = PREFER_NOT
        elif spec.name in decided:
            answers[spec.name] = decided[spec.name]
        elif spec.type is FieldType.CHOICE:
            answers[spec.name] = rng.choice(spec.options)
        else:
            answers[spec.name] = spanish_text.proposal(rng, 40)[:60]
    return answers


def photo(candidacy: Candidacy, quality: str) -> bytes:
    """The person's photo: a JPEG of 240×300 pixels, a portrait's shapes in colours of its
    own and the candidacy's number drawn in, so that no two are alike."""
    rng = _rng(candidacy, quality, "foto")
    image = Image.new("RGB", (240, 300), tuple(rng.randint(150, 240) for _ in range(3)))
    draw = ImageDraw.Draw(image)
    skin = tuple(rng.randint(120, 220) for _ in range(3))
    draw.ellipse((70, 50, 170, 170), fill=skin)
    draw.rectangle((40, 190, 200, 300), fill=tuple(rng.randint(20, 120) for _ in range(3)))
    draw.text((10, 10), f"{candidacy.key} {quality}", fill=(0, 0, 0))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80)
    return out.getvalue()


def photo_sha256(candidacy: Candidacy, quality: str) -> str:
    return hashlib.sha256(photo(candidacy, quality)).hexdigest()


def registry_csv(chosen: Iterable[Candidacy]) -> bytes:
    """Capture's registry file for these candidacies: two rows a formula."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for candidacy in chosen:
        for quality in ("propietaria", "suplente"):
            person = candidacy.person(quality)
            writer.writerow(
                {
                    "clave": candidacy.key,
                    "cargo": candidacy.office,
                    "distrito": candidacy.district or "",
                    "municipio": candidacy.municipality or "",
                    "numero_lista": candidacy.list_position or "",
                    "postulante_tipo": "partido" if candidacy.postulant else "independiente",
                    "postulante": candidacy.postulant or "",
                    "calidad": quality,
                    "nombres": person.names,
                    "primer_apellido": person.first_surname,
                    "segundo_apellido": person.second_surname,
                    "sexo": person.sex,
                    "fecha_nacimiento": person.born.isoformat(),
                    "accion_afirmativa": candidacy.affirmative_action or "",
                    "estatus": "registrada",
                }
            )
    return out.getvalue().encode()


def election_config(election_id: str = ELECTION, profile: str = "tabasco") -> dict[str, Any]:
    """The national catalogue folded into one election, as capture's ``election.configure``
    takes it."""
    return {
        "election_id": election_id,
        "name": "Proceso Electoral Local 2026-2027 (conjunto nacional de prueba)",
        "profile": profile,
        "offices": [{"id": office, "name": name} for office, name in OFFICES],
        "districts": [
            {"id": district_id(s, n), "name": f"Distrito {n} de {s.name}"}
            for s in STATES
            for n in range(1, s.districts + 1)
        ],
        "municipalities": [
            {"id": municipality_id(s, n), "name": f"Municipio {n} de {s.name}"}
            for s in STATES
            for n in range(1, s.municipalities + 1)
        ],
        "parties": [{"id": p, "name": name, "acronym": a} for p, name, a in PARTIES],
        "affirmative_actions": [{"id": a, "name": name} for a, name in AFFIRMATIVE_ACTIONS],
        "calendar": {"publication_starts": "2027-04-01", "election_day": str(ELECTION_DAY)},
    }
