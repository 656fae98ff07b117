"""The open data's tables (issue 15 item 4): the public profiles as rows, and the data
dictionary that describes each column.

Three tables, their column names close to what INE's ``baseDatosCandidatos`` published
(domain/reference.md §4: ``partido_coalicion``, ``cargo``, ``distrito``, ``municipio``,
``num_lista_o_formula``, ``nombre_candidato``, ``tipo_candidato``, ``edad``, ``sexo``,
``escolaridad``, ``propuesta_1``…):

- ``candidaturas``: one row per person of each formula (the owner, then the alternate),
  who postulates them, the office and where;
- ``curricular``: one row per person of each formula (``calidad``: the owner, then the
  alternate), every public curricular answer of that person (DESIGN §4);
- ``identidad``: one row per person with a public identity answer, and only those
  answers (the rules of what may be public were applied before the profile was).

``calidad`` says whose the answers are with the words ``tipo_candidato`` uses in
``candidaturas``, so the three tables join on the candidacy and the person.

What is not in a ``PublicProfile`` never reaches a row: the tables are made from the
public documents alone. A list answer (e-mails, phones, addresses, courses) is one cell,
its items joined by ``LIST_SEPARATOR``. Times are UTC, ISO 8601.
"""

import hashlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson

from contracts.events.capture import (
    ElectionCatalogue,
    PartyInfo,
    PublicCurricular,
    PublicIdentity,
)
from contracts.publication import PublicProfile
from contracts.questionnaires import CURRICULAR, IDENTITY

Cell = str | int | float | None
Row = dict[str, Cell]
LIST_SEPARATOR = " | "
EMPTY = "Vacío cuando la candidatura no proporcionó la información o no es pública."

LICENCE = "CC-BY-4.0"
LICENCE_TITLE = "Creative Commons Atribución 4.0 Internacional"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/deed.es"
"""Why CC BY 4.0: the data are public by law and meant to be reused by anyone (press,
academia, other institutes) for any purpose, so the licence asks only that the source be
cited; it is the licence Mexico's open data policy recognises as compatible with its
«Libre Uso MX» terms, it has an SPDX identifier machines understand, and it is the one
Frictionless and most open data portals offer by default."""


@dataclass(frozen=True)
class Column:
    name: str
    title: str
    description: str
    type: str = "string"
    """A Frictionless Table Schema type: string, integer, number, datetime."""


@dataclass(frozen=True)
class TableSpec:
    name: str
    title: str
    description: str
    columns: tuple[Column, ...]


@dataclass(frozen=True)
class Table:
    spec: TableSpec
    rows: list[Row]


@dataclass(frozen=True)
class ElectionNames:
    """The names the rows show beside the catalogue's ids."""

    offices: Mapping[str, str]
    districts: Mapping[str, str]
    municipalities: Mapping[str, str]
    parties: Mapping[str, str]
    coalitions: Mapping[str, str]

    @classmethod
    def of(cls, parties: Iterable[PartyInfo], catalogue: ElectionCatalogue) -> "ElectionNames":
        return cls(
            offices={e.id: e.name for e in catalogue.offices},
            districts={e.id: e.name for e in catalogue.districts},
            municipalities={e.id: e.name for e in catalogue.municipalities},
            parties={p.id: p.acronym for p in parties},
            coalitions={c.id: c.name for c in catalogue.coalitions},
        )

    def digest(self) -> str:
        """What a profile's rows were made with: these names, the tables' columns and
        ``ROWS_VERSION`` (rows kept from another are made again). Computed on every
        profile publication writes: orjson, not ``json`` (a national catalogue's 2,500
        names take the latter 11 ms)."""
        made_with = (
            ROWS_VERSION,
            [[c.name for c in spec.columns] for spec in TABLES],
            [self.offices, self.districts, self.municipalities, self.parties, self.coalitions],
        )
        text = orjson.dumps(made_with, option=orjson.OPT_SORT_KEYS)
        return hashlib.sha256(text).hexdigest()[:32]


def _c(name: str, title: str, description: str, kind: str = "string") -> Column:
    return Column(name, title, description, kind)


_KEYS = (
    _c("id_candidatura", "Identificador de la candidatura", "Identificador en Conóceles."),
    _c("clave_formula", "Clave de la fórmula", "Clave de la fórmula en el registro."),
)
_QUALITY = _c(
    "calidad",
    "Calidad",
    "De qué persona de la fórmula son las respuestas: Propietaria o Suplente (como "
    "tipo_candidato en la tabla de candidaturas).",
)
_NAME = _c(
    "nombre_candidato",
    "Nombre completo",
    "Nombre y apellidos de la persona (la propietaria o la suplente, según la calidad).",
)

