"""The public read path in election week (issue 15): a profile's JSON and its page, and a
search with two filters and a name, through the real gateway process serving the public
bucket from memory, beside a trivial aiohttp JSON handler loaded the same way in the same
run (``bench/trivial_server.py``), at 10,000 and at 100,000 published candidacies.

Load: ``wrk`` in a process of its own on loopback (``bench/wrk_load.py``), requests
spread over thousands of different profiles. ``python -m bench.public_read`` runs it
alone and rewrites its section of bench/RESULTS.md."""

import asyncio
import random
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import nats
import uvloop

from bench import public_dataset
from bench.standalone import run_alone
from bench.targets import Growth, Target
from bench.wrk_load import Load, load
from contracts import subjects
from services.launcher.embedded import free_port
from services.runtime import bus
from services.runtime.child_process import ServiceProcess
from services.runtime.settings import Settings

SERVICES = ["publication"]
SIZES = (10_000, 100_000)
SECONDS = 10
WARM_S = 5
"""Each read is loaded once unmeasured first: the steady state of election week, where
pages are already prepared (a page is rendered once per change of its profile)."""
CONNECTIONS = 32
SAMPLE = 5_000
PUBLISH_WINDOW = 2_000


@dataclass(frozen=True)
class ReadFigures:
    published: int
    gateway_ready_s: float
    gateway_rss_mb: float
    trivial: Load
    profile_json: Load
    profile_page: Load
    search: Load


async def fill_bucket(settings: Settings, first: int, last: int) -> None:
    """Profiles ``first``..``last`` (1-based, inclusive) put in the public bucket, as
    publication would, pipelined."""
    client = await nats.connect(settings.require_nats_urls())
    js = client.jetstream()
    await bus.public_bucket(js, settings)
    prefix = f"$KV.{subjects.public_bucket(settings.bus_prefix)}."
    key, value = public_dataset.election()
    await js.publish(prefix + key, value)
    pending = []
    for key, value in public_dataset.entries(last - first + 1, first=first):
        pending.append(js.publish(prefix + key, value))
        if len(pending) >= PUBLISH_WINDOW:
            await asyncio.gather(*pending)
            pending = []
    await asyncio.gather(*pending)
    await client.close()


def resident_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def paths(published: int) -> dict[str, list[str]]:
    rng = random.Random(15)
    ids = [f"C{rng.randint(1, published):06d}" for _ in range(SAMPLE)]
    search = f"/api/v1/publico/candidaturas?eleccion={public_dataset.ELECTION}&cargo=diputacion-mr"
    searches = [
        f"{search}&distrito={rng.choice(public_dataset.DISTRICTS).id}"
        f"&nombre={quote(rng.choice(public_dataset.SURNAMES))}"
        for _ in range(SAMPLE)
    ]
    return {
        "json": [f"/api/v1/publico/candidaturas/{i}" for i in ids],
        "page": [f"/candidaturas/{i}" for i in ids],
        "search": searches,
    }


async def measure(settings: Settings, published: int) -> ReadFigures:
    gateway_settings = settings.model_copy(update={"gateway_port": free_port()})
    trivial_port = free_port()
    started = time.perf_counter()
    gateway = await ServiceProcess(gateway_settings, "services.gateway").start(timeout_s=600)
    ready_s = time.perf_counter() - started
    trivial = await ServiceProcess(settings, "bench.trivial_server", str(trivial_port)).start()
    try:
        chosen = paths(published)
        base = f"http://127.0.0.1:{gateway_settings.gateway_port}"
        raw = await load(f"http://127.0.0.1:{trivial_port}", chosen["json"], seconds=SECONDS)
        loads = {}
        for name in ("json", "page", "search"):
            await load(base, chosen[name], seconds=WARM_S, connections=CONNECTIONS)
            loads[name] = await load(base, chosen[name], seconds=SECONDS, connections=CONNECTIONS)
        assert gateway.process is not None
        rss_mb = resident_mb(gateway.process.pid)
    finally:
        await trivial.stop()
        await gateway.stop()
    return ReadFigures(
        published=published,
        gateway_ready_s=ready_s,
        gateway_rss_mb=rss_mb,
        trivial=raw,
        profile_json=loads["json"],
        profile_page=loads["page"],
        search=loads["search"],
    )


async def run(settings: Settings) -> list[ReadFigures]:
    figures = []
    filled = 0
    for size in SIZES:
        await fill_bucket(settings, filled + 1, size)
        filled = size
        figures.append(await measure(settings, size))
    return figures


