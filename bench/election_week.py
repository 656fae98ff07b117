"""Election week on one machine: citizens reading profiles and searching while parties
capture, verifiers work the moderation queue and supervisors validate.

The whole system runs as its own processes (accounts, capture, moderation, publication,
audit, the gateway), on the configured or embedded NATS and PostgreSQL:
- the public bucket holds ``PUBLISHED`` profiles of the national dataset
  (``bench/public_dataset.py``), which every gateway keeps in memory;
- ``CAPTURISTS`` capturists of ten parties, each on a candidacy of their own, save a
  draft of the curricular questionnaire through the gateway every 1–3 s;
- ``VERIFIERS`` verifiers ask moderation's queue (``review.queue`` over NATS
  request/reply, filters drawn at random) every 0.5–1.5 s each;
- supervisors validate ``publication_latency.CANDIDACIES`` submitted candidacies, 10 a
  second, through capture's validation step; each timed from its commit to its public
  profile's arrival on a watch of the public bucket (what every gateway keeps).
Under that load, ``wrk`` (a process of its own, on loopback) reads profiles' JSON and
searches (office + district + a surname) through the gateway, and reads the trivial
aiohttp handler (``bench/trivial_server.py``) under the same load, in the same window.
Targets: profile read ≥ 0.5 × trivial; search p95 ≤ 50 ms; validation → public p99 ≤ 1 s.
``python -m bench.election_week`` runs it alone and rewrites its section of
bench/RESULTS.md."""

import asyncio
import random
import statistics
import time
from collections import Counter
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import aiohttp
import uvloop
from faststream.nats import NatsBroker

from bench import capture, outbox_pipeline, public_read, publication_latency
from bench.process_cpu import CpuMeter, CpuUse
from bench.sampling import Sampling
from bench.sign_in import admin_token, capturist_tokens
from bench.standalone import run_alone
from bench.targets import Target
from bench.wrk_load import Load, load
from contracts.capture import CandidacyRef
from contracts.envelope import utc_now
from contracts.moderation import QueueFilters
from contracts.operations import moderation as moderation_operations
from contracts.requests import Principal
from contracts.roles import Role
from contracts.services import ServiceName
from services.capture.adapters.profile_files import SHIPPED, load_profile
from services.capture.demo import DEMO_PROFILE
from services.capture.domain.registry_rows import RegistryRules, check_rows
from services.capture.steps.importing import import_formulas
from services.capture.steps.validating import validate
from services.launcher.embedded import free_port
from services.runtime import database
from services.runtime.child_process import ServiceProcess
from services.runtime.outbox import Outbox
from services.runtime.requests import RequestClient
from services.runtime.service_deps import ServiceDeps
from services.runtime.settings import Settings

SERVICES = publication_latency.SERVICES
PUBLISHED = 100_000
CAPTURISTS = 200
VERIFIERS = 3
SECONDS = 10
WARM_S = 5
ELECTION = publication_latency.ELECTION
PARTIES = publication_latency.PARTIES
DRAFTS = range(publication_latency.CANDIDACIES, publication_latency.CANDIDACIES + CAPTURISTS)
"""The capturists' candidacies, one each, imported after the ones to be validated."""


@dataclass(frozen=True)
class WeekFigures:
    published: int
    trivial: Load
    profile_json: Load
    search: Load
    validation_ms: list[float]
    saves_ms: list[float]
    saves_failed: Counter[int]
    """The saves not saved, by the gateway's status (e.g. 504 when capture was late)."""
    queue_ms: list[float]
    cpu: CpuUse
    gateway_sampled: str
    """Where the gateway's time went while it served the profile (py-spy)."""
    raw: outbox_pipeline.Figures
    """Raw JetStream publish → consume, measured in the same run once the load stopped."""


