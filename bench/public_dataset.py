"""A deterministic set of published profiles, as publication puts them in the public
bucket: one election of a national size (32 states' districts and municipalities folded
into one catalogue), owner and alternate, every public curricular field with Spanish text
of realistic length (reference §2.1: 280–5,000 characters for the long answers), a share
with public identity answers and affirmative actions.

``entries(count, seed)`` yields the bucket's values; the same seed gives the same bytes."""

import random
from collections.abc import Iterator
from datetime import UTC, datetime

from contracts.events.capture import (
    CatalogueEntry,
    PartyInfo,
    PublicCurricular,
    PublicFormula,
    PublicIdentity,
    PublicPerson,
)
from contracts.publication import (
    EntryState,
    PublicElection,
    PublicEntry,
    PublicProfile,
    election_key,
    photo_path,
    profile_key,
)
from contracts.questionnaires import DEGREE_STATUS, EDUCATION

ELECTION = "nacional-2027"
OFFICES = [
    CatalogueEntry(id="diputacion-mr", name="Diputación local de mayoría relativa"),
    CatalogueEntry(id="presidencia-municipal", name="Presidencia municipal"),
    CatalogueEntry(id="regiduria", name="Regiduría"),
]
DISTRICTS = [CatalogueEntry(id=f"distrito-{n}", name=f"Distrito {n}") for n in range(1, 301)]
MUNICIPALITIES = [
    CatalogueEntry(id=f"municipio-{n}", name=f"Municipio {n}") for n in range(1, 2001)
]
PARTIES = [
    PartyInfo(id=acronym.lower(), name=name, acronym=acronym)
    for acronym, name in (
        ("PAN", "Partido Acción Nacional"),
        ("PRI", "Partido Revolucionario Institucional"),
        ("PVEM", "Partido Verde Ecologista de México"),
        ("PT", "Partido del Trabajo"),
        ("MC", "Movimiento Ciudadano"),
        ("MORENA", "Morena"),
    )
]
NAMES = (
    "María Fernanda", "José Ángel", "Lucía", "Andrés", "Sofía", "Raúl", "Ximena", "Iñaki",
    "Ana Sofía", "Rodrigo", "Guadalupe", "Jesús", "Itzel", "Tonatiuh", "Begoña", "Óscar",
)  # fmt: skip
SURNAMES = (
    "Ávila", "Núñez", "Peña", "Ibáñez", "Solís", "Garza", "Muñoz", "Treviño", "Cantú",
    "Ortiz", "Salas", "Sada", "Elizondo", "Villarreal", "Lozano", "Hernández", "Gómez",
    "Pérez", "Martínez", "Rodríguez", "López", "Sánchez", "Ramírez", "Cruz", "Flores",
)  # fmt: skip
WORDS = (
    "comunidad", "educación", "salud", "seguridad", "transparencia", "participación",
    "ciudadana", "desarrollo", "económico", "municipio", "agua", "movilidad", "jóvenes",
    "mujeres", "trabajo", "servicios", "públicos", "gestión", "propuesta", "presupuesto",
    "rendición", "cuentas", "vivienda", "medio", "ambiente", "cultura", "deporte", "campo",
)  # fmt: skip
STARTED = datetime(2027, 4, 1, 6, 0, tzinfo=UTC)


def _text(rng: random.Random, low: int, high: int) -> str:
    length = rng.randint(low, high)
    words: list[str] = []
    size = 0
    while size < length:
        word = rng.choice(WORDS)
        words.append(word)
        size += len(word) + 1
    return (" ".join(words)[:length].rstrip() + ".").capitalize()


def _person(rng: random.Random, sex: str) -> PublicPerson:
    return PublicPerson(
        names=rng.choice(NAMES),
        first_surname=rng.choice(SURNAMES),
        second_surname=rng.choice(SURNAMES),
        nickname=None,
        sex=sex,
        age=rng.randint(21, 78),
    )


def profile(rng: random.Random, number: int) -> PublicProfile:
    office = OFFICES[number % len(OFFICES)]
    in_district = office.id == "diputacion-mr"
    party = PARTIES[number % len(PARTIES)]
    sex = rng.choice(("Mujer", "Hombre", "Mujer", "Hombre", "No binaria"))
    identity = (
        PublicIdentity(indigena="Sí", lengua_indigena="Sí", pueblo_indigena="Zapoteco")
        if rng.random() < 0.1
        else PublicIdentity()
    )
    return PublicProfile(
        election_id=ELECTION,
        candidacy_id=f"C{number:06d}",
        formula=PublicFormula(
            key=f"F-{number:06d}",
            office=office.id,
            district=DISTRICTS[number % len(DISTRICTS)].id if in_district else None,
            municipality=None if in_district else MUNICIPALITIES[number % len(MUNICIPALITIES)].id,
            list_position=None,
            postulant_kind="partido",
            postulant=party.id,
            status="registrada",
            owner=_person(rng, sex),
            alternate=_person(rng, sex),
        ),
        capturing_party=party.id,
        curricular=PublicCurricular(
            fotografia=f"{number:064x}",
            facebook=f"https://facebook.com/candidatura{number}",
            correos_publicos=[f"contacto{number}@ejemplo.mx"],
            grado_maximo_estudios=rng.choice(EDUCATION),
            estatus_grado=rng.choice(DEGREE_STATUS),
            cursos=[_text(rng, 40, 120) for _ in range(rng.randint(0, 4))],
            historia_profesional_laboral=_text(rng, 280, 2000),
            trayectoria_politica=_text(rng, 280, 2000),
            motivo_cargo_publico=_text(rng, 280, 1500),
            propuesta_1=_text(rng, 100, 1000),
            propuesta_2=_text(rng, 100, 1000),
            propuesta_genero_grupo=_text(rng, 100, 1000),
        ),
        identity=identity,
        affirmative_action="indigena" if identity.any_answer() else None,
        photo_url=photo_path(f"{number:064x}"),
        published_at=STARTED,
        updated_at=STARTED,
    )


def election(sequence: int = 1) -> tuple[str, bytes]:
    document = PublicElection(
        election_id=ELECTION,
        name="Proceso Electoral Local 2026-2027 (conjunto de prueba)",
        institute="Instituto de prueba",
        time_zone="America/Mexico_City",
        publication_starts="2027-04-01",
        started=True,
        offices=OFFICES,
        districts=DISTRICTS,
        municipalities=MUNICIPALITIES,
        parties=PARTIES,
        coalitions=[],
        shows_action_type=False,
        sequence=sequence,
    )
    return election_key(ELECTION), document.model_dump_json().encode()


def entries(count: int, seed: int = 2027) -> Iterator[tuple[str, bytes]]:
    """``count`` published profiles: (bucket key, value)."""
    rng = random.Random(seed)
    for number in range(1, count + 1):
        document = profile(rng, number)
        entry = PublicEntry(
            candidacy_id=document.candidacy_id,
            election_id=ELECTION,
            state=EntryState.PUBLIC,
            sequence=number,
            profile=document,
        )
        yield profile_key(document.candidacy_id), entry.model_dump_json().encode()
