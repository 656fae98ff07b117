"""The servers one benchmark runs on when run alone (``python -m bench.<name>``): the
configured NATS and PostgreSQL, or embedded ones, with the benchmark's services'
databases provisioned, and what stops and removes it all afterwards."""

import os
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

import nats

from bench import outbox_pipeline
from services.launcher.embedded import configured_or_embedded
from services.runtime import bus
from services.runtime.database import deprovision, provision
from services.runtime.settings import Settings

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "RESULTS.md"


async def bench_servers(services: list[str]) -> tuple[Settings, Callable[[], Awaitable[None]]]:
    scratch = tempfile.TemporaryDirectory()
    servers = configured_or_embedded(
        os.environ.get("NATS_URL"),
        os.environ.get("DATABASE_URL"),
        nats_dir=Path(scratch.name) / "nats",
        postgres_dir=REPO / "var" / "bench-pg",
    )
    settings = outbox_pipeline.bench_settings(
        servers.nats_url, servers.database_url, Path(scratch.name) / "var"
    )
    await provision(settings, services)

    async def stop() -> None:
        client = await nats.connect(servers.nats_url)
        await bus.delete_streams(client.jetstream(), settings.bus_prefix)
        await client.close()
        await deprovision(settings, services)
        servers.stop()
        scratch.cleanup()

    return settings, stop


def write_section(text: str, results: Path = RESULTS) -> None:
    """Put a benchmark's section (``text``, which starts with its ``## `` heading) in
    bench/RESULTS.md in place of its previous version: run alone, a benchmark leaves the
    others' figures as the last ``make bench`` wrote them."""
    heading = text.split("\n", 1)[0]
    report = results.read_text(encoding="utf-8") if results.exists() else "# Benchmarks\n"
    if heading in report:
        before, after = report.split(heading, 1)
        rest = after.find("\n## ")
        report = before + (after[rest + 1 :] if rest >= 0 else "")
    results.write_text(report.rstrip("\n") + "\n\n" + text.rstrip("\n") + "\n", encoding="utf-8")


async def run_alone(services: list[str], measure: Callable[[Settings], Awaitable[str]]) -> None:
    """``python -m bench.<name>``: one benchmark on its own servers, its report printed and
    its section of bench/RESULTS.md rewritten."""
    settings, stop = await bench_servers(services)
    try:
        text = await measure(settings)
    finally:
        await stop()
    print(text)
    write_section(text)
