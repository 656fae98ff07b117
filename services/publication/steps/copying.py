"""Copying the public documents into the public bucket the gateway watches
(contracts/publication.py): a profile after each of publication's own profile events —
read from the read model, so the latest state wins however the events arrive — and an
election's filters and labels whenever it is configured or its publication starts."""

from contracts.publication import (
    EntryState,
    PublicElection,
    PublicEntry,
    election_key,
    profile_key,
)
from services.publication.adapters.public_bucket import put_newer
from services.publication.store import elections, profiles
from services.runtime.connections import Connection
from services.runtime.service_deps import ServiceDeps


async def copy_profile(conn: Connection, deps: ServiceDeps, candidacy_id: str) -> None:
    held = await profiles.profile(conn, candidacy_id)
    if held is None:
        return
    entry = PublicEntry(
        candidacy_id=held.candidacy_id,
        election_id=held.election_id,
        state=held.state,
        sequence=held.sequence,
        profile=held.document if held.state is EntryState.PUBLIC else None,
        withdrawn_at=held.withdrawn_at,
    )
    await put_newer(
        deps, profile_key(candidacy_id), entry.model_dump_json().encode(), held.sequence
    )


async def copy_election(conn: Connection, deps: ServiceDeps, election_id: str) -> None:
    known = await elections.election(conn, election_id)
    if known is None:
        return
    rules, catalogue = known.profile, known.catalogue
    sequence = known.document_sequence
    document = PublicElection(
        election_id=known.election_id,
        name=known.name,
        institute=known.institute,
        time_zone=known.time_zone,
        publication_starts=None
        if catalogue.publication_starts is None
        else catalogue.publication_starts.isoformat(),
        started=known.started_at is not None,
        offices=catalogue.offices,
        districts=catalogue.districts,
        municipalities=catalogue.municipalities,
        parties=known.parties,
        coalitions=catalogue.coalitions,
        affirmative_actions=catalogue.affirmative_actions,
        shows_action_type=rules.affirmative_action.show_action_type,
        sequence=sequence,
    )
    await put_newer(deps, election_key(election_id), document.model_dump_json().encode(), sequence)
