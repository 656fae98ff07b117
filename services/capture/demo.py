"""The demo election that ``make up`` loads, so a newcomer can sign in and work at once.

Until capture configures elections itself (the capture issue), the demo is published as
capture's own events through capture's outbox: the same events a configured election
will produce. Loading it again changes nothing: consumers treat them as upserts.
"""

from datetime import timedelta

from contracts.envelope import Actor, utc_now
from contracts.events.capture import (
    CANDIDACY_REGISTERED,
    ELECTION_CONFIGURED,
    AccountRules,
    CandidacyRegistered,
    ElectionConfigured,
    PartyInfo,
)
from contracts.services import ServiceName
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


async def load_demo_election(settings: Settings) -> None:
    outbox = Outbox(settings, str(ServiceName.CAPTURE))
    system = Actor.system("demo")
    now = utc_now()
    election = ElectionConfigured(
        election_id=ELECTION_ID, name="Proceso Electoral Local 2026-2027",
        time_zone="America/Monterrey", parties=PARTIES,
        accounts=AccountRules(party_admin_accounts=False, credentials_delivery_days=3),
    )  # fmt: skip
    pool = await database.create_pool(settings, str(ServiceName.CAPTURE), max_size=1)
    try:
        async with pool.acquire() as conn, conn.transaction():
            await outbox.add(conn, ELECTION_CONFIGURED, election, actor=system,
                             election_id=ELECTION_ID)  # fmt: skip
            for candidacy_id, party, name, office in CANDIDACIES:
                registered = CandidacyRegistered(
                    election_id=ELECTION_ID, candidacy_id=candidacy_id, capturing_party_id=party,
                    owner_name=name, office=office, approved_at=now - timedelta(days=1),
                )  # fmt: skip
                await outbox.add(conn, CANDIDACY_REGISTERED, registered, actor=system,
                                 election_id=ELECTION_ID, subject_id=candidacy_id)  # fmt: skip
    finally:
        await pool.close()