CANDIDACIES = TableSpec(
    name="candidaturas",
    title="Candidaturas",
    description="Una fila por persona de cada fórmula: la propietaria y, en su caso, la "
    "suplente; quién la postula, el cargo y su demarcación.",
    columns=(
        *_KEYS,
        _c("tipo_candidato", "Tipo de candidatura", "Propietaria o Suplente."),
        _c(
            "partido_coalicion",
            "Partido o coalición",
            "Siglas del partido o nombre de la coalición que postula; «Candidatura "
            "independiente» si no la postula un partido.",
        ),
        _c("tipo_postulacion", "Tipo de postulación", "Partido, Coalición o Independiente."),
        _c("id_cargo", "Identificador del cargo", "Identificador del cargo en el catálogo."),
        _c("cargo", "Cargo", "Cargo al que se postula."),
        _c("id_distrito", "Identificador del distrito", "Vacío si el cargo no es distrital."),
        _c("distrito", "Distrito", "Vacío si el cargo no es distrital."),
        _c("id_municipio", "Identificador del municipio", "Vacío si el cargo no es municipal."),
        _c("municipio", "Municipio", "Vacío si el cargo no es municipal."),
        _c(
            "num_lista_o_formula",
            "Número de lista",
            "Posición en la lista de representación proporcional; vacío en mayoría relativa.",
            "integer",
        ),
        _c("nombre_candidato", "Nombre completo", "Nombre y apellidos de la persona."),
        _c("nombre", "Nombre o nombres", "Nombre o nombres de la persona."),
        _c("primer_apellido", "Primer apellido", "Primer apellido de la persona."),
        _c("segundo_apellido", "Segundo apellido", "Vacío si la persona no lo tiene."),
        _c("sobrenombre", "Sobrenombre", "Sobrenombre registrado; vacío si no lo hay."),
        _c("sexo", "Sexo", "Sexo registrado: Mujer, Hombre o No binaria."),
        _c(
            "edad",
            "Edad",
            "Años cumplidos el día en que se validó la información.",
            "integer",
        ),
        _c(
            "accion_afirmativa",
            "Acción afirmativa",
            "Tipo de acción afirmativa por la que se postula, donde las reglas del "
            "Instituto lo hacen público; vacío en otro caso.",
        ),
        _c("fecha_publicacion", "Fecha de publicación", "Momento (UTC).", "datetime"),
        _c("fecha_actualizacion", "Fecha de actualización", "Momento (UTC).", "datetime"),
    ),
)

CURRICULAR_COLUMNS: dict[str, str] = {
    "fotografia": "url_fotografia",
    "facebook": "facebook",
    "x_twitter": "x_twitter",
    "youtube": "youtube",
    "instagram": "instagram",
    "tiktok": "tiktok",
    "otra_red": "otra_red",
    "pagina_web": "pagina_web",
    "correos_publicos": "correo_electronico",
    "telefonos_publicos": "telefono",
    "domicilios_casa_campana": "direccion_casa_campana",
    "grado_maximo_estudios": "escolaridad",
    "estatus_grado": "estatus_escolaridad",
    "cursos": "cursos",
    "historia_profesional_laboral": "historia_profesional",
    "trayectoria_politica": "trayectoria_politica",
    "motivo_cargo_publico": "motivo_cargo_publico",
    "propuesta_1": "propuesta_1",
    "propuesta_2": "propuesta_2",
    "propuesta_genero_grupo": "propuesta_genero",
}
"""Each public curricular field (``PublicCurricular``) and its column."""

LIST_FIELDS = frozenset(
    {"correos_publicos", "telefonos_publicos", "domicilios_casa_campana", "cursos"}
)


def _curricular_column(field: str) -> Column:
    spec = CURRICULAR.field(field)
    if field == "fotografia":
        description = "Dirección de la fotografía en este portal (relativa a su dominio)."
    else:
        description = f"{spec.help} " if spec.help else ""
        if field in LIST_FIELDS:
            description += f"Varios valores separados por «{LIST_SEPARATOR.strip()}». "
        description += EMPTY
    return _c(CURRICULAR_COLUMNS[field], spec.label, description.strip())


