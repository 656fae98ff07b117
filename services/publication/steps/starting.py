"""Starting publication: once an election's publication start passes (001 §14, the
start of that day in its time zone), every candidacy of it is materialised — the moment
they become public — and then the start is noted. Each candidacy in a transaction of its
own, so that the start holds no lock on the whole election while consumers publish; a
tick cut short is done again by the next (materialising is idempotent)."""

from datetime import datetime

from services.publication.adapters.public_bucket import bucket
from services.publication.domain.visibility import publication_started
from services.publication.steps.copying import copy_election
from services.publication.steps.materialising import election_facts, materialise
from services.publication.store import candidacies, elections
from services.runtime.service_deps import ServiceDeps


async def start_due(deps: ServiceDeps, now: datetime) -> None:
    await bucket(deps)  # made at start if missing: the gateway may watch it at once
    for known in await elections.not_started(deps.pool):
        if not publication_started(election_facts(known), now):
            continue
        for candidacy_id in await candidacies.of_election(deps.pool, known.election_id):
            async with deps.pool.acquire() as conn, conn.transaction():
                await materialise(conn, deps, candidacy_id, now)
        async with deps.pool.acquire() as conn, conn.transaction():
            if await elections.mark_started(conn, known.election_id, now):
                await copy_election(conn, deps, known.election_id)
