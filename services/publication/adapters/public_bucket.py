"""Writing the public bucket (contracts/publication.py) that every gateway replica
watches into memory: each value carries its ``sequence``, and a writer never replaces a
value with a higher one (a late redelivery, or a replica behind another). The bucket is
made by whoever comes first (services/runtime/bus.py)."""

import json
import logging

import nats.js.errors
from nats.js.kv import KeyValue

from services.runtime import bus
from services.runtime.service_deps import ServiceDeps

log = logging.getLogger(__name__)

ATTEMPTS = 10


async def bucket(deps: ServiceDeps) -> KeyValue:
    return await bus.public_bucket(deps.broker.connection.jetstream(), deps.settings)


def _sequence(value: bytes | None) -> int:
    if not value:
        return 0
    try:
        return int(json.loads(value).get("sequence", 0))
    except (ValueError, AttributeError):
        return 0


async def put_newer(deps: ServiceDeps, key: str, value: bytes, sequence: int) -> bool:
    """Put ``value`` unless the bucket holds one of a higher or equal sequence; True
    when it was written. A concurrent writer's conflict is read again and retried."""
    kv = await bucket(deps)
    last: Exception | None = None
    for _ in range(ATTEMPTS):
        try:
            held = await kv.get(key)
        except nats.js.errors.KeyNotFoundError:
            held = None
        try:
            if held is None or held.revision is None:
                await kv.create(key, value)
                return True
            if _sequence(held.value) >= sequence:
                return False
            await kv.update(key, value, last=held.revision)
            return True
        except (nats.js.errors.KeyWrongLastSequenceError, nats.js.errors.APIError) as conflict:
            log.info("public bucket conflict, reading again", extra={"key": key})
            last = conflict
    raise RuntimeError(f"the public bucket kept conflicting on {key}") from last
