"""The hop (issue 18): one request through the gateway to a service over the bus and back,
beside a trivial aiohttp handler under the same ``wrk`` load in the same run.

1. Trivial: ``bench/trivial_server.py``, a JSON body and nothing else (the raw
   counterpart).
2. The floor: ``bench/bus_floor_server.py``, a bare aiohttp handler making the same
   request to audit over NATS (nats-py; no middleware, no telemetry): the least a hop
   costs in Python here.
3. The hop: ``GET /api/v1/auditoria/llave-publica``, anonymous, the full way through the
   gateway (its server span, request id, input guard, session, failure watch), one
   request over NATS to the audit service, which answers the key it holds in memory.
4. A no-op authenticated request: ``GET /api/v1/avisos`` with a bearer token, the
   lightest authenticated route (the token checked, one request over NATS to accounts,
   one indexed read of an empty inbox): the raw counterpart of the draft save's ceiling
   (``noop_authenticated``, which bench/capture.py can call).
5. ``GET /salud`` as a browser asks it, the page the portal's front page once was: every
   service's health asked over the bus (each one ``SELECT 1``).
Each load's CPU per process (bench/process_cpu.py), and then, loaded again, where the
gateway's and the service's time goes (py-spy, bench/sampling.py). Every service of the
system runs as its own process; the Nuevo León profile. ``python -m bench.hop`` runs it
alone and rewrites its section of bench/RESULTS.md.
"""

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import aiohttp
import uvloop

from bench.process_cpu import CpuMeter, CpuUse
from bench.sampling import Sampling
from bench.sign_in import admin_token
from bench.standalone import run_alone
from bench.targets import Target
from bench.wrk_load import Load, load
from contracts import subjects
from contracts.services import BACKEND_SERVICES
from services.launcher.embedded import free_port
from services.runtime.child_process import ServiceProcess
from services.runtime.settings import Settings

SERVICES = [str(s) for s in BACKEND_SERVICES]
SECONDS = 10
WARM_S = 2
SAMPLED_S = 6
CONNECTIONS = 32
HOP = "/api/v1/auditoria/llave-publica"
NOOP = "/api/v1/avisos"
HEALTH = "/salud"
PROFILE = "nuevo-leon"
SAMPLED_RATIO = 0.01
SHOWN = ("trivial", "floor", "gateway", "audit", "accounts", "nats-server", "postgresql")


@dataclass(frozen=True)
class Measured:
    load: Load
    cpu: CpuUse
    sampled: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class HopFigures:
    trivial: Measured
    floor: Measured
    hop: Measured
    noop: Measured
    health: Measured
    hop_sampled: Measured
    """The hop again, the gateway and audit keeping one trace in 100 (``trace_ratio``)."""


def _pids_where(program: str, said: Callable[[list[str]], bool]) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            argv = (entry / "cmdline").read_bytes().decode(errors="replace").split("\0")
        except OSError:
            continue
        if argv and Path(argv[0]).name.startswith(program) and said(argv):
            found.append(int(entry.name))
    return found


def _nats_pids(settings: Settings) -> list[int]:
    """This run's nats-server: its port on its command line or in its configuration."""
    port = f":{urlsplit(settings.require_nats_urls()[0]).port}"

    def ours(argv: list[str]) -> bool:
        if "-c" in argv and Path(argv[argv.index("-c") + 1]).exists():
            return port in Path(argv[argv.index("-c") + 1]).read_text()
        return any(port in a or a == port[1:] for a in argv)

    return _pids_where("nats-server", ours)


def _postgres_pids(settings: Settings) -> list[int]:
    """The backends serving this run's database (named for the run's instance)."""
    return _pids_where("postgres", lambda argv: f" {settings.instance} " in " ".join(argv) + " ")


async def measured(
    base: str,
    path: str,
    *,
    pids: Callable[[], dict[str, list[int]]],
    headers: dict[str, str] | None = None,
    sample: dict[str, int] | None = None,
    seconds: int = SECONDS,
) -> Measured:
    """``path`` loaded (after a warm-up), its CPU per process; then loaded again under
    py-spy for each of ``sample`` (name → pid), apart, so the profiler costs no figure."""
    await load(base, [path], seconds=WARM_S, connections=CONNECTIONS, headers=headers)
    with CpuMeter(pids()) as meter:
        figure = await load(base, [path], seconds=seconds, connections=CONNECTIONS, headers=headers)
    sampled = []
    for name, pid in (sample or {}).items():
        async with Sampling(pid, name) as profile:
            await load(base, [path], seconds=SAMPLED_S, connections=CONNECTIONS, headers=headers)
        functions = ", ".join(
            f"{what} {100 * n / max(profile.samples, 1):.0f} %"
            for what, n in profile.functions.most_common(4)
        )
        sampled.append(f"{profile.summary()}. Innermost functions: {functions}")
    return Measured(figure, meter.use, sampled)


