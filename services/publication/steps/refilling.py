"""Refilling the public bucket from publication's tables when it is found empty while
publication holds public documents: a restore onto a new NATS (``conoceles restore``
rebuilds the databases, not the bucket), or NATS's data lost. Every gateway serves only
what the bucket holds (DESIGN §6), so without this a restored system would answer 404 for
every profile until each changed again. The tables are the truth the bucket is rebuilt
from; ``put_newer`` keeps whatever was written meanwhile. Open-data releases need nothing
here: their timer puts the current ones on every run."""

import logging

import nats.js.errors

from contracts import subjects
from services.publication.steps.copying import copy_election, copy_profile
from services.publication.store import elections, profiles
from services.runtime.service_deps import ServiceDeps

log = logging.getLogger(__name__)


async def bucket_is_empty(deps: ServiceDeps) -> bool:
    js = deps.broker.connection.jetstream()
    name = f"KV_{subjects.public_bucket(deps.settings.bus_prefix)}"
    try:
        info = await js.stream_info(name)
    except nats.js.errors.NotFoundError:  # no bucket at all: as empty as it gets
        return True
    return info.state.messages == 0


async def refill_if_empty(deps: ServiceDeps) -> int:
    """The documents copied: none unless the bucket was empty and the tables are not."""
    async with deps.pool.acquire() as conn:
        known = await elections.every_election(conn)
        candidacies = await profiles.every_candidacy_id(conn)
    if not (known or candidacies) or not await bucket_is_empty(deps):
        return 0
    log.warning(
        "public bucket empty: refilling it from publication's tables",
        extra={"elections": len(known), "profiles": len(candidacies)},
    )
    async with deps.pool.acquire() as conn:
        for election in known:
            await copy_election(conn, deps, election.election_id)
        for candidacy_id in candidacies:
            await copy_profile(conn, deps, candidacy_id)
    return len(known) + len(candidacies)
