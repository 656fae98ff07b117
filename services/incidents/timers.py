"""The incidents service's timers, each tick handing the time to a step
(steps/watching.py): overdue incidents flagged once, and the other services' health
checked. A tick may be repeated: an incident is flagged once, and a failing service
counts one more failed check in its open incident."""

from contracts.envelope import utc_now
from services.incidents.steps import watching
from services.runtime.service_deps import ServiceDeps
from services.runtime.timers import Timer


async def flag_overdue(deps: ServiceDeps) -> None:
    async with deps.pool.acquire() as conn, conn.transaction():
        await watching.flag_overdue(conn, deps, utc_now())


async def check_services(deps: ServiceDeps) -> None:
    await watching.check_services(deps, utc_now())


OVERDUE_TIMER = Timer("incidents.overdue", 60.0, flag_overdue)
HEALTH_TIMER = Timer("incidents.health", 60.0, check_services)
TIMERS = [OVERDUE_TIMER, HEALTH_TIMER]
