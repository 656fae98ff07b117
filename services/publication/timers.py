"""Publication's timers, each tick handing the time to a step: the start of an
election's publication (steps/starting.py, 001 §14). A tick may be repeated: the step
notes each start once."""

from contracts.envelope import utc_now
from services.publication.steps import starting
from services.runtime.service_deps import ServiceDeps
from services.runtime.settings import load_settings
from services.runtime.timers import Timer


async def start_publication(deps: ServiceDeps) -> None:
    await starting.start_due(deps, utc_now())


# The interval is read once, when the service's definition is built (the environment's
# CONOCELES_PUBLICATION_TICK_S, default 2 s).
START_TIMER = Timer("publication.start", load_settings().publication_tick_s, start_publication)
TIMERS = [START_TIMER]