CURRICULAR_TABLE = TableSpec(
    name="curricular",
    title="Cuestionario curricular",
    description="Una fila por persona de cada fórmula: la propietaria y, en su caso, la "
    "suplente, con cada respuesta pública de su cuestionario curricular.",
    columns=(
        *_KEYS,
        _QUALITY,
        _NAME,
        *(_curricular_column(f) for f in PublicCurricular.model_fields),
    ),
)


def _identity_column(field: str) -> Column:
    spec = IDENTITY.field(field)
    return _c(field, spec.label, f"{spec.help} {EMPTY}".strip())


IDENTITY_TABLE = TableSpec(
    name="identidad",
    title="Cuestionario de identidad",
    description="Una fila por persona de cada fórmula (la propietaria o la suplente) con "
    "alguna respuesta pública del cuestionario de identidad: solo las respuestas que las "
    "reglas del Instituto permiten publicar (con el consentimiento de esa persona o por "
    "acción afirmativa); nunca las que se recaban solo para estadística.",
    columns=(
        *_KEYS,
        _QUALITY,
        _NAME,
        *(_identity_column(f) for f in PublicIdentity.model_fields),
    ),
)

STATISTICS_TABLE = TableSpec(
    name="estadisticas",
    title="Estadísticas agregadas",
    description="Las cifras de la página de estadísticas, una por fila: el avance de la "
    "captura de cada partido, coalición o candidatura independiente (en candidaturas); "
    "las personas publicadas, propietarias y suplentes, por sexo, grupo de edad y grado "
    "de estudios; y quienes "
    "respondieron «Sí» a cada grupo de identidad por cargo, postulación y sexo, con las "
    "cifras menores de 5 reservadas («menos de 5», sin valor). No se publican totales de "
    "los grupos de identidad.",
    columns=(
        _c(
            "tabla",
            "Tabla",
            "avance_captura, sexo, edad, escolaridad o grupos_identidad.",
        ),
        _c(
            "postulacion",
            "Partido, coalición o candidatura independiente",
            "En avance_captura, su nombre; en grupos_identidad, su identificador.",
        ),
        _c("cargo", "Cargo", "Solo en grupos_identidad: el identificador del cargo."),
        _c("sexo", "Sexo", "Solo en grupos_identidad."),
        _c(
            "categoria",
            "Categoría",
            "La etapa (registradas, enviadas, validadas, publicadas), la categoría de la "
            "distribución o el grupo de identidad.",
        ),
        _c("valor", "Valor", "La cifra; vacía cuando está reservada.", "number"),
        _c("texto", "Texto", "La cifra como se lee en la página («menos de 5» si se reserva)."),
    ),
)

STAGES = (
    ("registradas", "candidacies"),
    ("enviadas", "submitted"),
    ("validadas", "validated"),
    ("publicadas", "published"),
)
DISTRIBUTIONS = (("sexo", "sex"), ("edad", "age"), ("escolaridad", "education"))

TABLES = (CANDIDACIES, CURRICULAR_TABLE, IDENTITY_TABLE)
ROWS_VERSION = 2
"""Raise it when a row's cells are made otherwise with the same columns: the rows kept
in ``open_data_rows`` are then made again by the next release."""


Document = Mapping[str, Any]
"""A public profile as publication stored it: a ``PublicProfile``'s JSON, parsed. The rows
are made from it as it is, not from a model validated again: publication validated what
it wrote, and at 100,000 profiles a second validation costs more than all the rest."""


def document(profile: PublicProfile) -> Document:
    """``profile`` as the rows read it (what publication stores)."""
    return profile.model_dump(mode="json")


def moment(value: datetime | str) -> str:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def full_name(person: Mapping[str, Any]) -> str:
    parts = (person.get("names"), person.get("first_surname"), person.get("second_surname"))
    return " ".join(p for p in parts if p)


def _postulation(formula: Mapping[str, Any], names: ElectionNames) -> tuple[str, str]:
    kind, postulant = formula.get("postulant_kind"), formula.get("postulant")
    if kind == "coalicion" and postulant:
        return names.coalitions.get(postulant, postulant), "Coalición"
    if kind == "partido" and postulant:
        return names.parties.get(postulant, postulant), "Partido"
    return "Candidatura independiente", "Independiente"


OWNER = "Propietaria"
ALTERNATE = "Suplente"