async def import_drafts(deps: ServiceDeps) -> None:
    """The capturists' candidacies registered (not captured yet)."""
    profile = load_profile(SHIPPED / f"{DEMO_PROFILE}.toml")
    today = utc_now().astimezone(ZoneInfo(profile.time_zone)).date()
    config = publication_latency.election_config(today)
    rows = publication_latency.registry_rows(DRAFTS)
    checked = check_rows(rows, config, RegistryRules(today=utc_now().date()))
    if checked.problems:
        raise RuntimeError(f"the bench registry is wrong: {checked.problems[:3]}")
    async with deps.pool.acquire() as conn, conn.transaction():
        await import_formulas(
            conn, deps.outbox, config, checked.formulas, now=utc_now(), rows=len(rows)
        )


async def keep_saving(
    http: aiohttp.ClientSession, tokens: dict[str, str], stop: asyncio.Event
) -> tuple[list[float], Counter[int]]:
    """Each capturist saving every 1–3 s until ``stop``: the saves' latencies (ms), and how
    many were not saved (an error reply, e.g. the gateway's 504 when capture is late)."""
    timings: list[float] = []
    failed: Counter[int] = Counter()

    async def person(n: int) -> None:
        rng = random.Random(n)
        headers = {"Authorization": f"Bearer {tokens[PARTIES[n % len(PARTIES)]]}"}
        path = (
            f"/api/v1/candidaturas/{publication_latency.candidacy_id(n)}/cuestionarios/curricular"
        )
        saves = 0
        while not stop.is_set():
            await asyncio.sleep(rng.uniform(1.0, 3.0))
            body = {"respuestas": {"propuesta_1": f"{capture.TEXT} {saves}"}}
            started = time.perf_counter()
            async with http.put(path, headers=headers, json=body) as response:
                await response.read()
                if response.status == 200:
                    timings.append((time.perf_counter() - started) * 1000)
                else:
                    failed[response.status] += 1
            saves += 1

    await asyncio.gather(*(person(n) for n in DRAFTS))
    return timings, failed


async def keep_reviewing(settings: Settings, stop: asyncio.Event) -> list[float]:
    broker = NatsBroker(settings.require_nats_urls(), logger=None)
    await broker.start()
    timings: list[float] = []
    verifier = Principal(account_id="bench-verificacion", role=Role.VERIFIER, election_id=ELECTION)
    client = RequestClient(broker, settings.bus_prefix, 10)

    async def person(n: int) -> None:
        rng = random.Random(100 + n)
        while not stop.is_set():
            await asyncio.sleep(rng.uniform(0.5, 1.5))
            chosen: dict[str, Any] = {"eleccion": ELECTION, "pagina": rng.choice([1, 1, 2])}
            if rng.random() < 0.5:
                chosen["partido"] = rng.choice(PARTIES)
            started = time.perf_counter()
            await client.ask(
                moderation_operations.REVIEW_QUEUE,
                QueueFilters.model_validate(chosen),
                request_id="bench",
                principal=verifier,
            )
            timings.append((time.perf_counter() - started) * 1000)

    try:
        await asyncio.gather(*(person(n) for n in range(VERIFIERS)))
    finally:
        await broker.stop()
    return timings


async def validate_all(settings: Settings, deps: ServiceDeps) -> list[float]:
    """Every submitted candidacy validated, 10 a second: commit → public, in ms."""
    loop = asyncio.get_running_loop()
    ids = [publication_latency.candidacy_id(n) for n in range(publication_latency.CANDIDACIES)]
    arrivals = publication_latency.Arrivals(
        public={cid: loop.create_future() for cid in ids}, started=loop.create_future()
    )
    watching = asyncio.create_task(publication_latency.watch(settings, arrivals))
    try:
        await asyncio.wait_for(arrivals.started, publication_latency.ARRIVAL_TIMEOUT_S)
        committed: dict[str, float] = {}
        async for n in outbox_pipeline.paced(len(ids), publication_latency.RATE_PER_S):
            one = publication_latency.candidacy(n)
            async with deps.pool.acquire() as conn:
                async with conn.transaction():
                    await validate(
                        conn, deps, CandidacyRef(candidacy_id=one.candidacy_id), one.validator
                    )
                committed[one.candidacy_id] = time.perf_counter()
        arrived = await asyncio.wait_for(
            asyncio.gather(*arrivals.public.values()), publication_latency.ARRIVAL_TIMEOUT_S
        )
    finally:
        watching.cancel()
    return sorted((at - committed[cid]) * 1000 for cid, at in zip(ids, arrived, strict=True))


