"""Every test that needs NATS or PostgreSQL talks to real ones.

``NATS_URL`` / ``DATABASE_URL`` when set, otherwise embedded servers started here. Each
run gets its own instance name, hence its own database, roles, streams and subjects, so
runs never collide; everything is dropped at the end.
"""

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from contracts.services import BACKEND_SERVICES
from services.runtime.database import deprovision, provision
from services.runtime.settings import Settings
from tests.support.pingpong import RECEIVER, SENDER
from tests.support.servers import Servers, delete_streams, run_settings, start_servers

ALL_SERVICES = [str(s) for s in BACKEND_SERVICES] + [SENDER, RECEIVER]


@pytest.fixture(scope="session")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    started = start_servers(tmp_path_factory.mktemp("servers"))
    yield started
    started.stop()


@pytest.fixture(scope="session")
async def run(
    servers: Servers, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Settings]:
    """The settings of this test run, with its database provisioned."""
    settings = run_settings(servers, tmp_path_factory.mktemp("var"))
    await provision(settings, ALL_SERVICES)
    yield settings
    await delete_streams(servers.nats_url, settings.bus_prefix)
    await deprovision(settings, ALL_SERVICES)


@pytest.fixture
async def fresh(servers: Servers, tmp_path: Path) -> AsyncIterator[Settings]:
    """A run of its own for one test that must not see other tests' events or rows."""
    settings = run_settings(servers, tmp_path / "var")
    await provision(settings, ALL_SERVICES)
    yield settings
    await delete_streams(servers.nats_url, settings.bus_prefix)
    await deprovision(settings, ALL_SERVICES)
