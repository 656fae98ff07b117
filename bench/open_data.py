"""The open-data rebuild (issue 15 item 4: ≤ 10 s at 100,000 published candidacies): an
election's every public profile, read from publication's ``profiles`` table, made into
the release's CSV and JSON tables, descriptor, manifest and zip, and saved, by the same
step the timer runs (``steps/releasing.release_due``), at 10,000 and 100,000 profiles.

Profiles are the national dataset's (``bench/public_dataset.py``: about 12 KB of JSON
each, owner and alternate), written into
``profiles`` by COPY as publication's consumers would leave them, each with the open-data
rows publication makes as it writes a profile (``open_data_rows``, made by the same
function, ``data_package.profile_pieces``); the one change before the second rebuild is
written by publication's own ``materialising.save``, and so are a few hundred more,
timed, for what that write costs (beside the profile's save alone). Beside each rebuild,
measured in the same run on the same rows, its raw counterpart: PostgreSQL writing the
same documents as CSV (``COPY (SELECT …) TO STDOUT``), the least any export of them
costs. ``python -m bench.open_data`` runs it alone and rewrites its section of
bench/RESULTS.md."""

import logging
import os
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

import uvloop

from bench import public_dataset
from bench.analysing import analysed
from bench.standalone import run_alone
from bench.targets import Growth, Target
from contracts.events.capture import ElectionCatalogue
from contracts.publication import EntryState, OpenDataRelease, PublicProfile
from services.publication.adapters import data_package
from services.publication.adapters.data_package import PIECE_COLUMNS
from services.publication.domain import open_data
from services.publication.domain.open_data import ElectionNames
from services.publication.service import definition as publication
from services.publication.steps import materialising, releasing
from services.publication.store import profiles as profile_store
from services.publication.store.profiles import HeldProfile
from services.runtime.service_deps import ServiceDeps
from services.runtime.service_host import ServiceHost
from services.runtime.settings import Settings

SERVICES = ["publication"]
SIZES = (10_000, 100_000)
CHUNK = 5_000
WRITES = 300
"""Profiles written again through publication's save, timed."""


@dataclass(frozen=True)
class RebuildFigures:
    profiles: int
    document_mb: float
    rebuild_s: float
    again_s: float
    cold_s: float
    """A release with no last one to reuse (every group made from its rows)."""
    raw_copy_s: float
    release: OpenDataRelease
    stages: dict[str, float]
    """The rebuild after one change, by stage, as the step logs it."""
    rows_ms: float
    """Making one profile's open-data rows (CPU), as publication does when it writes it."""
    save_ms: float
    """Publication's save of a profile with its rows (``materialising.save``), one
    transaction each."""
    bare_save_ms: float
    """The profile's save alone (``profiles.save_profile``), one transaction each."""


class _Stages(logging.Handler):
    """The stages of the last release the step logged."""

    def __init__(self) -> None:
        super().__init__()
        self.last: dict[str, float] = {}

    def emit(self, record: logging.LogRecord) -> None:
        if record.getMessage() == "open data released":
            self.last = {
                k: float(getattr(record, k))
                for k in ("read_s", "build_s", "save_s", "kept_bytes", "groups", "groups_reused")
                if hasattr(record, k)
            }


Records = list[tuple[object, ...]]


def _names() -> ElectionNames:
    return ElectionNames.of(public_dataset.PARTIES, _catalogue())


def _documents(bounds: tuple[int, int]) -> tuple[Records, Records, float]:
    """Profiles ``first``..``last`` as ``profiles`` rows and their ``open_data_rows``, as
    publication makes them, and the seconds spent making the latter (the generator is
    seeded per profile, so the rows do not depend on how many processes made them)."""
    first, last = bounds
    names = _names()
    digest = names.digest()
    rows: Records = []
    pieced: Records = []
    making = 0.0
    for number in range(first, last + 1):
        profile = public_dataset.profile_of(number)
        rows.append(
            (
                profile.candidacy_id,
                profile.election_id,
                "public",
                profile.model_dump_json(),
                number,
                profile.published_at,
                profile.updated_at,
            )
        )
        started = time.perf_counter()
        pieces = data_package.profile_pieces(open_data.document(profile), names)
        making += time.perf_counter() - started
        pieced.append((profile.candidacy_id, profile.election_id, number, digest, *pieces))
    return rows, pieced, making


