"""The servers one benchmark runs on when run alone (``python -m bench.<name>``): the
configured NATS and PostgreSQL, or embedded ones, with the benchmark's services'
databases provisioned, and what stops and removes it all afterwards."""

import os
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

import nats

from bench import outbox_pipeline
from services.launcher.embedded import configured_or_embedded
from services.runtime import bus
from services.runtime.database import deprovision, provision
from services.runtime.settings import Settings

REPO = Path(__file__).resolve().parents[1]


async def bench_servers(services: list[str]) -> tuple[Settings, Callable[[], Awaitable[None]]]:
    scratch = tempfile.TemporaryDirectory()
    servers = configured_or_embedded(
        os.environ.get("NATS_URL"),
        os.environ.get("DATABASE_URL"),
        nats_dir=Path(scratch.name) / "nats",
        postgres_dir=REPO / "var" / "bench-pg",
    )
    settings = outbox_pipeline.bench_settings(
        servers.nats_url, servers.database_url, Path(scratch.name) / "var"
    )
    await provision(settings, services)

    async def stop() -> None:
        client = await nats.connect(servers.nats_url)
        await bus.delete_streams(client.jetstream(), settings.bus_prefix)
        await client.close()
        await deprovision(settings, services)
        servers.stop()
        scratch.cleanup()

    return settings, stop