async def read_under_load(
    gateway: str, trivial: str, gateway_pid: int
) -> tuple[Load, Load, Load, Sampling]:
    """The trivial handler, the profile and the search under the same load; the
    gateway's stacks sampled while it serves the profile."""
    chosen = public_read.paths(PUBLISHED)
    await load(gateway, chosen["json"], seconds=WARM_S)
    async with Sampling(gateway_pid, "gateway") as sampled:
        profile_json = await load(gateway, chosen["json"], seconds=SECONDS)
    await load(gateway, chosen["search"], seconds=WARM_S)
    search = await load(gateway, chosen["search"], seconds=SECONDS)
    raw = await load(trivial, chosen["json"], seconds=SECONDS)
    return raw, profile_json, search, sampled


async def run(settings: Settings) -> WeekFigures:
    port, trivial_port = free_port(), free_port()
    settings = settings.model_copy(update={"gateway_port": port, "sign_in_per_minute": 100_000})
    processes = [await ServiceProcess(settings, f"services.{name}").start() for name in SERVICES]
    pool = await database.create_pool(settings, str(ServiceName.CAPTURE), max_size=2)
    deps = ServiceDeps(
        settings, str(ServiceName.CAPTURE), pool, Outbox(settings, "capture"), NatsBroker()
    )
    try:
        await publication_latency.prepare(deps)
        await import_drafts(deps)
        await public_read.fill_bucket(settings, 1, PUBLISHED)
        gateway = await ServiceProcess(settings, "services.gateway").start(timeout_s=900)
        processes.append(gateway)
        assert gateway.process is not None
        processes.append(
            await ServiceProcess(settings, "bench.trivial_server", str(trivial_port)).start()
        )
        connector = aiohttp.TCPConnector(limit=CAPTURISTS + 10)
        async with aiohttp.ClientSession(
            f"http://127.0.0.1:{port}", connector=connector, timeout=aiohttp.ClientTimeout(300)
        ) as http:
            admin = await admin_token(http, settings)
            tokens = await capturist_tokens(http, admin, ELECTION, PARTIES)
            stop = asyncio.Event()
            saving = asyncio.create_task(keep_saving(http, tokens, stop))
            reviewing = asyncio.create_task(keep_reviewing(settings, stop))
            await asyncio.sleep(WARM_S)  # the capturists' and verifiers' pace reached
            with CpuMeter() as meter:
                validating = asyncio.create_task(validate_all(settings, deps))
                raw, profile_json, search, sampled = await read_under_load(
                    f"http://127.0.0.1:{port}",
                    f"http://127.0.0.1:{trivial_port}",
                    gateway.process.pid,
                )
                validation = await validating
            stop.set()
            (saves, saves_failed), queue = await saving, await reviewing
    finally:
        await pool.close()
        for process in reversed(processes):
            await process.stop()
    jetstream = await outbox_pipeline.measure_raw(settings)
    return WeekFigures(
        published=PUBLISHED,
        trivial=raw,
        profile_json=profile_json,
        search=search,
        validation_ms=validation,
        saves_ms=sorted(saves),
        saves_failed=saves_failed,
        queue_ms=sorted(queue),
        cpu=meter.use,
        gateway_sampled=sampled.summary(),
        raw=jetstream,
    )


