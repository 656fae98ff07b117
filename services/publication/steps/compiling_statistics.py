"""Compiling an election's public statistics (issue 15, DESIGN §6) into the public
bucket, ``estadisticas.<election_id>``, where every gateway replica reads them.

Only for elections whose publication has started (before it nothing is public, 001 §14).
A tick compiles an election again when its inputs changed and the last compilation is
``statistics_min_interval_s`` old, or every 10 minutes regardless (domain/statistics.py
``due``). The identity groups' counts are asked of capture, where the answers stay; the
rest is read from publication's own tables in one snapshot. The document goes to the
bucket only when its figures changed, so a refresh that finds nothing new makes no new
open-data release either. A tick cut short is done again by the next one.
"""

import hashlib
import logging
from datetime import datetime

from contracts.capture import StatisticsRequest
from contracts.envelope import new_event_id
from contracts.operations import capture as capture_operations
from contracts.publication import PublicStatistics, statistics_key
from services.publication.adapters import public_bucket
from services.publication.domain import statistics
from services.publication.domain.statistics import CandidacyProgress, PublishedPerson
from services.publication.store import statistics_sources
from services.publication.store.statistics_sources import LastCompiled, StartedElection
from services.runtime.requests import RequestClient, RequestFailed
from services.runtime.service_deps import ServiceDeps

log = logging.getLogger(__name__)
MOMENTS = {"compiled_at", "sequence"}
IDENTITY_COUNTS_TIMEOUT_S = 300.0
"""Capture opens every validated candidacy's identity answers to count them (each under its
own data key): with an election's tens of thousands of candidacies that takes far longer
than an ordinary request's timeout, and nobody waits on it but this timer."""


def _digest(document: PublicStatistics) -> str:
    figures = document.model_dump_json(exclude=MOMENTS).encode()
    return hashlib.sha256(figures).hexdigest()


async def compile_due(deps: ServiceDeps, now: datetime) -> list[PublicStatistics]:
    """Compile every started election's statistics that are due; the documents that
    changed (and went to the bucket)."""
    changed = []
    for election in await statistics_sources.started_elections(deps.pool):
        document = await compile_election(deps, election, now)
        if document is not None:
            changed.append(document)
    return changed


async def compile_election(
    deps: ServiceDeps, election: StartedElection, now: datetime
) -> PublicStatistics | None:
    """The election's new statistics document, when it changed; None otherwise."""
    election_id = election.election_id
    last = await statistics_sources.last_compiled(deps.pool, election_id)
    inputs = await statistics_sources.inputs(deps.pool, election_id)
    if not statistics.due(
        inputs,
        None if last is None else last.inputs,
        None if last is None else last.compiled_at,
        now,
        deps.settings.statistics_min_interval_s,
    ):
        return None
    services = RequestClient(deps.broker, deps.settings.bus_prefix, deps.settings.request_timeout_s)
    try:
        aggregates = await services.ask(
            capture_operations.STATISTICS_AGGREGATES,
            StatisticsRequest(election_id=election_id),
            request_id=str(new_event_id()),
            timeout_s=IDENTITY_COUNTS_TIMEOUT_S,
        )
    except RequestFailed as failure:
        log.warning(
            "identity counts not available, statistics wait",
            extra={"election_id": election_id, "error": str(failure)},
        )
        return None  # the next tick asks again
    async with deps.pool.acquire() as conn, conn.transaction(isolation="repeatable_read"):
        inputs = await statistics_sources.inputs(conn, election_id)  # of this snapshot
        progress = [
            CandidacyProgress(r.capturing_party, r.submitted, r.validated, r.published)
            for r in await statistics_sources.progress_rows(conn, election_id)
        ]
        people = [
            PublishedPerson(
                r.office, r.postulant, r.sex, r.age, r.education, r.identity or {}, r.person
            )
            for r in await statistics_sources.published_people(conn, election_id)
        ]
    sequence = 1 if last is None else last.sequence + 1
    document = PublicStatistics(
        election_id=election_id,
        election_name=election.name,
        compiled_at=now,
        progress=statistics.progress(election.parties, progress),
        sex=statistics.by_sex(people),
        age=statistics.by_age(people),
        education=statistics.by_education(people),
        groups=statistics.groups(
            aggregates.cells, statistics.public_slices(people, aggregates.counted)
        ),
        minimum_cell=statistics.MIN_CELL,
        note=statistics.NOTE,
        sequence=sequence,
    )
    digest = _digest(document)
    if last is not None and last.digest == digest:
        await statistics_sources.note_compiled(
            deps.pool, last.model_copy(update={"inputs": inputs, "compiled_at": now})
        )
        return None
    key = statistics_key(election_id)
    await public_bucket.put_newer(deps, key, document.model_dump_json().encode(), sequence)
    await statistics_sources.note_compiled(
        deps.pool,
        LastCompiled(
            election_id=election_id,
            inputs=inputs,
            digest=digest,
            sequence=sequence,
            compiled_at=now,
            changed_at=now,
        ),
    )
    log.info("statistics compiled", extra={"election_id": election_id, "sequence": sequence})
    return document
