"""Runs one service: the process every ``python -m services.<name>`` becomes.

Start: settings, JSON logs, telemetry, database pool, migrations, broker, streams,
request responders (health included), event consumers, dead-letter hook, outbox relay,
timers. Stop (SIGTERM or Ctrl-C): stop taking new messages, let in-flight handlers and
the relay's batch finish (nothing unfinished is acked), then close the pool and flush
spans.
"""

import asyncio
import logging
import os
import signal
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
from faststream.nats import NatsBroker
from opentelemetry.sdk.trace import TracerProvider

from contracts.health import HealthStatus, ServiceHealth, health_check
from contracts.requests import Empty, Request
from services.runtime import bus, database
from services.runtime.activity import record_refusal
from services.runtime.dead_letters import (
    DeadLetterConsumer,
    DeadLetterHook,
    ensure_dead_letter_stream,
)
from services.runtime.inbox import EventConsumer, InboxConsumer, forget_handled_events
from services.runtime.json_logs import setup_json_logs
from services.runtime.migrations import RUNTIME_MIGRATIONS, migrate, read_migrations
from services.runtime.outbox import Outbox, Relay, forget_sent_events
from services.runtime.requests import Refusal, RequestRoute, Responders
from services.runtime.service_deps import ServiceDeps
from services.runtime.service_hooks import DemoData, ServiceCommand
from services.runtime.settings import Settings, load_settings
from services.runtime.telemetry import setup_telemetry
from services.runtime.timers import Timer, TimerRunner

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ServiceDefinition:
    """What a service is made of; each service's ``service.py`` builds one."""

    name: str
    migrations: Path
    requests: list[RequestRoute[Any, Any]] = field(default_factory=list)
    consumers: list[EventConsumer] = field(default_factory=list)
    timers: list[Timer] = field(default_factory=list)
    dead_letter_hooks: list[DeadLetterHook] = field(default_factory=list)
    pool_size: int = 10
    demo: DemoData | None = None
    """What ``conoceles up`` loads so that a newcomer can work at once (service_hooks.py)."""
    commands: list[ServiceCommand[Any]] = field(default_factory=list)
    """What the service adds to the ``conoceles`` command (service_hooks.py)."""


async def check_health(deps: ServiceDeps) -> ServiceHealth:
    checks: dict[str, HealthStatus] = {}
    try:
        async with asyncio.timeout(deps.settings.health_timeout_s / 2):
            await deps.pool.fetchval("SELECT 1")
        checks["base_de_datos"] = HealthStatus.UP
    except (TimeoutError, OSError, asyncpg.PostgresError, asyncpg.InterfaceError):
        checks["base_de_datos"] = HealthStatus.DOWN
    connected = deps.broker.connection.is_connected
    checks["bus"] = HealthStatus.UP if connected else HealthStatus.DOWN
    status = (
        HealthStatus.UP if all(s is HealthStatus.UP for s in checks.values()) else HealthStatus.DOWN
    )
    return ServiceHealth(service=deps.service, status=status, checks=checks, pid=os.getpid())


async def _health(deps: ServiceDeps, _: Request[Empty]) -> ServiceHealth:
    return await check_health(deps)


async def _forget_old_rows(deps: ServiceDeps) -> None:
    """Sent outbox rows and processed inbox ids, each after its retention."""
    await forget_sent_events(deps.pool)
    await forget_handled_events(deps.pool, deps.settings)


