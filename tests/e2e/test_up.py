"""``conoceles up`` (what ``make up`` runs), as a newcomer would use it.

The launcher runs in a process group of its own and the test sends SIGINT to the whole
group, exactly as Ctrl-C in a terminal does.
"""

import asyncio
import contextlib
import http.server
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import asyncpg
import nats
import pytest

from services.launcher.embedded import EmbeddedPostgres, free_port
from services.launcher.stack import NotOurSystem, Stack
from services.runtime.settings import Settings
from tests.support.servers import REPO

READY = re.compile(r"Conóceles está listo: (\S+)")


class Launcher:
    def __init__(self, env: dict[str, str], *args: str) -> None:
        self.env = env
        self.args = args
        self.output: list[str] = []
        self.process: asyncio.subprocess.Process | None = None

    async def start(self, timeout_s: float = 90) -> str:
        """Start and return the portal URL once the launcher says the system is ready."""
        self.process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "services.launcher.cli",
            "up",
            *self.args,
            cwd=REPO,
            env=self.env,
            start_new_session=True,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        assert self.process.stdout is not None
        async with asyncio.timeout(timeout_s):
            async for raw in self.process.stdout:
                line = raw.decode().rstrip()
                self.output.append(line)
                if match := READY.search(line):
                    return match.group(1)
        raise AssertionError("the launcher ended before it was ready:\n" + "\n".join(self.output))

    async def ctrl_c(self) -> int:
        assert self.process is not None and self.process.stdout is not None
        os.killpg(self.process.pid, signal.SIGINT)
        async with asyncio.timeout(60):
            async for raw in self.process.stdout:
                self.output.append(raw.decode().rstrip())
            return await self.process.wait()


@contextlib.asynccontextmanager
async def launched(env: dict[str, str], *args: str) -> AsyncIterator[tuple[Launcher, str]]:
    launcher = Launcher(env, *args)
    url = await launcher.start()
    try:
        yield launcher, url
    finally:
        if launcher.process is not None and launcher.process.returncode is None:
            await launcher.ctrl_c()


