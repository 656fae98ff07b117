"""The audit service's timers: a checkpoint signed whenever the log has grown."""

from services.audit.steps.signing import sign_if_grown
from services.runtime.service_deps import ServiceDeps
from services.runtime.timers import Timer

EVERY_S = 0.5


async def sign_checkpoint(deps: ServiceDeps) -> None:
    await sign_if_grown(deps.settings, deps.pool, deps.outbox)


CHECKPOINT_TIMER = Timer("audit.checkpoint", EVERY_S, sign_checkpoint)
