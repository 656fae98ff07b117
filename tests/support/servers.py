"""The real servers a test run talks to: the configured ones, or embedded ones."""

import asyncio
import os
import secrets
from pathlib import Path

import nats

from services.launcher.embedded import Servers, configured_or_embedded
from services.runtime import bus
from services.runtime.settings import Settings

REPO = Path(__file__).resolve().parents[2]


def start_servers(scratch: Path) -> Servers:
    """The configured servers, or embedded ones: a NATS of this run's own, and a
    PostgreSQL cluster under var/test-pg shared by runs (each run has its own database)."""
    servers = configured_or_embedded(
        os.environ.get("NATS_URL"),
        os.environ.get("DATABASE_URL"),
        nats_dir=scratch / "nats",
        postgres_dir=REPO / "var" / "test-pg",
        share_postgres=True,
    )
    return servers


def run_settings(servers: Servers, var_dir: Path, **overrides: object) -> Settings:
    """Settings for one test run: its own instance name (database, roles, streams)."""
    values: dict[str, object] = {
        "nats_url": servers.nats_url,
        "database_url": servers.database_url,
        "instance": "t" + secrets.token_hex(5),
        "var_dir": var_dir,
        "relay_poll_interval_s": 0.5,
        "consumer_backoff_s": (0.05, 0.1, 0.2),
        "consumer_max_deliver": 3,
        "consumer_ack_wait_s": 5.0,
        "shutdown_grace_s": 5.0,
        "request_timeout_s": 5.0,
    }
    values.update(overrides)
    return Settings.model_validate(values)


async def delete_streams(nats_url: str, prefix: str) -> None:
    client = await nats.connect(nats_url)
    try:
        await bus.delete_streams(client.jetstream(), prefix)
    finally:
        await asyncio.wait_for(client.close(), timeout=5)