async def health(url: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    async with aiohttp.ClientSession() as http, http.get(url + "salud") as response:
        return response.status, await response.json()


def alive(pid: int) -> bool:
    """Running, that is: neither gone nor a zombie waiting for its parent (here the
    sandbox's init, which does not reap) to collect its exit status."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def embedded_env(var_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NATS_URL", "DATABASE_URL")}
    env["CONOCELES_VAR_DIR"] = str(var_dir)
    env["CONOCELES_GATEWAY_PORT"] = str(free_port())
    return env


async def test_up_starts_everything_embedded_and_ctrl_c_leaves_nothing_but_data(
    tmp_path: Path,
) -> None:
    var_dir = tmp_path / "var"
    env = embedded_env(var_dir)
    async with launched(env) as (launcher, url):
        status, body = await health(url)
        assert status == 200 and body["status"] == "arriba"
        pids = [s["pid"] for s in body["services"] if s["pid"]]
        assert len(pids) == 7, "six services and the gateway, each its own process"
        assert len(set(pids)) == 7
        nats_url = re.search(r"NATS embebido en (\S+)", "\n".join(launcher.output)).group(1)  # type: ignore[union-attr]
        postmaster = int((var_dir / "pg" / "postmaster.pid").read_text().split()[0])
        admin = await asyncpg.connect(EmbeddedPostgres(var_dir / "pg", stop_at_exit=False).url)
        await admin.execute("CREATE TABLE public.marca (nota text)")
        await admin.execute("INSERT INTO public.marca VALUES ('antes de Ctrl-C')")
        await admin.close()
        assert await launcher.ctrl_c() == 0

    assert [pid for pid in [*pids, postmaster] if alive(pid)] == []
    assert "Detenido" in launcher.output[-1]

    async with launched(env) as (again, url):
        assert (await health(url))[0] == 200
        admin = await asyncpg.connect(EmbeddedPostgres(var_dir / "pg", stop_at_exit=False).url)
        assert await admin.fetchval("SELECT nota FROM public.marca") == "antes de Ctrl-C"
        await admin.close()
        client = await nats.connect(
            re.search(r"NATS embebido en (\S+)", "\n".join(again.output)).group(1)
        )  # type: ignore[union-attr]
        streams = {s.config.name for s in await client.jetstream().streams_info()}
        await client.close()
        assert "CONOCELES_EVT_CAPTURE" in streams, "JetStream kept its streams"
    assert nats_url


async def test_up_with_urls_uses_those_servers_and_starts_none(
    fresh: Settings, tmp_path: Path
) -> None:
    env = {**os.environ, **fresh.as_env()}
    env["CONOCELES_VAR_DIR"] = str(tmp_path / "var")
    env["CONOCELES_GATEWAY_PORT"] = str(free_port())
    async with launched(env, "--perfil", "zacatecas") as (launcher, url):
        status, body = await health(url)
        assert status == 200 and body["status"] == "arriba"
        printed = "\n".join(launcher.output)
        assert "Elección de demostración cargada: zac-2026-2027" in printed, printed
        assert "En este perfil el Instituto autoriza cada publicación" in printed
        assert not any("embebido" in line for line in launcher.output)
        assert not (tmp_path / "var" / "pg").exists()
        assert not (tmp_path / "var" / "nats").exists()
        assert await launcher.ctrl_c() == 0


async def test_a_newcomer_activates_the_printed_admin_and_finds_the_demo_election(
    fresh: Settings, tmp_path: Path
) -> None:
    import pyotp

    from tests.support.accounts import STRONG_PASSWORD, next_totp
    from tests.support.waiting import eventually

    env = {**os.environ, **fresh.as_env()}
    env["CONOCELES_VAR_DIR"] = str(tmp_path / "var")
    env["CONOCELES_GATEWAY_PORT"] = str(free_port())
    env["CONOCELES_DEMO_PROFILE"] = "nuevo-leon"  # the demo services/capture/demo.py writes
    async with launched(env) as (launcher, url), aiohttp.ClientSession(url) as http:
        printed = "\n".join(launcher.output)
        code = re.search(r"con el código (\S+)", printed).group(1)  # type: ignore[union-attr]
        password = {"contrasena": STRONG_PASSWORD, "confirmacion": STRONG_PASSWORD}
        async with http.post("/api/v1/activacion", json={"codigo": code, **password}) as r:
            assert r.status == 200, await r.text()
            enrolment = (await r.json())["totp"]
        totp = pyotp.TOTP(enrolment["secret"])
        confirm = {"ticket": enrolment["ticket"], "codigo_totp": totp.now()}
        async with http.post("/api/v1/activacion/segundo-factor", json=confirm) as r:
            assert r.status == 204
        sign_in = {
            "usuario": "admin",
            "contrasena": STRONG_PASSWORD,
            "codigo_totp": next_totp(enrolment["secret"]),
        }
        async with http.post("/api/v1/sesion", json=sign_in) as r:
            assert r.status == 200, await r.text()
            token = (await r.json())["access_token"]

        async def board() -> list[dict]:  # type: ignore[type-arg]
            async with http.get(
                "/api/v1/entregas", headers={"Authorization": f"Bearer {token}"}
            ) as r:
                return list((await r.json())["deliveries"])

        rows = await eventually(board, lambda b: len(b) == 6, what="demo election")
        assert {row["name"] for row in rows} >= {"Partido Acción Nacional (PAN)"}

        found = re.search(
            r"Cuenta de demostración «(\S+)» \(Captura.*?\): actívela en "
            r"\S+ con el código (\S+)",
            printed,
        )
        assert found is not None, printed
        user, capture_code = found.groups()
        async with http.post("/api/v1/activacion", json={"codigo": capture_code, **password}) as r:
            assert r.status == 200, await r.text()
        capture_sign_in = {"usuario": user, "contrasena": STRONG_PASSWORD}
        async with http.post("/api/v1/sesion", json=capture_sign_in) as r:
            capturist = (await r.json())["access_token"]
        async with http.get(
            "/api/v1/candidaturas", headers={"Authorization": f"Bearer {capturist}"}
        ) as r:
            mine = {c["candidacy_id"]: c["capture_status"] for c in (await r.json())["candidacies"]}
        # the newcomer can capture at once; the other waits in the verifier's queue
        assert mine == {"DM01-PAN": "draft", "PM-MTY-PAN": "validated"}
        assert "PM-MTY-PAN, en espera en la cola de moderación" in printed
        # MC's, the independent's and the coalition's are public on the portal at once
        assert "públicas en el portal: PM-MTY-MC, PM-MTY-IND, DM01-SHH" in printed, printed
        assert await launcher.ctrl_c() == 0


def group_members(pgid: int) -> list[int]:
    """Live processes of a process group (the launcher's session and its children)."""
    members = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and alive(int(entry.name)):
            with contextlib.suppress(ProcessLookupError):
                if os.getpgid(int(entry.name)) == pgid:
                    members.append(int(entry.name))
    return members


async def ended(env: dict[str, str], *args: str) -> tuple[int, str, int]:
    """Run the launcher to its end: exit code, what it printed, its process group."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "services.launcher.cli",
        "up",
        *args,
        cwd=REPO,
        env=env,
        start_new_session=True,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    async with asyncio.timeout(60):
        output, _ = await process.communicate()
    return process.returncode or 0, output.decode(), process.pid


async def test_up_on_a_taken_port_names_it_in_spanish_and_starts_nothing(tmp_path: Path) -> None:
    var_dir = tmp_path / "var"
    env = embedded_env(var_dir)
    port = int(env["CONOCELES_GATEWAY_PORT"])
    with socket.socket() as other_program:
        other_program.bind(("127.0.0.1", port))
        other_program.listen()
        code, output, group = await ended(env)
    assert code != 0
    assert f"El puerto {port}" in output and "CONOCELES_GATEWAY_PORT=" in output, output
    assert "Traceback" not in output
    assert group_members(group) == []
    assert not (var_dir / "pg").exists() and not (var_dir / "nats").exists()


async def test_up_with_an_unknown_profile_lists_the_profiles_and_starts_nothing(
    tmp_path: Path,
) -> None:
    var_dir = tmp_path / "var"
    code, output, group = await ended(embedded_env(var_dir), "--perfil", "veracruz")
    assert code == 1
    assert "No hay demostración del perfil «veracruz»" in output, output
    assert "nuevo-leon, estado-de-mexico, zacatecas, durango, tabasco" in output, output
    assert "Traceback" not in output
    assert group_members(group) == []
    assert not var_dir.exists()


async def test_up_does_not_take_another_systems_health_for_its_own(
    fresh: Settings, tmp_path: Path
) -> None:
    """Another program that grabs the port after the check (the gateway then cannot
    listen) and answers /salud as a healthy Conóceles would."""
    port = free_port()
    healthy = json.dumps(
        {"status": "arriba", "services": [{"service": "gateway", "status": "arriba", "pid": 1}]}
    ).encode()

    class OtherConoceles(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(healthy)

        def log_message(self, *_: object) -> None: ...

    settings = fresh.model_copy(update={"gateway_port": port, "var_dir": tmp_path / "var"})
    stack = Stack(settings)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), OtherConoceles)
    answering = threading.Thread(target=server.serve_forever, daemon=True)
    answering.start()
    try:
        # Stands for the gateway this launcher started: alive, but not the one answering.
        stack.processes["gateway"] = subprocess.Popen(
            [sys.executable, "-c", "input()"], stdin=subprocess.PIPE
        )
        with pytest.raises(NotOurSystem, match=f"El puerto {port}"):
            await asyncio.to_thread(stack.wait_until_healthy)
    finally:
        stack.stop()
        server.shutdown()
        server.server_close()


CONOCELES = Path(sys.executable).parent / "conoceles"


async def command(env: dict[str, str], *args: str) -> tuple[int, str]:
    """A ``conoceles`` command typed in another terminal, as the README writes it."""
    process = await asyncio.create_subprocess_exec(
        str(CONOCELES),
        *args,
        cwd=REPO,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    async with asyncio.timeout(60):
        output, _ = await process.communicate()
    return process.returncode or 0, output.decode()


async def test_every_command_of_the_readme_works_beside_a_running_make_up(
    tmp_path: Path,
) -> None:
    from tests.support.waiting import eventually

    var_dir = tmp_path / "var"
    env = embedded_env(var_dir)
    async with launched(env) as (launcher, url), aiohttp.ClientSession(url) as http_client:
        code, output = await command(env, "audit", "verify")
        assert code == 0 and "Traceback" not in output, output

        async def consistency() -> tuple[int, dict]:  # type: ignore[type-arg]
            async with http_client.get("/api/v1/auditoria/prueba-consistencia?de=1&a=2") as r:
                return r.status, await r.json()

        _, proof = await eventually(consistency, lambda r: r[0] == 200, what="two entries")
        proof_file = tmp_path / "prueba.json"
        proof_file.write_text(json.dumps(proof), encoding="utf-8")
        code, output = await command(env, "audit", "verify-proof", str(proof_file))
        assert code == 0 and "se sostiene" in output, output

        async with http_client.get("/api/v1/auditoria/prueba-consistencia?de=x") as r:
            trace_id = (await r.json())["trace_id"]
        code, output = await eventually(
            lambda: command(env, "trace", trace_id), lambda r: r[0] == 0, what="the trace"
        )
        assert "GET" in output and "Traceback" not in output, output

        code, output = await command(env, "docs", "--salida", str(tmp_path / "asyncapi.json"))
        assert code == 0 and (tmp_path / "asyncapi.json").exists(), output

        # typed in another terminal, without the port the launcher was given
        elsewhere = {k: v for k, v in env.items() if k != "CONOCELES_GATEWAY_PORT"}
        code, output = await command(elsewhere, "cuentas", "primer-admin")
        assert code == 0 and "Traceback" not in output, output
        assert f"{url.rstrip('/')}/activar" in output, output  # the portal that is running
        assert await launcher.ctrl_c() == 0

    code, output = await command(env, "audit", "verify")
    assert code == 1 and "make up" in output and "Traceback" not in output, output


async def test_audit_verify_with_nothing_running_says_to_start_make_up(tmp_path: Path) -> None:
    env = embedded_env(tmp_path / "var")
    code, output = await command(env, "audit", "verify")
    assert code == 1
    assert "make up" in output and "DATABASE_URL" in output, output
    assert "Traceback" not in output
