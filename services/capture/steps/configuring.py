"""Configuring an election: the admin's request, and the demo's, share this one path.

The configuration is saved with its profile (as loaded now) and announced as
``election.configured`` in the same transaction, with the account rules other services
read from the profile.
"""

from contracts.capture import ElectionConfig, Named, Office
from contracts.envelope import utc_now
from contracts.events.capture import (
    ELECTION_CONFIGURED,
    AccountRules,
    CatalogueEntry,
    CoalitionInfo,
    ElectionCatalogue,
    ElectionConfigured,
    PartyInfo,
)
from contracts.profile import InstituteProfile
from services.capture.adapters.profile_files import shipped_profile
from services.capture.domain.offices import check_offices
from services.capture.steps.recording import SYSTEM, Caller, on_election, record
from services.capture.store import elections
from services.runtime.connections import Connection
from services.runtime.outbox import Outbox


async def configure(
    conn: Connection,
    outbox: Outbox,
    config: ElectionConfig,
    profile: InstituteProfile,
    caller: Caller = SYSTEM,
) -> ElectionConfig:
    check_offices(config, profile)
    settled = config.model_copy(
        update={
            "time_zone": config.time_zone or profile.time_zone,
            "institute": config.institute or profile.institute,
        }
    )
    existed = await elections.election(conn, config.election_id) is not None
    by = caller.principal.account_id if caller.principal else None
    await elections.save_election(conn, settled, profile, utc_now(), by)
    announced = ElectionConfigured(
        election_id=settled.election_id,
        name=settled.name,
        time_zone=str(settled.time_zone),
        institute=settled.institute,
        profile=profile.name,
        parties=[PartyInfo(id=p.id, name=p.name, acronym=p.acronym) for p in settled.parties],
        accounts=AccountRules(**profile.accounts.model_dump()),
        rules=profile,
        catalogue=_catalogue(settled),
        campaigns_start=settled.calendar.campaigns_start,
    )
    await outbox.add(
        conn, ELECTION_CONFIGURED, announced, actor=caller.actor, election_id=settled.election_id
    )
    await record(
        conn,
        outbox,
        caller,
        "election.configure",
        on_election(settled.election_id),
        {"perfil": profile.name, "nueva": not existed},
    )
    return settled


async def configure_election(
    conn: Connection, outbox: Outbox, config: ElectionConfig, caller: Caller
) -> ElectionConfig:
    """election.configure: under the shipped profile the configuration names."""
    return await configure(conn, outbox, config, shipped_profile(config.profile), caller)


def _catalogue(config: ElectionConfig) -> ElectionCatalogue:
    def entries(items: list[Office] | list[Named]) -> list[CatalogueEntry]:
        return [CatalogueEntry(id=item.id, name=item.name) for item in items]

    return ElectionCatalogue(
        offices=entries(config.offices),
        districts=entries(config.districts),
        municipalities=entries(config.municipalities),
        coalitions=[
            CoalitionInfo(
                id=c.id, name=c.name, parties=c.parties, capturing_party=c.capturing_party
            )
            for c in config.coalitions
        ],
        affirmative_actions=entries(config.affirmative_actions),
        publication_starts=config.calendar.publication_starts,
        non_working_days=config.calendar.non_working_days,
        change_requests_until=config.calendar.change_requests_until,
    )
