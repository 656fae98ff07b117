"""``conoceles up``: the whole system on one machine, for a newcomer or a demo.

Starts the embedded NATS and PostgreSQL when no URLs are configured (data under
``var/``), provisions the database, starts every service and the gateway as processes
of their own (logs under ``var/logs/``), waits until ``/salud`` answers 200 and prints
the portal URL. Ctrl-C (or SIGTERM) stops the services first, letting them drain, then
the servers; no process is left behind and the data stays for the next start.

Before anything starts it checks that the gateway's port is free, and it takes ``/salud``
as its own only when the gateway answering is the process it started: another program,
or another Conóceles, on that port must not pass for this one.
"""

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from types import FrameType

from contracts.health import SystemHealth
from contracts.services import BACKEND_SERVICES
from services.launcher.definitions import demo_in_order, service_definitions
from services.launcher.embedded import Servers, configured_or_embedded, free_port
from services.launcher.running_stack import announce_servers, withdraw_servers
from services.runtime.database import provision
from services.runtime.settings import Settings, load_settings

# A first start applies every migration of every service at once: 15 s on an idle laptop,
# several times that on a busy one.
READY_TIMEOUT_S = 60.0
DEFAULT_NATS_PORT = 14222


class NotOurSystem(RuntimeError):
    """What answers at the portal's address is not what this launcher started."""


def port_in_use(host: str, port: int) -> bool:
    """Whether something listens there already: a bind as the gateway will do it
    (SO_REUSEADDR, so a previous run's closing connections do not count)."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return True
    return False


def port_taken_message(host: str, port: int) -> str:
    return (
        f"El puerto {port} de {host}, el del portal, ya lo ocupa otro programa "
        "(¿otro Conóceles en marcha?). Deténgalo, o elija otro puerto con la variable "
        f"CONOCELES_GATEWAY_PORT, por ejemplo: CONOCELES_GATEWAY_PORT={free_port()} make up"
    )


class Stack:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.var = settings.var_dir.resolve()
        self.servers: Servers | None = None
        self.processes: dict[str, subprocess.Popen[bytes]] = {}

    def start_servers(self) -> dict[str, str]:
        self.servers = configured_or_embedded(
            self.settings.nats_url,
            self.settings.database_url,
            nats_dir=self.var / "nats",
            postgres_dir=self.var / "pg",
            nats_port=DEFAULT_NATS_PORT,
        )
        if self.servers.embedded_nats is not None:
            print(f"NATS embebido en {self.servers.nats_url} (datos en {self.var / 'nats'})")
        if self.servers.embedded_postgres is not None:
            print(f"PostgreSQL embebido (datos en {self.var / 'pg'})")
        announce_servers(self.settings, self.servers.nats_url, self.servers.database_url)
        return {
            "NATS_URL": self.servers.nats_url,
            "DATABASE_URL": self.servers.database_url,
            "CONOCELES_VAR_DIR": str(self.var),
        }

    def start_services(self, env: dict[str, str]) -> None:
        logs = self.var / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        child_env = {**os.environ, **env}
        for name in [*BACKEND_SERVICES, "gateway"]:
            out = (logs / f"{name}.log").open("ab")
            self.processes[name] = subprocess.Popen(
                [sys.executable, "-m", f"services.{name}"],
                env=child_env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )

    def portal_url(self) -> str:
        return f"http://{self.settings.gateway_host}:{self.settings.gateway_port}/"

    def wait_until_healthy(self) -> SystemHealth:
        deadline = time.monotonic() + READY_TIMEOUT_S
        last: dict[str, object] = {}
        while time.monotonic() < deadline:
            self.raise_if_a_process_died()
            try:
                with urllib.request.urlopen(self.portal_url() + "salud", timeout=3) as response:
                    health = SystemHealth.model_validate_json(response.read())
            except urllib.error.HTTPError as error:
                last = {"http": error.code, "body": error.read().decode(errors="replace")}
            except ValueError as error:  # not a health report: some other program answers
                raise NotOurSystem(self.not_ours("no responde como Conóceles")) from error
            except OSError:
                pass
            else:
                self.raise_unless_ours(health)
                return health
            time.sleep(0.2)  # the gateway offers no event to await before it listens
        raise TimeoutError(f"el sistema no quedó sano en {READY_TIMEOUT_S} s: {last}")

    def raise_unless_ours(self, health: SystemHealth) -> None:
        """The gateway answering must be the process this launcher started."""
        pids = {s.service: s.pid for s in health.services}
        if pids.get("gateway") != self.processes["gateway"].pid:
            raise NotOurSystem(self.not_ours("responde un portal que este lanzador no inició"))

    def not_ours(self, what: str) -> str:
        return f"En {self.portal_url()} {what}. " + port_taken_message(
            self.settings.gateway_host, self.settings.gateway_port
        )

    def raise_if_a_process_died(self) -> None:
        for name, process in self.processes.items():
            if process.poll() is not None:
                host, port = self.settings.gateway_host, self.settings.gateway_port
                if name == "gateway" and port_in_use(host, port):
                    # Taken after the first check: the gateway could not listen.
                    raise NotOurSystem(port_taken_message(host, port))
                raise RuntimeError(
                    f"el proceso «{name}» terminó (código {process.returncode}); "
                    f"vea {self.var / 'logs' / (name + '.log')}"
                )

    def stop(self) -> None:
        withdraw_servers(self.settings)
        for process in self.processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + self.settings.shutdown_grace_s + 5
        for process in self.processes.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if self.servers is not None:
            self.servers.stop()


def up() -> int:
    stack = Stack(load_settings())
    host, port = stack.settings.gateway_host, stack.settings.gateway_port
    if port_in_use(host, port):
        print(f"Error: {port_taken_message(host, port)}", file=sys.stderr)
        return 1
    stopping = False

    def request_stop(signum: int, _: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    try:
        env = stack.start_servers()
        settings = stack.settings.model_copy(
            update={"nats_url": env["NATS_URL"], "database_url": env["DATABASE_URL"]}
        )
        asyncio.run(provision(settings, [str(s) for s in BACKEND_SERVICES]))
        started = time.monotonic()
        stack.start_services(env)
        health = stack.wait_until_healthy()
        print(f"Sistema sano en {time.monotonic() - started:.1f} s")
        print(f"Servicios sanos: {', '.join(s.service for s in health.services)}")
        # The launcher starts every service, so it also loads their demo data (the demo
        # election, the first admin's door, the demo party's people), each service's as it
        # declares (its ServiceDefinition's ``demo``), in the order they build on each other.
        for demo in demo_in_order(service_definitions()):
            for line in asyncio.run(demo.load(settings)):
                print(line)
        print(f"\nConóceles está listo: {stack.portal_url()}\nCtrl-C para detener.\n", flush=True)
        while not stopping:
            time.sleep(0.5)
            if not stopping:
                stack.raise_if_a_process_died()
        print("Deteniendo…", flush=True)
        return 0
    except (RuntimeError, TimeoutError) as error:
        print(f"Error: {error}", file=sys.stderr)
        return 1
    finally:
        stack.stop()
        print("Detenido; los datos quedan en", stack.var)