async def noop_authenticated(
    base: str,
    token: str,
    *,
    seconds: int = SECONDS,
    connections: int = CONNECTIONS,
) -> Load:
    """The raw counterpart of an authenticated write's ceiling: ``GET /api/v1/avisos``
    with ``token`` through the gateway at ``base`` (the token checked, one request over
    the bus to accounts, one indexed read), ``connections`` at a time, back to back."""
    headers = {"Authorization": f"Bearer {token}"}
    await load(base, [NOOP], seconds=WARM_S, connections=connections, headers=headers)
    return await load(base, [NOOP], seconds=seconds, connections=connections, headers=headers)


def _pid(process: ServiceProcess) -> int:
    assert process.process is not None
    return process.process.pid


async def run(settings: Settings) -> HopFigures:
    settings = settings.model_copy(
        update={"gateway_port": free_port(), "demo_profile": PROFILE, "sign_in_per_minute": 10_000}
    )
    trivial_port = free_port()
    services = {name: ServiceProcess(settings, f"services.{name}") for name in SERVICES}
    await asyncio.gather(*(s.start(timeout_s=120) for s in services.values()))
    gateway = await ServiceProcess(settings, "services.gateway").start(timeout_s=120)
    trivial = await ServiceProcess(settings, "bench.trivial_server", str(trivial_port)).start()
    floor_port = free_port()
    key_subject = subjects.request_subject(settings.bus_prefix, "audit", "key.public")
    nats_url = settings.require_nats_urls()[0]
    floor = await ServiceProcess(
        settings, "bench.bus_floor_server", str(floor_port), nats_url, key_subject
    ).start()
    base = f"http://127.0.0.1:{settings.gateway_port}"
    try:
        async with aiohttp.ClientSession(base) as http:
            token = await admin_token(http, settings)
        bearer = {"Authorization": f"Bearer {token}"}
        at_gateway = {"gateway": _pid(gateway)}

        def pids() -> dict[str, list[int]]:
            return {
                "trivial": [_pid(trivial)],
                "floor": [_pid(floor)],
                "gateway": [_pid(gateway)],
                **{name: [_pid(process)] for name, process in services.items()},
                "nats-server": _nats_pids(settings),
                "postgresql": _postgres_pids(settings),
            }

        raw = await measured(f"http://127.0.0.1:{trivial_port}", HOP, pids=pids)
        bare = await measured(f"http://127.0.0.1:{floor_port}", HOP, pids=pids)
        hop = await measured(
            base, HOP, pids=pids, sample={**at_gateway, "audit": _pid(services["audit"])}
        )
        noop = await measured(
            base,
            NOOP,
            pids=pids,
            headers=bearer,
            sample={**at_gateway, "accounts": _pid(services["accounts"])},
        )
        health = await measured(
            base, HEALTH, pids=pids, headers={"Accept": "text/html"}, sample=at_gateway
        )
        sampled_settings = settings.model_copy(update={"trace_ratio": SAMPLED_RATIO})
        await gateway.stop()
        await services["audit"].stop()
        services["audit"] = await ServiceProcess(sampled_settings, "services.audit").start(120)
        gateway = await ServiceProcess(sampled_settings, "services.gateway").start(120)
        hop_sampled = await measured(base, HOP, pids=pids)
    finally:
        await trivial.stop()
        await floor.stop()
        await gateway.stop()
        await asyncio.gather(*(s.stop() for s in services.values()))
    return HopFigures(raw, bare, hop, noop, health, hop_sampled)


def _cpu(use: CpuUse) -> str:
    return ", ".join(f"{name} {use.cores.get(name, 0.0):.2f}" for name in SHOWN)


def per_request_us(one: Measured, process: str) -> float:
    """CPU microseconds ``process`` spent per request served."""
    return 1e6 * one.cpu.cores.get(process, 0.0) / max(one.load.requests_per_s, 1e-9)


def _row(name: str, ours: Measured, raw: Measured, front: str = "gateway") -> str:
    one, base = ours.load, raw.load
    return (
        f"| {name} | {one.requests_per_s:,.0f} | {one.requests_per_s / base.requests_per_s:.2f} "
        f"| {one.p50_ms:.1f} | {one.p99_ms:.1f} | {one.errors + one.non_2xx} | {_cpu(ours.cpu)} "
        f"| {per_request_us(ours, front):,.0f} |"
    )


