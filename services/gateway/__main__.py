"""``python -m services.gateway``: serves HTTP until SIGTERM or Ctrl-C."""

import asyncio
import logging
import signal

import uvloop
from aiohttp import web

from services.gateway.app import create_app
from services.runtime.json_logs import setup_json_logs
from services.runtime.settings import load_settings
from services.runtime.telemetry import setup_telemetry

log = logging.getLogger("services.gateway")


async def serve() -> None:
    settings = load_settings()
    setup_json_logs("gateway", settings.log_level)
    tracer_provider = setup_telemetry(settings, "gateway")
    runner = web.AppRunner(create_app(settings, tracer_provider), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, settings.gateway_host, settings.gateway_port)
    await site.start()
    log.info("gateway listening", extra={"port": settings.gateway_port})
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    await runner.cleanup()
    tracer_provider.shutdown()


if __name__ == "__main__":
    uvloop.run(serve())
