"""Services run inside the test process, for integration tests that need no kill."""

import contextlib
from collections.abc import AsyncIterator

from services.runtime.service_host import ServiceDefinition, ServiceHost
from services.runtime.settings import Settings


@contextlib.asynccontextmanager
async def running(
    settings: Settings, *definitions: ServiceDefinition
) -> AsyncIterator[list[ServiceHost]]:
    hosts = [ServiceHost(d, settings) for d in definitions]
    started: list[ServiceHost] = []
    try:
        for host in hosts:
            await host.start()
            started.append(host)
        yield hosts
    finally:
        for host in reversed(started):
            await host.stop()
