"""What every request handler, event consumer and timer of a service receives."""

from dataclasses import dataclass

import asyncpg
from faststream.nats import NatsBroker

from services.runtime.outbox import Outbox
from services.runtime.settings import Settings


@dataclass(frozen=True)
class ServiceDeps:
    """The service's dependencies, passed explicitly to every handler: its settings, its
    name, its database pool, its outbox and its broker."""

    settings: Settings
    service: str
    pool: asyncpg.Pool
    outbox: Outbox
    broker: NatsBroker
