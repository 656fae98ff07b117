"""Publication's timers, each tick handing the time to a step: the start of an
election's publication (steps/starting.py, 001 §14) and the open-data releases
(steps/releasing.py). A tick may be repeated: the start step notes each start once, and
a release is written only when the public data changed since the last one."""

from contracts.envelope import utc_now
from services.publication.steps import (
    backing_up,
    compiling_statistics,
    refilling,
    releasing,
    starting,
)
from services.runtime.service_deps import ServiceDeps
from services.runtime.settings import load_settings
from services.runtime.timers import Timer


async def start_publication(deps: ServiceDeps) -> None:
    await starting.start_due(deps, utc_now())


async def release_open_data(deps: ServiceDeps) -> None:
    await releasing.release_due(deps, utc_now())


async def refill_public_bucket(deps: ServiceDeps) -> None:
    await refilling.refill_if_empty(deps)


async def compile_statistics(deps: ServiceDeps) -> None:
    """Each started election's statistics, when due (steps/compiling_statistics.py)."""
    await compiling_statistics.compile_due(deps, utc_now())


async def back_up(deps: ServiceDeps) -> None:
    await backing_up.back_up_if_due(deps, utc_now())


# The interval is read once, when the service's definition is built (the environment's
# CONOCELES_PUBLICATION_TICK_S, default 2 s).
START_TIMER = Timer("publication.start", load_settings().publication_tick_s, start_publication)
OPEN_DATA_TIMER = Timer("publication.open-data", 5.0, release_open_data)
# The backup tick only looks whether a backup is due (steps/backing_up.py): the interval is
# counted from the last good backup in the table, so a restart does not reset the week.
BACKUP_TIMER = Timer("publication.backup", min(load_settings().backup_interval_s, 60.0), back_up)
REFILL_TIMER = Timer("publication.refill", 10.0, refill_public_bucket)
STATISTICS_TIMER = Timer("publication.statistics", 5.0, compile_statistics)
TIMERS = [START_TIMER, OPEN_DATA_TIMER, BACKUP_TIMER, REFILL_TIMER, STATISTICS_TIMER]
