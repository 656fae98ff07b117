"""The gateway app served on a test server, with the runtime's telemetry."""

import contextlib
from collections.abc import AsyncIterator

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from services.gateway.app import create_app
from services.runtime.settings import Settings
from services.runtime.telemetry import setup_telemetry


@contextlib.asynccontextmanager
async def gateway_client(
    settings: Settings, extra_routes: list[web.RouteDef] | None = None
) -> AsyncIterator[TestClient[web.Request, web.Application]]:
    app = create_app(settings, setup_telemetry(settings, "gateway"))
    app.router.add_routes(extra_routes or [])
    async with TestClient(TestServer(app)) as client:
        yield client