class ServiceHost:
    def __init__(self, definition: ServiceDefinition, settings: Settings) -> None:
        self.definition = definition
        self.settings = settings
        self.tracer_provider: TracerProvider | None = None
        self.pool: asyncpg.Pool | None = None
        self.broker: NatsBroker | None = None
        self.relay: Relay | None = None
        self.deps: ServiceDeps | None = None
        self._consumers: list[InboxConsumer] = []
        self._dead_letters: DeadLetterConsumer | None = None
        self._timers: TimerRunner | None = None
        self._responders: Responders | None = None

    async def start(self) -> ServiceDeps:
        name, settings = str(self.definition.name), self.settings
        self.tracer_provider = setup_telemetry(settings, name)
        owner = await database.connect_owner(settings, name)
        try:
            applied = await migrate(
                owner,
                name,
                read_migrations("runtime", RUNTIME_MIGRATIONS)
                + read_migrations(name, self.definition.migrations),
            )
        finally:
            await owner.close()
        self.pool = await database.create_pool(settings, name, max_size=self.definition.pool_size)
        if applied:
            log.info("migrations applied", extra={"migrations": applied})

        self.broker = broker = bus.create_broker(settings, name, self.tracer_provider)
        await broker.connect()
        js = broker.connection.jetstream()
        outbox = Outbox(settings, name)
        self.deps = deps = ServiceDeps(settings, name, self.pool, outbox, broker)
        consumers = self.definition.consumers

        await bus.ensure_stream(js, bus.event_stream_config(settings, name))
        for producer in {c.producer for c in consumers}:
            await bus.ensure_stream(js, bus.event_stream_config(settings, producer))

        async def record(refusal: Refusal) -> None:
            await record_refusal(
                deps.pool,
                outbox,
                action=refusal.action,
                outcome=refusal.outcome,
                principal=refusal.principal,
                request_id=refusal.request_id,
                client_address=refusal.client_address,
                detail=refusal.detail,
            )

        health = RequestRoute(health_check(name), _health)
        self._responders = Responders(
            deps,
            [health, *self.definition.requests],
            record,
            self.tracer_provider.get_tracer("services.runtime.requests"),
        )
        await broker.start()
        await self._responders.start(broker.connection)

        if consumers:
            self._dead_letters = DeadLetterConsumer(
                settings, name, self.pool, outbox, self.definition.dead_letter_hooks
            )
            self._consumers = [
                InboxConsumer(deps, c, self._dead_letters.malformed) for c in consumers
            ]
            watched = [(c.stream, c.durable) for c in self._consumers]
            await ensure_dead_letter_stream(js, settings, name, watched)
            await self._dead_letters.start(js)
        for consumer in self._consumers:
            await consumer.start(js)

        self.relay = Relay(settings, name, self.pool, js)
        self.relay.start()
        retention = Timer(f"{name}.outbox-inbox-retention", 3600, _forget_old_rows)
        self._timers = TimerRunner(
            self.pool, settings.instance, [retention, *self.definition.timers], deps
        )
        self._timers.start()
        log.info("service started", extra={"pid": os.getpid()})
        return deps

    async def stop(self) -> None:
        # Consumers finish the batch in hand; requests in flight finish (within the
        # shutdown grace); the relay finishes its batch; then the connections close.
        if self._responders is not None:
            await self._responders.stop(self.settings.shutdown_grace_s)
        for consumer in self._consumers:
            await consumer.stop()
        if self._dead_letters is not None:
            await self._dead_letters.stop()
        if self._timers is not None:
            await self._timers.stop()
        if self.relay is not None:
            await self.relay.stop()
        if self.broker is not None:
            await self.broker.stop()
        if self.pool is not None:
            await self.pool.close()
        if self.tracer_provider is not None:
            self.tracer_provider.shutdown()
        log.info("service stopped")


def stop_signal() -> asyncio.Event:
    """An event set by SIGTERM or SIGINT (Ctrl-C), armed before anything starts."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    return stop


async def serve(definition: ServiceDefinition) -> None:
    settings = load_settings()
    setup_json_logs(definition.name, settings.log_level)
    stop = stop_signal()
    host = ServiceHost(definition, settings)
    await host.start()
    await stop.wait()
    await host.stop()


def run_service(definition: ServiceDefinition) -> None:
    import uvloop

    uvloop.run(serve(definition))