async def fill(deps: ServiceDeps, first: int, last: int) -> float:
    """The profiles written, with their rows; the milliseconds making one's rows took."""
    chunks = [(n, min(n + CHUNK - 1, last)) for n in range(first, last + 1, CHUNK)]
    with ProcessPoolExecutor(max_workers=max(1, os.cpu_count() or 1)) as pool:
        batches = list(pool.map(_documents, chunks))
    async with deps.pool.acquire() as conn:
        await conn.execute(
            "INSERT INTO elections (election_id, name, institute, time_zone, parties, "
            "catalogue, updated_at) VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7) "
            "ON CONFLICT (election_id) DO NOTHING",
            public_dataset.ELECTION,
            "Proceso Electoral Local 2026-2027 (conjunto de prueba)",
            "Instituto de prueba",
            "America/Mexico_City",
            "[" + ",".join(p.model_dump_json() for p in public_dataset.PARTIES) + "]",
            _catalogue_json(),
            public_dataset.STARTED,
        )
        for batch, pieced, _ in batches:
            await conn.copy_records_to_table(
                "profiles",
                records=batch,
                columns=[
                    "candidacy_id",
                    "election_id",
                    "state",
                    "document",
                    "sequence",
                    "published_at",
                    "updated_at",
                ],
            )
            await conn.copy_records_to_table(
                "open_data_rows",
                records=pieced,
                columns=["candidacy_id", "election_id", "sequence", "names", *PIECE_COLUMNS],
            )
    await analysed(deps.settings, "publication.profiles", "publication.open_data_rows")
    return 1000 * sum(b[2] for b in batches) / (last - first + 1)


def _changed(number: int) -> PublicProfile:
    """Profile ``number`` with another first proposal."""
    profile = public_dataset.profile_of(number)
    proposal = f"Otra propuesta, la número {number}."
    curricular = profile.curricular.model_copy(update={"propuesta_1": proposal})
    return profile.model_copy(update={"curricular": curricular})


def _held(profile: PublicProfile, sequence: int) -> HeldProfile:
    return HeldProfile(
        candidacy_id=profile.candidacy_id,
        election_id=profile.election_id,
        state=EntryState.PUBLIC,
        document=None,
        sequence=sequence,
        published_at=profile.published_at,
        updated_at=profile.updated_at,
        withdrawn_at=None,
    ).model_copy(update={"document": profile})


async def write_again(deps: ServiceDeps, numbers: range, sequence: int) -> tuple[float, float]:
    """Profiles ``numbers`` written again (a changed proposal) by publication's save, then
    by the profile's save alone, one transaction each: milliseconds per write of each."""
    names = _names()
    changed = [_changed(n) for n in numbers]
    async with deps.pool.acquire() as conn:
        started = time.perf_counter()
        for offset, profile in enumerate(changed):
            async with conn.transaction():
                await profile_store.save_profile(conn, _held(profile, sequence + offset))
        bare = time.perf_counter() - started
        started = time.perf_counter()
        for offset, profile in enumerate(changed):
            async with conn.transaction():
                await materialising.save(conn, _held(profile, sequence + offset), names)
        full = time.perf_counter() - started
    return 1000 * full / len(changed), 1000 * bare / len(changed)


def _catalogue() -> ElectionCatalogue:
    return ElectionCatalogue(
        offices=public_dataset.OFFICES,
        districts=public_dataset.DISTRICTS,
        municipalities=public_dataset.MUNICIPALITIES,
    )


def _catalogue_json() -> str:
    return _catalogue().model_dump_json()


class _Sink:
    """Where the raw COPY writes: counts the bytes, keeps none."""

    def __init__(self) -> None:
        self.size = 0

    async def __call__(self, data: bytes) -> None:
        self.size += len(data)