def report(figures: HopFigures) -> str:
    f = figures
    rows = [
        "| request | requests/s | × trivial | p50 ms | p99 ms | errors | CPU, cores: "
        + ", ".join(SHOWN)
        + " | front process's CPU µs/request (gateway; trivial's, floor's own) |",
        "|---|---:|---:|---:|---:|---:|---|---:|",
        _row("trivial aiohttp handler", f.trivial, f.trivial, "trivial"),
        _row("floor: bare aiohttp + one nats-py request", f.floor, f.trivial, "floor"),
        _row(f"the hop: `GET {HOP}`", f.hop, f.trivial),
        _row(f"no-op authenticated: `GET {NOOP}`", f.noop, f.trivial),
        _row(f"`GET {HEALTH}` (HTML): every service's health", f.health, f.trivial),
        _row(f"the hop, one trace in {1 / SAMPLED_RATIO:.0f} kept", f.hop_sampled, f.trivial),
    ]
    sampled = [
        f"- {what}: {line}"
        for what, one in (("the hop", f.hop), ("no-op authenticated", f.noop), ("health", f.health))
        for line in one.sampled
    ]
    gateway_us, floor_us = per_request_us(f.hop, "gateway"), per_request_us(f.floor, "floor")
    limits = (
        f"What limits the hop: the gateway's one process, {f.hop.cpu.cores.get('gateway', 0):.2f} "
        f"of a core busy, {gateway_us:,.0f} µs of CPU a request; the floor (aiohttp and nats-py "
        f"alone) costs {floor_us:,.0f} µs and the trivial handler "
        f"{per_request_us(f.trivial, 'trivial'):,.0f}. The rest is the gateway's own way: two "
        "spans and their export (a gateway without telemetry, OTEL_SDK_DISABLED, spent ~75 µs "
        "less a request), the middlewares (request id, input guard, session with its "
        "pre-session cookie and CSRF token, failure watch), the envelope's pydantic models. "
        f"0.25 × trivial, on the one core the trivial handler fills, allows 4 × its "
        f"{per_request_us(f.trivial, 'trivial'):,.0f} µs ≈ "
        f"{4 * per_request_us(f.trivial, 'trivial'):,.0f} µs a request: "
        f"{4 * per_request_us(f.trivial, 'trivial') / max(floor_us, 1e-9):.1f} × the floor, "
        f"{gateway_us / max(4 * per_request_us(f.trivial, 'trivial'), 1e-9):.1f} times less "
        "than the gateway spends; with a trace of every request, not reached here."
    )
    return "\n".join(
        [
            "## The hop: gateway → bus → service → back (issue 18)",
            "",
            __doc__ or "",
            f"Load: `wrk`, {CONNECTIONS} connections, {SECONDS} s each after {WARM_S} s "
            f"unmeasured; py-spy over {SAMPLED_S} s more of the same load. "
            "Command: `python -m bench.hop`.",
            "",
            *rows,
            "",
            "Where the time goes, sampled under load (innermost frame):",
            "",
            *sampled,
            "",
            limits,
            "",
        ]
    )


def _floor_said(figures: HopFigures) -> str:
    """The target beside the floor: a gateway that does its work (who asks, the request's
    id, the input's guard, the trace, problem+json) cannot pass a handler that does none
    of it."""
    floor = figures.floor.load.requests_per_s / figures.trivial.load.requests_per_s
    return (
        f"The floor itself, with no middleware at all, reaches {floor:.2f} × trivial: "
        "0.25 asks the gateway to cost about what a bare aiohttp handler and nats-py do"
    )


def targets(figures: HopFigures) -> list[Target]:
    hop, raw, health = figures.hop.load, figures.trivial.load, figures.health.load
    sampled = figures.hop_sampled.load
    ratio = hop.requests_per_s / raw.requests_per_s
    return [
        Target(
            "The hop: gateway → NATS → service → back",
            f"{hop.requests_per_s:,.0f} /s, p99 {hop.p99_ms:.1f} ms",
            f"trivial handler {raw.requests_per_s:,.0f} /s",
            ratio,
            "≥ 0.25, p99 ≤ 25 ms",
            ratio >= 0.25 and hop.p99_ms <= 25,
            f"the gateway's Python: {per_request_us(figures.hop, 'gateway'):,.0f} µs of CPU a "
            f"request (the floor, aiohttp + nats-py alone: "
            f"{per_request_us(figures.floor, 'floor'):,.0f} µs); the 2 cores shared. "
            + _floor_said(figures),
        ),
        Target(
            f"The hop, one trace in {1 / SAMPLED_RATIO:.0f} kept (`trace_ratio`)",
            f"{sampled.requests_per_s:,.0f} /s, p99 {sampled.p99_ms:.1f} ms",
            f"trivial handler {raw.requests_per_s:,.0f} /s",
            sampled.requests_per_s / raw.requests_per_s,
            "≥ 0.25, p99 ≤ 25 ms",
            sampled.requests_per_s / raw.requests_per_s >= 0.25 and sampled.p99_ms <= 25,
            f"the gateway's Python: {per_request_us(figures.hop_sampled, 'gateway'):,.0f} µs of "
            "CPU a request. " + _floor_said(figures),
        ),
        Target(
            "`/salud`: every service's health",
            f"{health.requests_per_s:,.0f} /s, p99 {health.p99_ms:.1f} ms",
            f"trivial handler {raw.requests_per_s:,.0f} /s",
            health.requests_per_s / raw.requests_per_s,
            "p99 ≤ 25 ms",
            health.p99_ms <= 25,
            "the gateway's one process",
        ),
    ]


async def main() -> None:
    async def measure(settings: Settings) -> str:
        return report(await run(settings))

    await run_alone(SERVICES, measure)


if __name__ == "__main__":
    uvloop.run(main())
