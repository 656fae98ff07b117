"""The institute's part of the demo that ``make up PROFILE=…`` loads, where the profile
asks for one: where publication waits for the institute's authorisation (002 §II.C),
the demo verifier has authorised the formulas the demo file marks ``authorised``, so the
portal shows them, and the others wait in /moderacion for a newcomer to authorise.

It runs after capture's demo and waits until moderation has heard each of those
candidacies validated. Authorising is done once: loading again changes nothing.
"""

import asyncio

from faststream.nats import NatsBroker

from contracts.demo import PYTHON_DEMO_PROFILE, DemoElection, known_profile, read_demo
from contracts.moderation import ReviewRef
from contracts.requests import Principal
from contracts.roles import Role
from contracts.services import ServiceName
from services.moderation.steps.authorising import authorise, profile_of
from services.moderation.steps.recording import SignedIn
from services.moderation.store import authorisations
from services.runtime import database
from services.runtime.connections import Connection
from services.runtime.outbox import Outbox
from services.runtime.service_deps import ServiceDeps
from services.runtime.settings import Settings

HEARD_WAIT_S = 60.0
"""How long the demo waits for moderation's consumers to hear capture's demo."""


async def _heard(conn: Connection, candidacy_id: str) -> None:
    # Moderation mirrors the candidacy from capture's events in its own process; the demo
    # hook runs beside it and has no event of its own to await, so it looks again.
    deadline = asyncio.get_running_loop().time() + HEARD_WAIT_S
    while await authorisations.one(conn, candidacy_id) is None:
        if asyncio.get_running_loop().time() > deadline:
            raise RuntimeError(f"moderation never heard the demo candidacy {candidacy_id}")
        await asyncio.sleep(0.2)


async def authorise_demo(settings: Settings, demo: DemoElection) -> list[str]:
    chosen = [f.key for f in demo.formulas if f.authorised]
    name = str(ServiceName.MODERATION)
    pool = await database.create_pool(settings, name, max_size=1)
    deps = ServiceDeps(settings, name, pool, Outbox(settings, name), NatsBroker())
    verifier = SignedIn(
        Principal(
            account_id="demostracion-verificacion",
            role=Role.VERIFIER,
            election_id=demo.election_id,
        )
    )
    try:
        async with pool.acquire() as conn:
            for key in chosen:
                await _heard(conn, key)
            if not (await profile_of(conn, demo.election_id)).publication.institute_authorises:
                return []
        for key in chosen:
            async with pool.acquire() as conn, conn.transaction():
                awaiting = await authorisations.one(conn, key)
                if awaiting is not None and awaiting.authorised_at is None:
                    await authorise(conn, deps, ReviewRef(candidacy_id=key), verifier)
    finally:
        await pool.close()
    waiting = [f.key for f in demo.captured if not f.authorised]
    return [
        f"Publicación autorizada por el Instituto: {', '.join(chosen)}.",
        f"En espera de la autorización del Instituto (/moderacion): {', '.join(waiting)}.",
    ]


async def load_demo(settings: Settings) -> list[str]:
    """The demo hook (service.py)."""
    if known_profile(settings.demo_profile) == PYTHON_DEMO_PROFILE:
        return []
    demo = read_demo(settings.demo_profile)
    if not any(f.authorised for f in demo.formulas):
        return []
    return await authorise_demo(settings, demo)
