"""Releasing open data (issue 15 item 4): an election's public data as a dated Data
Package, written again when it changed since the last release, and its files served by
name.

A tick reads, for each election with a profile ever public, what its public data looks
like (domain/open_data.py ``Fingerprint``); where it changed since the last release and
the last is old enough, it builds the release from the public profiles alone (and
the statistics document, when the statistics put one in the public bucket), saves it and
its files, and forgets all but the newest few, in one transaction. Each profile's rows
were made when publication wrote it (``open_data_rows``): the release joins them in
candidacy order, making only the missing or outdated ones from the profile's document
(and keeping them for the next release), so a release after a change costs the files'
hashing, compressing and saving, not every profile's rows again. After the commit the
current release's summary goes to the public bucket (``datos.<election_id>``), where the
gateway's page and listing read it. A tick repeated after a crash finds the release
saved and only puts the summary again.
"""

import asyncio
import contextlib
import gc
import hashlib
import logging
import os
import time
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import orjson
from nats.js.errors import KeyNotFoundError
from nats.js.kv import KeyValue

from contracts.publication import (
    OPEN_DATA_CHUNK_BYTES,
    OpenDataField,
    OpenDataFile,
    OpenDataFileRef,
    OpenDataRelease,
    OpenDataTable,
    open_data_key,
    statistics_key,
)
from services.publication.adapters import data_package, public_bucket
from services.publication.adapters.data_package import Package, package
from services.publication.domain import open_data
from services.publication.domain.open_data import ElectionNames, Fingerprint, TableSpec
from services.publication.store import open_data_rows, releases
from services.publication.store.open_data_rows import ProfileRows, Unfinished
from services.publication.store.releases import LastRelease, ReleasedFile, ReleaseSource
from services.runtime.service_deps import ServiceDeps

log = logging.getLogger(__name__)
THREADS = min(4, os.cpu_count() or 1)
"""How many threads digest and compress a release's files at once."""


def _table(spec: TableSpec) -> OpenDataTable:
    return OpenDataTable(
        name=spec.name,
        title=spec.title,
        description=spec.description,
        fields=[
            OpenDataField(name=c.name, title=c.title, type=c.type, description=c.description)
            for c in spec.columns
        ],
    )


@contextlib.contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused while the rows are made: the parsed profiles are
    millions of containers, each collection walks all of them again, and they hold no
    cycles (JSON does not make any); at 100,000 profiles that was most of the build."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def build(
    source: ReleaseSource,
    finished: list[tuple[str, tuple[bytes, ...]]],
    unfinished: list[Unfinished],
    statistics: Any | None,
    now: datetime,
    last: LastRelease | None,
) -> tuple[OpenDataRelease, Package, list[ProfileRows]]:
    """The release and its files (CPU work: run apart from the event loop), from the
    profiles' finished rows and, for the profiles without them (``unfinished``: written
    before the rows were, or under other names), rows made now from their documents as
    publication wrote them (``open_data.Document``), returned to be kept."""
    names = ElectionNames.of(source.parties, source.catalogue)
    digest = names.digest()
    made: list[ProfileRows] = []
    with _no_cycle_collection():
        for one in unfinished:
            pieces = data_package.profile_pieces(orjson.loads(one.document), names)
            made.append(
                ProfileRows(one.candidacy_id, source.election_id, one.sequence, digest, pieces)
            )
    in_order = finished
    if made:
        in_order = sorted([*finished, *((m.candidacy_id, m.pieces) for m in made)])
    tables = data_package.joined_tables([pieces for _, pieces in in_order])
    release_id = open_data.release_id(now, None if last is None else last.release_id)
    stats = None if statistics is None else (statistics, open_data.statistics_table(statistics))
    built = package(
        tables,
        election_id=source.election_id,
        election_name=source.name,
        institute=source.institute,
        release_id=release_id,
        created_at=now,
        statistics=stats,
        threads=THREADS,
    )
    specs = [t.spec for t in tables] + ([] if stats is None else [stats[1].spec])
    summary = OpenDataRelease(
        election_id=source.election_id,
        election_name=source.name,
        release_id=release_id,
        created_at=now,
        manifest_sha256=built.manifest.sha256,
        licence=open_data.LICENCE,
        licence_title=open_data.LICENCE_TITLE,
        licence_url=open_data.LICENCE_URL,
        profiles=len(in_order),
        files=[
            OpenDataFile(name=f.name, media_type=f.media_type, size=len(f.content), sha256=f.sha256)
            for f in built.files
        ],
        tables=[_table(spec) for spec in specs],
        sequence=1 if last is None else last.sequence + 1,
    )
    return summary, built, made


def _kept(built: Package) -> list[ReleasedFile]:
    """What the database keeps of each file: the zip as it is; of a compressed file, where
    its deflated pieces are in the zip (its entry's data) and where each ends."""
    archive = built.archive
    kept = []
    for file in built.files:
        if not file.compressed:
            kept.append(
                ReleasedFile(
                    file.name, file.media_type, file.sha256, file.content, len(file.content)
                )
            )
            continue
        ends, end = [], 0
        for piece in file.pieces:
            end += len(piece)
            ends.append(end)
        kept.append(
            ReleasedFile(
                file.name,
                file.media_type,
                file.sha256,
                b"",
                len(file.content),
                ends,
                archive=archive.name,
                archive_at=built.entries[file.name],
            )
        )
    return kept