async def measure(
    deps: ServiceDeps, profiles: int, now: datetime, stages: _Stages, rows_ms: float
) -> RebuildFigures:
    started = time.perf_counter()
    (release,) = await releasing.release_due(deps, now)
    rebuild_s = time.perf_counter() - started
    assert release.profiles == profiles, release.profiles

    # One profile changes, written as publication writes it: the next rebuild is the one
    # election week sees.
    async with deps.pool.acquire() as conn, conn.transaction():
        await materialising.save(conn, _held(_changed(1), 2 * profiles), _names())
    started = time.perf_counter()
    (again,) = await releasing.release_due(deps, now + timedelta(minutes=1))
    again_s = time.perf_counter() - started
    logged = dict(stages.last)

    # With nothing to reuse: what the first release of an election costs, and any
    # release after the catalogue's names changed (those also make every row again).
    async with deps.pool.acquire() as conn:
        await conn.execute("DELETE FROM releases WHERE election_id = $1", public_dataset.ELECTION)
    started = time.perf_counter()
    await releasing.release_due(deps, now + timedelta(minutes=2))
    cold_s = time.perf_counter() - started

    sink = _Sink()
    async with deps.pool.acquire() as conn:
        started = time.perf_counter()
        await conn.copy_from_query(
            "SELECT candidacy_id, document FROM profiles "
            "WHERE election_id = $1 AND state = 'public' ORDER BY candidacy_id",
            public_dataset.ELECTION,
            output=sink,
            format="csv",
            header=True,
        )
        raw_copy_s = time.perf_counter() - started
    save_ms, bare_save_ms = await write_again(deps, range(2, 2 + WRITES), 3 * profiles)
    return RebuildFigures(
        profiles=profiles,
        document_mb=sink.size / 1e6,
        rebuild_s=rebuild_s,
        again_s=again_s,
        cold_s=cold_s,
        raw_copy_s=raw_copy_s,
        release=again,
        stages=logged,
        rows_ms=rows_ms,
        save_ms=save_ms,
        bare_save_ms=bare_save_ms,
    )


async def run(settings: Settings) -> list[RebuildFigures]:
    settings = settings.model_copy(
        update={"open_data_min_interval_s": 0.0, "open_data_releases_kept": 2}
    )
    host = ServiceHost(replace(publication, consumers=[], timers=[]), settings)
    deps = await host.start()
    stages = _Stages()
    step_log = logging.getLogger(releasing.__name__)
    step_log.addHandler(stages)
    step_log.setLevel(logging.INFO)
    figures = []
    try:
        filled = 0
        now = datetime(2027, 4, 2, 12, 0, tzinfo=UTC)
        for size in SIZES:
            started = time.perf_counter()
            rows_ms = await fill(deps, filled + 1, size)
            print(f"open data: {size:,} profiles in {time.perf_counter() - started:.0f} s")
            filled = size
            now += timedelta(hours=1)
            figures.append(await measure(deps, size, now, stages, rows_ms))
            print(report(figures), flush=True)
    finally:
        step_log.removeHandler(stages)
        await host.stop()
    return figures


LIMITS = """What limits it: one Python process on 2 cores shared with PostgreSQL, NATS and
the other services. History at 100,000: commit 3f2099c took 26.8 s after one change (every
release parsed 650 MB of documents and made every profile's rows again); commit d3df7ad
12.9 s (publication makes a profile's rows as it writes it, `open_data_rows`, and a
release read all 1.3 GB of them back, compressed every file and wrote a 218 MB zip).
Now the public profiles are cut into groups of about 512 by their ids
(`domain/open_data.py` `profile_groups`), each group's part of each file is compressed
alone and kept under its group's name (`release_sections`, migration 0008), and the zip
is the files' sections with its own headers. A release after a change reads the last
one's sections (about 220 MB), makes and compresses the changed group's from its rows,
inflates the rest to digest each file (SHA-256 for the manifest, CRC-32 for the zip; on
two threads: hashlib and ISA-L let go of the GIL) and writes only the new sections. What
remains is that reading and inflating: a digest needs every byte of the file. With no
release to reuse (an election's first release with all its profiles at once, or after
the catalogue's names change, which also makes every row again from the documents)
every group is made from its rows: 1.3 GB read back, asyncpg turning 600,000 values into
bytes on one core, and every file compressed."""


