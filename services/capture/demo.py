"""The demo election that ``make up`` loads, so a newcomer can sign in and work at once.

The election is configured through capture's own path (as an admin's request would,
by the system); its candidacies are announced as capture's events until the registry
import exists. Loading it again changes nothing: consumers treat both as upserts.
"""

from datetime import date, timedelta

from contracts.capture import Calendar, Coalition, ElectionConfig, Named, Party
from contracts.envelope import Actor, utc_now
from contracts.events.capture import CANDIDACY_REGISTERED, CandidacyRegistered, PartyInfo
from contracts.services import ServiceName
from services.capture.elections import configure
from services.capture.profiles import SHIPPED, load_profile
from services.runtime import database
from services.runtime.outbox import Outbox
from services.runtime.settings import Settings

ELECTION_ID = "pel-2026-2027"
PARTIES = [
    PartyInfo(id="pan", name="Partido Acción Nacional", acronym="PAN"),
    PartyInfo(id="pri", name="Partido Revolucionario Institucional", acronym="PRI"),
    PartyInfo(id="morena", name="Morena", acronym="MORENA"),
    PartyInfo(id="mc", name="Movimiento Ciudadano", acronym="MC"),
    PartyInfo(id="pvem", name="Partido Verde Ecologista de México", acronym="PVEM"),
]
CANDIDACIES = [
    ("dm-01-pan", "pan", "María Fernanda Ávila Núñez", "Diputación local MR, distrito 1"),
    ("dm-01-morena", "morena", "José Ángel Ibáñez Peña", "Diputación local MR, distrito 1"),
    ("pm-monterrey-mc", "mc", "Sofía Muñoz Garza", "Presidencia municipal de Monterrey"),
    ("pm-monterrey-ind", None, "Raúl Cantú Treviño", "Presidencia municipal de Monterrey"),
]


DEMO_PROFILE = "nuevo-leon"


def demo_config() -> ElectionConfig:
    return ElectionConfig(
        election_id=ELECTION_ID, name="Proceso Electoral Local 2026-2027", profile=DEMO_PROFILE,
        offices=[Named(id="diputacion-mr", name="Diputación local de mayoría relativa"),
                 Named(id="presidencia-municipal", name="Presidencia municipal")],
        districts=[Named(id="distrito-1", name="Distrito 1 — Monterrey")],
        municipalities=[Named(id="monterrey", name="Monterrey"),
                        Named(id="san-pedro", name="San Pedro Garza García")],
        parties=[Party(**party.model_dump()) for party in PARTIES],
        coalitions=[Coalition(id="sigamos", name="Sigamos Haciendo Historia",
                              parties=["morena", "pvem"], capturing_party="morena")],
        affirmative_actions=[Named(id="indigena", name="Persona indígena"),
                             Named(id="discapacidad", name="Persona con discapacidad")],
        calendar=Calendar(publication_starts=date(2027, 4, 1),
                          non_working_days=[date(2027, 3, 15), date(2027, 4, 1)]),
    )  # fmt: skip


async def load_demo_election(settings: Settings) -> None:
    outbox = Outbox(settings, str(ServiceName.CAPTURE))
    system = Actor.system("demo")
    now = utc_now()
    profile = load_profile(SHIPPED / f"{DEMO_PROFILE}.toml")
    pool = await database.create_pool(settings, str(ServiceName.CAPTURE), max_size=1)
    try:
        async with pool.acquire() as conn, conn.transaction():
            await configure(conn, outbox, demo_config(), profile, principal=None)
            for candidacy_id, party, name, office in CANDIDACIES:
                registered = CandidacyRegistered(
                    election_id=ELECTION_ID, candidacy_id=candidacy_id, capturing_party_id=party,
                    owner_name=name, office=office, approved_at=now - timedelta(days=1),
                )  # fmt: skip
                await outbox.add(conn, CANDIDACY_REGISTERED, registered, actor=system,
                                 election_id=ELECTION_ID, subject_id=candidacy_id)  # fmt: skip
    finally:
        await pool.close()