def targets(f: WeekFigures) -> list[Target]:
    ratio = f.profile_json.requests_per_s / f.trivial.requests_per_s
    limit = f.cpu.busiest(3)
    return [
        Target(
            "Election week: public profile read, under the load",
            f"{f.profile_json.requests_per_s:,.0f} /s",
            f"trivial handler {f.trivial.requests_per_s:,.0f} /s",
            ratio,
            "≥ 0.5",
            ratio >= 0.5,
            limit,
        ),
        Target(
            "Election week: search p95, under the load",
            f"{f.search.p95_ms:.1f} ms",
            f"trivial handler p95 {f.trivial.p95_ms:.1f} ms",
            f.trivial.p95_ms / f.search.p95_ms,
            "≤ 50 ms",
            f.search.p95_ms <= 50,
            limit,
        ),
        Target(
            "Election week: validation → public p99, under the load",
            f"{_p(f.validation_ms, 99):.0f} ms",
            f"raw JetStream p99 {f.raw.p99_ms:.2f} ms",
            f.raw.p99_ms / _p(f.validation_ms, 99),
            "≤ 1,000 ms",
            _p(f.validation_ms, 99) <= 1000,
            limit,
        ),
    ]


def _p(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def report(f: WeekFigures) -> str:
    ratio = f.profile_json.requests_per_s / f.trivial.requests_per_s
    loads = [("profile JSON", f.profile_json), ("search, 2 filters + name", f.search)]
    return "\n".join(
        [
            "## Election week",
            "",
            __doc__ or "",
            f"{f.published:,} published profiles; {CAPTURISTS} capturists, {VERIFIERS} "
            f"verifiers and {publication_latency.CANDIDACIES} validations at "
            f"{publication_latency.RATE_PER_S:.0f}/s running during every read.",
            "",
            "| read, under the load | requests/s | trivial requests/s, same load | fraction "
            "| p50 ms | p95 ms | p99 ms | errors | target |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---|",
            *(
                f"| {name} | {m.requests_per_s:,.0f} | {f.trivial.requests_per_s:,.0f} | "
                f"{m.requests_per_s / f.trivial.requests_per_s:.2f} | {m.p50_ms:.1f} | "
                f"{m.p95_ms:.1f} | {m.p99_ms:.1f} | {m.errors + m.non_2xx} | {target} |"
                for (name, m), target in zip(loads, ("≥ 0.5 × trivial", "p95 ≤ 50 ms"), strict=True)
            ),
            "",
            "| the load's own figures | p50 ms | p99 ms | count | failed | target |",
            "|---|---:|---:|---:|---:|---|",
            f"| validation → public | {_p(f.validation_ms, 50):.1f} | "
            f"{_p(f.validation_ms, 99):.1f} | {len(f.validation_ms)} | 0 | p99 ≤ 1,000 ms |",
            f"| draft save through the gateway | {_p(f.saves_ms, 50):.1f} | "
            f"{_p(f.saves_ms, 99):.1f} | {len(f.saves_ms)} | {failures(f.saves_failed)} | |",
            f"| moderation queue, asked over the bus | {_p(f.queue_ms, 50):.1f} | "
            f"{_p(f.queue_ms, 99):.1f} | {len(f.queue_ms)} | 0 | |",
            "",
            f"Profile read: {ratio:.2f} of the trivial handler under the same load. CPU during "
            f"the {f.cpu.seconds:.0f} s of reads (2 cores in all): {f.cpu.busiest(8)}.",
            "",
            f"Sampled while it served the profile (py-spy): {f.gateway_sampled}.",
            "",
        ]
    )


def failures(by_status: Counter[int]) -> str:
    """«0», or how many failed and with which statuses («12 (504 × 10, 409 × 2)»)."""
    if not by_status:
        return "0"
    statuses = ", ".join(f"{status} × {count}" for status, count in by_status.most_common())
    return f"{by_status.total()} ({statuses})"


async def main() -> None:
    async def measure(settings: Settings) -> str:
        return report(await run(settings))

    await run_alone(SERVICES, measure)


if __name__ == "__main__":
    uvloop.run(main())
