"""The NATS connection (FastStream's NatsBroker) and the JetStream streams.

Every broker carries FastStream's telemetry middleware, so W3C trace context rides the
NATS headers of requests and events; per-message INFO logging is off (it cost a quarter
of the throughput here) and the runtime logs what matters itself.
"""

import logging

import nats.js.errors
from faststream.nats import NatsBroker
from faststream.nats.opentelemetry import NatsTelemetryMiddleware
from nats.js import JetStreamContext
from nats.js.api import KeyValueConfig, StorageType, StreamConfig
from nats.js.kv import KeyValue
from opentelemetry.sdk.trace import TracerProvider

from contracts import subjects
from services.runtime.settings import Settings

MAX_PAYLOAD_BYTES = 8 * 1024 * 1024
log = logging.getLogger(__name__)


def create_broker(settings: Settings, service: str, tracer_provider: TracerProvider) -> NatsBroker:
    return NatsBroker(
        settings.require_nats_urls(),
        name=f"{settings.instance}-{service}",
        logger=None,
        graceful_timeout=settings.shutdown_grace_s,
        middlewares=[NatsTelemetryMiddleware(tracer_provider=tracer_provider)],
        max_reconnect_attempts=-1,
        reconnect_time_wait=1,
    )


def event_stream_config(settings: Settings, producer: str) -> StreamConfig:
    """A producer's event stream. The duplicate window is explicit and longer than the
    relay's re-publish horizon (Settings checks it), so a re-published event is dropped
    by the server; consumers' inboxes are the second line."""
    return StreamConfig(
        name=subjects.stream_name(settings.bus_prefix, producer),
        subjects=[subjects.producer_subjects(settings.bus_prefix, producer)],
        storage=StorageType.FILE,
        duplicate_window=settings.duplicate_window_s,
        max_msg_size=MAX_PAYLOAD_BYTES,
        num_replicas=settings.stream_replicas,
    )


async def ensure_stream(js: JetStreamContext, config: StreamConfig) -> None:
    try:
        await js.add_stream(config)
    except nats.js.errors.BadRequestError:
        # It exists with another config (e.g. a new duplicate window): bring it in line.
        await js.update_stream(config)


async def public_bucket(js: JetStreamContext, settings: Settings) -> KeyValue:
    """The bucket of the public documents (contracts/publication.py), created by whoever
    comes first: publication writes it, every gateway replica watches it. It keeps only
    the latest value of each key."""
    name = subjects.public_bucket(settings.bus_prefix)
    try:
        return await js.key_value(name)
    except nats.js.errors.BucketNotFoundError:
        return await js.create_key_value(
            KeyValueConfig(
                bucket=name,
                history=1,
                storage=StorageType.FILE,
                max_value_size=MAX_PAYLOAD_BYTES,
                replicas=settings.stream_replicas,
            )
        )


async def delete_streams(js: JetStreamContext, prefix: str) -> list[str]:
    """Delete every stream of a deployment, its public bucket's included (test runs and
    benchmarks clean up with it)."""
    deleted = []
    for info in await js.streams_info():
        name = info.config.name
        if name and (
            name.startswith(prefix.upper() + "_") or name == f"KV_{subjects.public_bucket(prefix)}"
        ):
            await js.delete_stream(name)
            deleted.append(name)
    return deleted
