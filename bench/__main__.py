"""``make bench``: run every benchmark, print the figures, rewrite bench/RESULTS.md."""

import os
import platform
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import uvloop

from bench import (
    accounts,
    audit_log,
    capture,
    election_week,
    hop,
    moderation_queue,
    open_data,
    outbox_pipeline,
    public_read,
    publication_latency,
    screening,
)
from bench.consumer_process import CONSUMER, PRODUCER
from bench.standalone import RESULTS, bench_servers, write_section
from bench.suite import Bench
from bench.targets import Growth, Target, growth_table, table


def machine() -> str:
    cpu = "?"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kib = int(meminfo.read_text().split()[1])
        memory = f", {kib / 1024 / 1024:.0f} GiB"
    return (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores ({cpu}){memory}, "
        f"Python {platform.python_version()}"
    )


SUITE = [
    Bench(
        "outbox_pipeline",
        [PRODUCER, CONSUMER],
        outbox_pipeline.run,
        outbox_pipeline.report,
        outbox_pipeline.targets,
    ),
    Bench(
        "audit_log",
        audit_log.ALONE_SERVICES,
        audit_log.run_traced,
        audit_log.report,
        audit_log.targets,
    ),
    Bench("accounts", accounts.SERVICES, accounts.run, accounts.report_of),
    Bench("hop", hop.SERVICES, hop.run, hop.report, hop.targets),
    Bench("capture", capture.SERVICES, capture.run, capture.report_of, capture.targets),
    Bench(
        "moderation_queue",
        moderation_queue.SERVICES,
        moderation_queue.run,
        moderation_queue.report_of,
        moderation_queue.targets,
        moderation_queue.growth,
    ),
    Bench(
        "screening",
        screening.SERVICES,
        screening.run,
        screening.report_of,
        screening.targets,
        screening.growth,
    ),
    Bench(
        "public_read",
        public_read.SERVICES,
        public_read.run,
        public_read.report,
        public_read.targets,
        public_read.growth,
    ),
    Bench(
        "publication_latency",
        publication_latency.SERVICES,
        publication_latency.run,
        publication_latency.report,
        publication_latency.targets,
    ),
    Bench(
        "open_data",
        open_data.SERVICES,
        open_data.run,
        open_data.report,
        open_data.targets,
        open_data.growth,
    ),
    Bench(
        "election_week",
        election_week.SERVICES,
        election_week.run,
        election_week.report,
        election_week.targets,
    ),
]


async def measure(bench: Bench) -> Any:
    settings, stop = await bench_servers(bench.services)
    try:
        return await bench.run(settings)
    finally:
        await stop()


async def main(chosen: list[str]) -> None:
    """Every benchmark (or those named), each on servers of its own, its section written
    in bench/RESULTS.md as soon as it is measured (a later one failing keeps it); with all
    of them, bench/RESULTS.md is written again whole, the targets' and the growth tables
    first."""
    unknown = set(chosen) - {bench.name for bench in SUITE}
    if unknown:
        raise SystemExit(f"no such benchmark: {', '.join(sorted(unknown))}")
    sections: list[str] = []
    targets: list[Target] = []
    grown: list[Growth] = []
    started = datetime.now(UTC)
    for bench in SUITE:
        if chosen and bench.name not in chosen:
            continue
        figures = await measure(bench)
        section = bench.report(figures)
        print(section, flush=True)
        write_section(section)
        sections.append(section)
        targets += bench.targets(figures)
        grown += bench.growth(figures)
    if chosen:
        return
    configured = os.environ.get("NATS_URL") and os.environ.get("DATABASE_URL")
    report = f"""# Benchmarks

Command: `make bench` (runs `python -m bench`; `python -m bench NAME…` runs some and
rewrites only their sections). Started {started:%Y-%m-%d %H:%M} UTC, took
{(datetime.now(UTC) - started).total_seconds() / 60:.0f} minutes.
Machine: {machine()}. NATS and PostgreSQL: {"configured" if configured else "embedded"}
servers on this machine, started again for each benchmark.

Every figure stands beside its raw counterpart measured in the same run (these machines'
speed moves from day to day): a trivial aiohttp handler under the same `wrk` load, raw
JetStream publish and pull-consume, PostgreSQL's COPY, a bare NATS request/reply.

## Targets

{table(targets)}

## Growth from 10,000 to 100,000 candidacies

{growth_table(grown)}

""" + "\n".join(sections)
    RESULTS.write_text(report, encoding="utf-8")
    print(report)


if __name__ == "__main__":
    uvloop.run(main(sys.argv[1:]))
