"""The ports the embedded servers and the tests' own servers are given. A port the kernel
picked (bind to 0) lies in its ephemeral range, where any client connection's local port
is taken from: one took it between the probe and nats-server's bind, the server died with
"address already in use", and the test waited ten seconds for nothing."""

import subprocess
import sys
from pathlib import Path

import pytest

from services.launcher.embedded import free_port, wait_for_port

EPHEMERAL_RANGE = Path("/proc/sys/net/ipv4/ip_local_port_range")


@pytest.mark.skipif(not EPHEMERAL_RANGE.exists(), reason="Linux names its ephemeral range")
def test_a_free_port_is_never_one_a_client_connection_may_be_handed() -> None:
    first_ephemeral = int(EPHEMERAL_RANGE.read_text(encoding="ascii").split()[0])
    ports = {free_port() for _ in range(200)}
    assert max(ports) < first_ephemeral
    assert len(ports) > 150  # spread out, not one port every test reuses


def test_a_server_that_dies_before_listening_is_reported_at_once() -> None:
    port = free_port()
    process = subprocess.Popen([sys.executable, "-c", "raise SystemExit(3)"])
    with pytest.raises(RuntimeError, match="exited with code 3"):
        wait_for_port(port, timeout_s=30, process=process)
