"""Starting publication: once an election's publication start passes (001 §14, the
start of that day in its time zone), the moment is noted and every candidacy of it is
materialised — the moment they become public. A repeated tick finds it noted."""

from datetime import datetime

from services.publication.adapters.public_bucket import bucket
from services.publication.domain.visibility import publication_started
from services.publication.steps.copying import copy_election
from services.publication.steps.materialising import election_facts, materialise_election
from services.publication.store import elections
from services.runtime.service_deps import ServiceDeps


async def start_due(deps: ServiceDeps, now: datetime) -> None:
    await bucket(deps)  # made at start if missing: the gateway may watch it at once
    for known in await elections.not_started(deps.pool):
        if not publication_started(election_facts(known), now):
            continue
        async with deps.pool.acquire() as conn, conn.transaction():
            if not await elections.mark_started(conn, known.election_id, now):
                continue
            await materialise_election(conn, deps, known.election_id, now)
            await copy_election(conn, deps, known.election_id)
