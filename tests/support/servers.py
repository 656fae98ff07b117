"""The real servers a test run talks to: the configured ones, or embedded ones."""

import asyncio
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

import nats

from services.runtime.embedded import EmbeddedNats, EmbeddedPostgres, free_port
from services.runtime.settings import Settings

REPO = Path(__file__).resolve().parents[2]


@dataclass
class Servers:
    nats_url: str
    database_url: str
    embedded_nats: EmbeddedNats | None
    embedded_postgres: EmbeddedPostgres | None

    def stop(self) -> None:
        if self.embedded_nats is not None:
            self.embedded_nats.stop()


def start_servers(scratch: Path) -> Servers:
    nats_url = os.environ.get("NATS_URL")
    database_url = os.environ.get("DATABASE_URL")
    embedded_nats = embedded_postgres = None
    if not nats_url:
        embedded_nats = EmbeddedNats(scratch / "nats", free_port()).start()
        nats_url = embedded_nats.url
    if not database_url:
        embedded_postgres = EmbeddedPostgres(REPO / "var" / "test-pg", stop_at_exit=True)
        database_url = embedded_postgres.url
    return Servers(nats_url, database_url, embedded_nats, embedded_postgres)


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


def settings_env(settings: Settings) -> dict[str, str]:
    """The environment that makes a child process use these settings."""
    env = {
        "NATS_URL": settings.nats_url or "",
        "DATABASE_URL": settings.database_url or "",
        "CONOCELES_INSTANCE": settings.instance,
        "CONOCELES_VAR_DIR": str(settings.var_dir),
        "CONOCELES_RELAY_POLL_INTERVAL_S": str(settings.relay_poll_interval_s),
        "CONOCELES_CONSUMER_BACKOFF_S": "[" + ",".join(map(str, settings.consumer_backoff_s)) + "]",
        "CONOCELES_CONSUMER_MAX_DELIVER": str(settings.consumer_max_deliver),
        "CONOCELES_CONSUMER_ACK_WAIT_S": str(settings.consumer_ack_wait_s),
        "CONOCELES_SHUTDOWN_GRACE_S": str(settings.shutdown_grace_s),
        "CONOCELES_GATEWAY_PORT": str(settings.gateway_port),
    }
    return env


async def delete_streams(nats_url: str, prefix: str) -> None:
    client = await nats.connect(nats_url)
    try:
        js = client.jetstream()
        for name in await js.streams_info():
            if name.config.name and name.config.name.startswith(prefix.upper() + "_"):
                await js.delete_stream(name.config.name)
    finally:
        await asyncio.wait_for(client.close(), timeout=5)
