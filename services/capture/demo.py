"""The demo election that ``make up`` loads, so a newcomer can sign in and work at once.

The election is configured and its registry imported through capture's own paths (as
an admin's requests would, by the system). Loading it again changes nothing: the
configuration is an upsert and the same registry is imported as unchanged.
"""

from datetime import date
from typing import Any

from contracts.capture import Calendar, Coalition, ElectionConfig, Named, Office, Party
from contracts.demo import DEMO_ELECTION_ID
from contracts.envelope import utc_now
from contracts.events.capture import PartyInfo
from contracts.services import ServiceName
from services.capture.adapters.profile_files import SHIPPED, load_profile
from services.capture.domain.registry_rows import RegistryRules, check_rows
from services.capture.steps.configuring import configure
from services.capture.steps.importing import import_formulas
from services.runtime import database
from services.runtime.outbox import Outbox
from services.runtime.settings import Settings

ELECTION_ID = DEMO_ELECTION_ID
PARTIES = [
    PartyInfo(id="pan", name="Partido Acción Nacional", acronym="PAN"),
    PartyInfo(id="pri", name="Partido Revolucionario Institucional", acronym="PRI"),
    PartyInfo(id="morena", name="Morena", acronym="MORENA"),
    PartyInfo(id="mc", name="Movimiento Ciudadano", acronym="MC"),
    PartyInfo(id="pvem", name="Partido Verde Ecologista de México", acronym="PVEM"),
]
MR, PM = "diputacion-mr", "presidencia-municipal"
# clave, office, district, municipality, postulant kind, postulant, owner, alternate,
# affirmative action
CANDIDACIES = [
    (
        "DM01-PAN",
        MR,
        "distrito-1",
        None,
        "partido",
        "pan",
        ("María Fernanda", "Ávila", "Núñez", "Mujer"),
        ("Lucía", "Peña", "Ibáñez", "Mujer"),
        None,
    ),
    (
        "DM01-SHH",
        MR,
        "distrito-1",
        None,
        "coalicion",
        "sigamos",
        ("José Ángel", "Ibáñez", "Peña", "Hombre"),
        ("Andrés", "Solís", "Garza", "Hombre"),
        None,
    ),
    (
        "PM-MTY-MC",
        PM,
        None,
        "monterrey",
        "partido",
        "mc",
        ("Sofía", "Muñoz", "Garza", "Mujer"),
        ("Ximena", "Treviño", "Cantú", "Mujer"),
        "indigena",
    ),
    (
        "PM-MTY-IND",
        PM,
        None,
        "monterrey",
        "independiente",
        None,
        ("Raúl", "Cantú", "Treviño", "Hombre"),
        ("Iñaki", "Ortiz", "Salas", "Hombre"),
        None,
    ),
    (
        "PM-SPG-PRI",
        PM,
        None,
        "san-pedro",
        "partido",
        "pri",
        ("Ana Sofía", "Garza", "Sada", "Mujer"),
        None,
        None,
    ),
]


DEMO_PROFILE = "nuevo-leon"


def demo_config() -> ElectionConfig:
    return ElectionConfig(
        election_id=ELECTION_ID,
        name="Proceso Electoral Local 2026-2027",
        profile=DEMO_PROFILE,
        offices=[
            Office(id="diputacion-mr", name="Diputación local de mayoría relativa", minimum_age=21),
            Office(id="presidencia-municipal", name="Presidencia municipal", minimum_age=25),
        ],
        districts=[Named(id="distrito-1", name="Distrito 1 — Monterrey")],
        municipalities=[
            Named(id="monterrey", name="Monterrey"),
            Named(id="san-pedro", name="San Pedro Garza García"),
        ],
        parties=[Party(**party.model_dump()) for party in PARTIES],
        coalitions=[
            Coalition(
                id="sigamos",
                name="Sigamos Haciendo Historia",
                parties=["morena", "pvem"],
                capturing_party="morena",
            )
        ],
        affirmative_actions=[
            Named(id="indigena", name="Persona indígena"),
            Named(id="discapacidad", name="Persona con discapacidad"),
        ],
        calendar=Calendar(
            publication_starts=date(2027, 4, 1),
            election_day=date(2027, 6, 6),
            non_working_days=[date(2027, 3, 15), date(2027, 4, 1)],
        ),
    )


def demo_registry_rows() -> list[tuple[int, dict[str, Any]]]:
    rows: list[dict[str, Any]] = []
    for (
        key,
        office,
        district,
        municipality,
        kind,
        postulant,
        owner,
        alternate,
        action,
    ) in CANDIDACIES:
        for quality, person in (("propietaria", owner), ("suplente", alternate)):
            if person is None:
                continue
            names, first, second, sex = person
            rows.append(
                {
                    "clave": key,
                    "cargo": office,
                    "distrito": district,
                    "municipio": municipality,
                    "postulante_tipo": kind,
                    "postulante": postulant,
                    "calidad": quality,
                    "nombres": names,
                    "primer_apellido": first,
                    "segundo_apellido": second,
                    "sexo": sex,
                    "fecha_nacimiento": "1984-06-15",
                    "accion_afirmativa": action,
                }
            )
    return list(enumerate(rows, start=2))


async def load_demo_election(settings: Settings) -> None:
    outbox = Outbox(settings, str(ServiceName.CAPTURE))
    profile = load_profile(SHIPPED / f"{DEMO_PROFILE}.toml")
    config = demo_config()
    rows = demo_registry_rows()
    checked = check_rows(rows, config, RegistryRules(today=utc_now().date()))
    if checked.problems:
        raise RuntimeError(f"the demo registry is wrong: {checked.problems}")
    formulas = checked.formulas
    pool = await database.create_pool(settings, str(ServiceName.CAPTURE), max_size=1)
    try:
        async with pool.acquire() as conn, conn.transaction():
            await configure(conn, outbox, config, profile)
            await import_formulas(conn, outbox, config, formulas, now=utc_now(), rows=len(rows))
    finally:
        await pool.close()


async def load_demo(settings: Settings) -> list[str]:
    """The demo hook (service.py): the election loaded, and the line ``make up`` prints."""
    await load_demo_election(settings)
    return [f"Elección de demostración cargada: {ELECTION_ID}"]