def report(figures: list[RebuildFigures]) -> str:
    lines = [
        "## Open-data rebuild (issue 15)",
        "",
        "One election's release rebuilt by the step the timer runs "
        "(`steps/releasing.release_due`: cut the public profiles into groups, take each "
        "unchanged group's compressed sections from the last release, make the changed "
        "groups from their profiles' finished rows, digest every file, make the descriptor, "
        "the manifest and the zip, save them and forget the oldest): after the profiles "
        "were published (10,000, then 90,000 more), again after one profile changed, and "
        "with no last release to reuse; beside them PostgreSQL writing the same documents "
        "as CSV (`COPY … TO STDOUT`) in the same run. Target: ≤ 10 s at 100,000. "
        "Command: `python -m bench.open_data`.",
        "",
        "| profiles | documents (MB) | after publishing them (s) | after one change (s) "
        "| nothing to reuse (s) | raw COPY to CSV (s) | one change ÷ raw | release files (MB) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for one in figures:
        size = sum(f.size for f in one.release.files) / 1e6
        lines.append(
            f"| {one.profiles:,} | {one.document_mb:,.0f} | {one.rebuild_s:.1f} | "
            f"{one.again_s:.1f} | {one.cold_s:.1f} | {one.raw_copy_s:.1f} | "
            f"{one.again_s / one.raw_copy_s:.2f} | {size:,.0f} |"
        )
    last = figures[-1].release
    lines += [
        "",
        "The rebuild after one change, by stage (as the step logs it):",
        "",
        "| profiles | groups made of all | read (s) | make the files (s) "
        "| save and commit (s) | sections written (KB) |",
        "|---:|---:|---:|---:|---:|---:|",
        *(
            f"| {one.profiles:,} | "
            f"{one.stages.get('groups', 0) - one.stages.get('groups_reused', 0):.0f} "
            f"of {one.stages.get('groups', 0):.0f} | {one.stages.get('read_s', 0):.1f} | "
            f"{one.stages.get('build_s', 0):.1f} | {one.stages.get('save_s', 0):.1f} | "
            f"{one.stages.get('kept_bytes', 0) / 1e3:,.0f} |"
            for one in figures
        ),
        "",
        "What the rebuild no longer does moved to publication's write of a profile "
        "(`materialising.save`: the profile and its open-data rows, in one transaction), "
        f"timed on {WRITES} profiles written again one transaction each:",
        "",
        "| profiles | making one profile's rows (ms, CPU) | save with its rows (ms) "
        "| the profile's save alone (ms) |",
        "|---:|---:|---:|---:|",
        *(
            f"| {one.profiles:,} | {one.rows_ms:.2f} | {one.save_ms:.2f} | {one.bare_save_ms:.2f} |"
            for one in figures
        ),
        "",
        LIMITS,
        "",
        f"Files of the release at {figures[-1].profiles:,}:",
        "",
        "| file | MB |",
        "|---|---:|",
        *(f"| {f.name} | {f.size / 1e6:,.1f} |" for f in last.files),
        "",
    ]
    return "\n".join(lines)


def targets(figures: list[RebuildFigures]) -> list[Target]:
    largest = figures[-1]
    return [
        Target(
            f"Open-data release after one change, {largest.profiles:,} profiles",
            f"{largest.again_s:.1f} s",
            f"COPY of the documents to CSV {largest.raw_copy_s:.1f} s",
            largest.raw_copy_s / largest.again_s,
            "≤ 10 s",
            largest.again_s <= 10,
            "one Python process: reading and inflating the last release's sections",
        )
    ]


def growth(figures: list[RebuildFigures]) -> list[Growth]:
    if len(figures) < 2:
        return []
    small, large = figures[0], figures[-1]
    return [
        Growth("open-data release after one change", "s", small.again_s, large.again_s,
               constant=False),
        Growth("publication's save of one profile with its rows", "ms", small.save_ms,
               large.save_ms, constant=True),
    ]  # fmt: skip


async def main() -> None:
    async def measure(settings: Settings) -> str:
        return report(await run(settings))

    await run_alone(SERVICES, measure)


if __name__ == "__main__":
    uvloop.run(main())