async def _statistics(kv: KeyValue, election_id: str) -> tuple[Any | None, str]:
    """The statistics document (``estadisticas.<election_id>``, put there by
    steps/compiling_statistics.py) and its digest ("-" when there is none): optional, a
    release without it has no ``estadisticas.*`` files."""
    try:
        entry = await kv.get(statistics_key(election_id))
    except KeyNotFoundError:
        return None, "-"
    if not entry.value:
        return None, "-"
    return orjson.loads(entry.value), hashlib.sha256(entry.value).hexdigest()[:16]


async def release_due(deps: ServiceDeps, now: datetime) -> list[OpenDataRelease]:
    """Write a release for every election whose public data changed; the releases
    written. Every election's current release is then in the public bucket."""
    settings = deps.settings
    kv = await public_bucket.bucket(deps)
    written: list[OpenDataRelease] = []
    current: list[OpenDataRelease] = []
    async with deps.pool.acquire() as conn:
        sources = await releases.release_sources(conn)
    for source in sources:
        statistics, statistics_digest = await _statistics(kv, source.election_id)
        async with deps.pool.acquire() as conn, conn.transaction(isolation="repeatable_read"):
            # What it looks like now, in this transaction's snapshot.
            fresh = next(iter(await releases.release_sources(conn, source.election_id)), source)
            fingerprint = Fingerprint(
                fresh.last_sequence,
                fresh.profiles,
                f"{statistics_digest}:{fresh.catalogue_changed_at.isoformat()}",
            )
            last = await releases.last_release(conn, fresh.election_id)
            if not open_data.due(
                fingerprint,
                None if last is None else last.fingerprint,
                None if last is None else last.created_at,
                now,
                settings.open_data_min_interval_s,
            ):
                if last is not None:
                    current.append(last.summary)
                continue
            started = time.perf_counter()
            digest = ElectionNames.of(fresh.parties, fresh.catalogue).digest()
            finished = await open_data_rows.finished_rows(conn, fresh.election_id, digest)
            unfinished = await open_data_rows.unfinished(conn, fresh.election_id, digest)
            read = time.perf_counter()
            summary, built, made = await asyncio.to_thread(
                build, fresh, finished, unfinished, statistics, now, last
            )
            files = _kept(built)
            built_at = time.perf_counter()
            await releases.save_release(conn, summary, fingerprint.text(), files)
            forgotten = await releases.forget_old_releases(
                conn, fresh.election_id, settings.open_data_releases_kept
            )
        saved = time.perf_counter()  # committed
        if made:  # the next release finds them made (after the commit: see keep_made)
            async with deps.pool.acquire() as conn, conn.transaction():
                await open_data_rows.keep_made(conn, made)
        log.info(
            "open data released",
            extra={
                "election_id": summary.election_id,
                "release_id": summary.release_id,
                "profiles": summary.profiles,
                "rows_made": len(made),
                "forgotten": forgotten,
                "read_s": round(read - started, 3),
                "build_s": round(built_at - read, 3),
                "save_s": round(saved - built_at, 3),  # and commit
                "kept_bytes": sum(len(f.content) for f in files),  # the zip, and little else
            },
        )
        written.append(summary)
        current.append(summary)
    for summary in current:  # unless the bucket holds it already (or a newer one)
        key = open_data_key(summary.election_id)
        await public_bucket.put_newer(
            deps, key, summary.model_dump_json().encode(), summary.sequence
        )
    return written


async def released_file(deps: ServiceDeps, ref: OpenDataFileRef) -> ReleasedFile | None:
    """The part asked for of a file of a release still kept (``content``: the file's
    bytes from ``ref.offset`` on, ``OPEN_DATA_CHUNK_BYTES`` at most); None when there is no
    such file."""
    length = OPEN_DATA_CHUNK_BYTES
    async with deps.pool.acquire() as conn:
        layout = await releases.file_layout(conn, ref.election_id, ref.release_id, ref.name)
        if layout is None:
            return None
        key = (ref.election_id, ref.release_id, ref.name)
        if layout.piece_ends is None:
            content = await releases.kept_bytes(conn, *key, ref.offset, length)
        else:
            span = data_package.piece_span(layout.piece_ends, layout.size, ref.offset, length)
            content = b""
            at = 0
            if layout.archive is not None:  # its pieces are its entry's data in the zip
                key, at = (ref.election_id, ref.release_id, layout.archive), layout.archive_at
            if span is not None:
                start = at + span.start
                kept = await releases.kept_bytes(conn, *key, start, span.stop - span.start)
                content = await asyncio.to_thread(data_package.inflated_part, kept, span, length)
    return ReleasedFile(layout.name, layout.media_type, layout.sha256, content, layout.size)