def _people(formula: Mapping[str, Any]) -> Iterator[tuple[str, Mapping[str, Any]]]:
    yield OWNER, formula["owner"]
    if formula.get("alternate") is not None:
        yield ALTERNATE, formula["alternate"]


@dataclass(frozen=True)
class Answers:
    """One person's public answers in a profile, as the rows read them."""

    quality: str
    person: Mapping[str, Any]
    curricular: Mapping[str, Any]
    identity: Mapping[str, Any]
    photo_url: str | None


def answers_of(profile: Document) -> Iterator[Answers]:
    """The owner's answers, then the alternate's where the formula has one (an alternate
    without answers yet has an empty row, as an owner would)."""
    formula = profile["formula"]
    yield Answers(
        OWNER,
        formula["owner"],
        profile.get("curricular") or {},
        profile.get("identity") or {},
        profile.get("photo_url"),
    )
    if formula.get("alternate") is not None:
        yield Answers(
            ALTERNATE,
            formula["alternate"],
            profile.get("alternate_curricular") or {},
            profile.get("alternate_identity") or {},
            profile.get("alternate_photo_url"),
        )


def candidacy_rows(profile: Document, names: ElectionNames) -> list[Row]:
    formula = profile["formula"]
    postulant, kind = _postulation(formula, names)
    office = formula["office"]
    district, municipality = formula.get("district"), formula.get("municipality")
    published, updated = moment(profile["published_at"]), moment(profile["updated_at"])
    return [
        {
            "id_candidatura": profile["candidacy_id"],
            "clave_formula": formula["key"],
            "tipo_candidato": role,
            "partido_coalicion": postulant,
            "tipo_postulacion": kind,
            "id_cargo": office,
            "cargo": names.offices.get(office, office),
            "id_distrito": district,
            "distrito": None if district is None else names.districts.get(district, district),
            "id_municipio": municipality,
            "municipio": None
            if municipality is None
            else names.municipalities.get(municipality, municipality),
            "num_lista_o_formula": formula.get("list_position"),
            "nombre_candidato": full_name(person),
            "nombre": person.get("names"),
            "primer_apellido": person.get("first_surname"),
            "segundo_apellido": person.get("second_surname"),
            "sobrenombre": person.get("nickname"),
            "sexo": person.get("sex"),
            "edad": person.get("age"),
            "accion_afirmativa": profile.get("affirmative_action"),
            "fecha_publicacion": published,
            "fecha_actualizacion": updated,
        }
        for role, person in _people(formula)
    ]


def _cell(value: Any) -> Cell:
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(item) for item in value) or None
    return None if value in (None, "") else str(value)


def _keys(profile: Document, answers: Answers) -> Row:
    return {
        "id_candidatura": profile["candidacy_id"],
        "clave_formula": profile["formula"]["key"],
        "calidad": answers.quality,
        "nombre_candidato": full_name(answers.person),
    }


def curricular_rows(profile: Document) -> list[Row]:
    """One row per person of the formula."""
    rows = []
    for answers in answers_of(profile):
        row = _keys(profile, answers)
        for field, column in CURRICULAR_COLUMNS.items():
            if field == "fotografia":
                row[column] = answers.photo_url
            else:
                row[column] = _cell(answers.curricular.get(field))
        rows.append(row)
    return rows


IDENTITY_FIELDS = tuple(PublicIdentity.model_fields)


def identity_rows(profile: Document) -> list[Row]:
    """A row per person whose profile shows an identity answer; none for the others (an
    unanswered one is absent from the stored JSON, as ``PublicIdentity`` writes it)."""
    rows = []
    for answers in answers_of(profile):
        shown = answers.identity
        if not any(shown.get(field) not in (None, "", []) for field in IDENTITY_FIELDS):
            continue
        row = _keys(profile, answers)
        for field in IDENTITY_FIELDS:
            row[field] = _cell(shown.get(field))
        rows.append(row)
    return rows


def tables(profiles: Iterable[Document], names: ElectionNames) -> list[Table]:
    """The three tables of an election's public profiles, in a stable order (by
    candidacy), so the same profiles always give the same bytes."""
    ordered = sorted(profiles, key=lambda p: str(p["candidacy_id"]))
    candidacies = [row for p in ordered for row in candidacy_rows(p, names)]
    curricular = [row for p in ordered for row in curricular_rows(p)]
    identity = [row for p in ordered for row in identity_rows(p)]
    return [
        Table(CANDIDACIES, candidacies),
        Table(CURRICULAR_TABLE, curricular),
        Table(IDENTITY_TABLE, identity),
    ]


