"""Public profiles for the open-data tests, and the ``profiles`` and ``elections`` rows
publication's consumers would write, written directly where a test exercises the
releases alone (a store-level test)."""

import csv
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg

from contracts.events.capture import (
    CatalogueEntry,
    ElectionCatalogue,
    PartyInfo,
    PublicCurricular,
    PublicFormula,
    PublicIdentity,
    PublicPerson,
)
from contracts.publication import PublicProfile, photo_path
from services.runtime import database
from services.runtime.settings import Settings

ELECTION = "local-2027"
PUBLISHED = datetime(2027, 4, 1, 6, 0, tzinfo=UTC)
PARTIES = [
    PartyInfo(id="pan", name="Partido Acción Nacional", acronym="PAN"),
    PartyInfo(id="pri", name="Partido Revolucionario Institucional", acronym="PRI"),
]
CATALOGUE = ElectionCatalogue(
    offices=[CatalogueEntry(id="dip-mr", name="Diputación local de mayoría relativa")],
    districts=[CatalogueEntry(id="d-01", name="Distrito 01 Toluca")],
    municipalities=[CatalogueEntry(id="m-001", name="Acambay")],
)
LONG = "Propongo un programa de agua potable para cada colonia del distrito. " * 5


def person(names: str, sex: str = "Mujer", age: int | None = 44) -> PublicPerson:
    return PublicPerson(
        names=names,
        first_surname="Ávila",
        second_surname="Núñez",
        nickname=None,
        sex=sex,
        age=age,
    )


def alternate_photo(number: int) -> str:
    """The SHA-256 of the alternate's photo of candidacy ``C<number>``."""
    return f"a{number:063x}"


def public_profile(
    number: int, alternate_identity: PublicIdentity | None = None, **curricular: Any
) -> PublicProfile:
    """Candidacy ``C<number>`` of PAN for district 01, owner and alternate, each with
    answers and a photo of their own; ``curricular`` over the owner's usual answers."""
    answers: dict[str, Any] = {
        "facebook": f"https://facebook.com/c{number}",
        "correos_publicos": [f"c{number}@ejemplo.mx", f"equipo{number}@ejemplo.mx"],
        "grado_maximo_estudios": "Licenciatura",
        "estatus_grado": "Título",
        "cursos": ["Derecho electoral", "Finanzas públicas"],
        "historia_profesional_laboral": LONG,
        "trayectoria_politica": LONG,
        "propuesta_1": LONG,
        "propuesta_2": LONG,
        "propuesta_genero_grupo": LONG,
        **curricular,
    }
    sha = f"{number:064x}"
    return PublicProfile(
        election_id=ELECTION,
        candidacy_id=f"C{number:04d}",
        formula=PublicFormula(
            key=f"F-PAN-{number}",
            office="dip-mr",
            district="d-01",
            municipality=None,
            list_position=None,
            postulant_kind="partido",
            postulant="pan",
            status="registrada",
            owner=person("María Fernanda"),
            alternate=person("Lucía", age=31),
        ),
        capturing_party="pan",
        curricular=PublicCurricular(fotografia=sha, **answers),
        identity=PublicIdentity(indigena="Sí", pueblo_indigena="Mazahua")
        if number % 2
        else PublicIdentity(),
        affirmative_action=None,
        photo_url=photo_path(sha),
        alternate_curricular=PublicCurricular(
            fotografia=alternate_photo(number),
            grado_maximo_estudios="Maestría",
            propuesta_1=f"Propuesta de la suplente {number}: {LONG}",
        ),
        alternate_identity=alternate_identity or PublicIdentity(),
        alternate_photo_url=photo_path(alternate_photo(number)),
        published_at=PUBLISHED,
        updated_at=PUBLISHED,
    )


async def publication_db(settings: Settings) -> asyncpg.Connection:
    conn = await asyncpg.connect(database.admin_dsn(settings, database=settings.instance))
    await conn.execute("SET search_path TO publication")
    return conn


async def insert_election(conn: asyncpg.Connection, name: str = "Elección local 2027") -> None:
    await conn.execute(
        "INSERT INTO elections (election_id, name, institute, time_zone, parties, catalogue, "
        "updated_at) VALUES ($1, $2, 'Instituto Electoral del Estado de México', "
        "'America/Mexico_City', $3::jsonb, $4::jsonb, $5) "
        "ON CONFLICT (election_id) DO UPDATE SET name = $2, updated_at = $5",
        ELECTION,
        name,
        "[" + ",".join(p.model_dump_json() for p in PARTIES) + "]",
        CATALOGUE.model_dump_json(),
        PUBLISHED,
    )


async def put_profile(conn: asyncpg.Connection, profile: PublicProfile, sequence: int) -> None:
    """The row a publication (or update) leaves in the read model."""
    await conn.execute(
        "INSERT INTO profiles (candidacy_id, election_id, state, document, sequence, "
        "published_at, updated_at) VALUES ($1, $2, 'public', $3::jsonb, $4, $5, $5) "
        "ON CONFLICT (candidacy_id) DO UPDATE SET document = $3::jsonb, sequence = $4",
        profile.candidacy_id,
        profile.election_id,
        profile.model_dump_json(),
        sequence,
        PUBLISHED,
    )


def package_problems(descriptor: Path) -> list[list[Any]]:
    """What frictionless finds wrong with the Data Package (empty: it validates).

    Importing frictionless raises the csv module's field size limit for the whole
    process; it is put back, or capture's registry files would read past their limit
    in every later test."""
    limit = csv.field_size_limit()
    try:
        import frictionless  # here, not at the top: the limit is put back after it

        report = frictionless.validate(str(descriptor))
        return (
            [] if report.valid else list(report.flatten(["rowNumber", "fieldName", "type", "note"]))
        )
    finally:
        csv.field_size_limit(limit)
