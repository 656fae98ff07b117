"""``python -m services.gateway``: serves HTTP until SIGTERM or Ctrl-C."""

import logging
from collections.abc import Callable

import uvloop
from aiohttp import web

from services.gateway.app import create_app
from services.runtime.json_logs import setup_json_logs
from services.runtime.service_host import stop_signal
from services.runtime.settings import load_settings
from services.runtime.telemetry import setup_telemetry

log = logging.getLogger("services.gateway")


async def serve(extend: Callable[[web.Application], None] | None = None) -> None:
    """Serve the gateway; ``extend`` lets a test process add routes of its own."""
    settings = load_settings()
    setup_json_logs("gateway", settings.log_level)
    stop = stop_signal()
    tracer_provider = setup_telemetry(settings, "gateway")
    app = create_app(settings, tracer_provider)
    if extend is not None:
        extend(app)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, settings.gateway_host, settings.gateway_port)
    await site.start()
    log.info("service started", extra={"port": settings.gateway_port})
    await stop.wait()
    await runner.cleanup()
    tracer_provider.shutdown()
    log.info("service stopped")


if __name__ == "__main__":
    uvloop.run(serve())