def statistics_table(document: Any) -> Table:
    """The statistics document (a ``PublicStatistics``' JSON) as one tidy table, each of
    its figures a row a person can read without the JSON beside it."""
    rows: list[Row] = []

    def row(table: str, category: str, value: int | None, text: str, **where: str) -> None:
        blank = {"postulacion": None, "cargo": None, "sexo": None}
        rows.append(
            {"tabla": table, **blank, **where, "categoria": category, "valor": value, "texto": text}
        )

    for party in document.get("progress", []):
        for stage, field in STAGES:
            count = party[field]
            row("avance_captura", stage, count, str(count), postulacion=party["name"])
    for table, field in DISTRIBUTIONS:
        for each in document.get(field, []):
            row(table, each["category"], each["people"], str(each["people"]))
    for cell in document.get("groups", []):
        row(
            "grupos_identidad",
            cell["group"],
            cell["people"],
            cell["text"],
            postulacion=cell["postulant"],
            cargo=cell["office"],
            sexo=cell["sex"],
        )
    return Table(STATISTICS_TABLE, rows)


def release_id(now: datetime, last: str | None) -> str:
    """The release's name, its UTC moment to the second (``2027-04-01T120000Z``): sortable,
    and one second after ``last`` when two releases would share a second."""
    moment_now = now.astimezone(UTC).replace(microsecond=0)
    if last is not None:
        previous = datetime.strptime(last, "%Y-%m-%dT%H%M%SZ").replace(tzinfo=UTC)
        moment_now = max(moment_now, previous + timedelta(seconds=1))
    return moment_now.strftime("%Y-%m-%dT%H%M%SZ")


@dataclass(frozen=True)
class Fingerprint:
    """What the public data of an election looked like: any publication, update or
    withdrawal raises ``last_sequence``; ``extra`` carries what else the release is made
    of (the statistics document's digest, the catalogue's last change)."""

    last_sequence: int
    profiles: int
    extra: str

    def text(self) -> str:
        return f"{self.last_sequence}:{self.profiles}:{self.extra}"


def due(
    current: Fingerprint,
    released: str | None,
    last_at: datetime | None,
    now: datetime,
    min_interval_s: float,
) -> bool:
    """Whether a new release is due: the data changed since the last one, and the last
    is at least ``min_interval_s`` old (in election week profiles change every second;
    a release a minute is plenty, one a second would only burn the machine)."""
    if current.text() == released:
        return False
    return last_at is None or (now - last_at).total_seconds() >= min_interval_s


GROUP_PROFILES = 512
"""About how many consecutive profiles make one group (``profile_groups``): at 100,000
profiles, about 200 groups of some 6 MB of rows each."""


@dataclass(frozen=True)
class ProfileGroup:
    """Consecutive public profiles (in candidacy order) whose part of every file of a
    release is made, compressed and kept together, and reused by the next release while
    ``key`` is the same: the same profiles, at the same change, made with the same names."""

    key: str
    candidacy_ids: tuple[str, ...]


def _starts_group(candidacy_id: str, about: int) -> bool:
    digest = hashlib.sha256(candidacy_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") % about == 0


def profile_groups(members: Iterable[tuple[str, int]], names: str) -> list[ProfileGroup]:
    """The public profiles (``(candidacy_id, sequence)`` in candidacy order) in groups of
    about ``GROUP_PROFILES``, cut before the ids whose hash says so (or after four times
    as many): where a group ends depends only on the ids around it, so a profile
    changed, published or withdrawn changes its own group's key and, at most, its
    neighbour's (the rest of the files are the last release's, as they were). ``names``:
    ``ElectionNames.digest`` of what the rows are made with."""
    about = GROUP_PROFILES
    groups: list[ProfileGroup] = []
    ids: list[str] = []
    keyed = hashlib.sha256(names.encode("ascii"))

    def close() -> None:
        groups.append(ProfileGroup(keyed.hexdigest()[:32], tuple(ids)))

    for candidacy_id, sequence in members:
        if ids and (len(ids) >= 4 * about or _starts_group(candidacy_id, about)):
            close()
            ids, keyed = [], hashlib.sha256(names.encode("ascii"))
        ids.append(candidacy_id)
        keyed.update(f"\n{candidacy_id}:{sequence}".encode())
    if ids:
        close()
    return groups