def _row(name: str, ours: Load, raw: Load) -> str:
    return (
        f"| {name} | {ours.requests_per_s:,.0f} | {raw.requests_per_s:,.0f} | "
        f"{ours.requests_per_s / raw.requests_per_s:.2f} | {ours.p50_ms:.1f} | "
        f"{ours.p95_ms:.1f} | {ours.p99_ms:.1f} | {ours.errors + ours.non_2xx} |"
    )


def report(figures: list[ReadFigures]) -> str:
    lines = [
        "## Public read path (issue 15)",
        "",
        "The real gateway process serving the public bucket from memory (no request crosses",
        "the bus), loaded by `wrk` from another process on loopback "
        f"({CONNECTIONS} connections, {SECONDS} s each, requests spread over {SAMPLE:,} "
        "profiles), beside a trivial aiohttp JSON handler loaded the same way in the same run. "
        f"Each read first loaded {WARM_S} s unmeasured (pages prepared: the steady state). "
        "Search: office + district + a surname. Targets: profile ≥ 0.5 × trivial with p99 ≤ "
        "25 ms; search p95 ≤ 50 ms. Command: `python -m bench.public_read`.",
        "",
    ]
    for one in figures:
        lines += [
            f"### {one.published:,} published candidacies",
            "",
            f"Gateway start with the bucket loaded into memory: {one.gateway_ready_s:.1f} s; "
            f"its resident memory after the loads: {one.gateway_rss_mb:,.0f} MB. "
            f"Trivial handler: {one.trivial.requests_per_s:,.0f} requests/s, "
            f"p99 {one.trivial.p99_ms:.1f} ms.",
            "",
            "| read | requests/s | trivial requests/s | fraction | p50 ms | p95 ms | p99 ms "
            "| errors |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
            _row("profile JSON", one.profile_json, one.trivial),
            _row("profile page (HTML)", one.profile_page, one.trivial),
            _row("search, 2 filters + name", one.search, one.trivial),
            "",
        ]
    if len(figures) == 2:
        small, large = figures
        lines += [
            "### Growth from 10,000 to 100,000",
            "",
            "| read | p50 at 10,000 (ms) | p50 at 100,000 (ms) | ratio |",
            "|---|---:|---:|---:|",
        ]
        for name, attribute in (
            ("profile JSON", "profile_json"),
            ("profile page", "profile_page"),
            ("search", "search"),
        ):
            a, b = getattr(small, attribute), getattr(large, attribute)
            lines.append(
                f"| {name} | {a.p50_ms:.1f} | {b.p50_ms:.1f} | {b.p50_ms / a.p50_ms:.2f} |"
            )
        lines.append("")
    return "\n".join(lines)


def targets(figures: list[ReadFigures]) -> list[Target]:
    largest = figures[-1]
    ratio = largest.profile_json.requests_per_s / largest.trivial.requests_per_s
    return [
        Target(
            f"Public profile read at {largest.published:,}, nothing else running",
            f"{largest.profile_json.requests_per_s:,.0f} /s, "
            f"p99 {largest.profile_json.p99_ms:.1f} ms",
            f"trivial handler {largest.trivial.requests_per_s:,.0f} /s",
            ratio,
            "≥ 0.5, p99 ≤ 25 ms",
            ratio >= 0.5 and largest.profile_json.p99_ms <= 25,
            "the gateway's one process (one core): aiohttp's request handling",
        ),
        Target(
            f"Public search p95 at {largest.published:,}, nothing else running",
            f"{largest.search.p95_ms:.1f} ms",
            f"trivial handler p95 {largest.trivial.p95_ms:.1f} ms",
            largest.trivial.p95_ms / largest.search.p95_ms,
            "≤ 50 ms",
            largest.search.p95_ms <= 50,
            "the gateway's one process: the index's intersection and the page's JSON",
        ),
    ]


def growth(figures: list[ReadFigures]) -> list[Growth]:
    if len(figures) < 2:
        return []
    small, large = figures[0], figures[-1]
    return [
        Growth("public profile JSON, p50", "ms", small.profile_json.p50_ms,
               large.profile_json.p50_ms, constant=True),
        Growth("public profile page, p50", "ms", small.profile_page.p50_ms,
               large.profile_page.p50_ms, constant=True),
        Growth("public search, p50", "ms", small.search.p50_ms, large.search.p50_ms,
               constant=True),
        Growth("gateway start, every profile into memory", "s", small.gateway_ready_s,
               large.gateway_ready_s, constant=False),
        Growth("gateway resident memory", "MB", small.gateway_rss_mb, large.gateway_rss_mb,
               constant=False),
    ]  # fmt: skip


async def main() -> None:
    async def measure(settings: Settings) -> str:
        return report(await run(settings))

    await run_alone(SERVICES, measure)


if __name__ == "__main__":
    uvloop.run(main())
