"""Releasing open data (issue 15 item 4): an election's public data as a dated Data
Package, written again when it changed since the last release, and its files served by
name.

A tick reads, for each election with a profile ever public, what its public data looks
like (domain/open_data.py ``Fingerprint``); where it changed since the last release and
the last is old enough, it builds the release from the public profiles alone (and
the statistics document, when the statistics put one in the public bucket), saves it and
its files, and forgets all but the newest few, in one transaction. The public profiles
are cut into groups (domain/open_data.py ``profile_groups``); a group whose key the last
release holds is its sections as they are, read back from the last release's zip. The
others are made from their profiles' rows, made when publication wrote each profile
(``open_data_rows``) and joined in candidacy order, making only the missing or outdated
ones from the profile's document (and keeping them for the next release). So a release
after a change reads and compresses one group, and inflates the rest to digest the
files, instead of reading back every profile's rows. After the commit the
current release's summary goes to the public bucket (``datos.<election_id>``), where the
gateway's page and listing read it. A tick repeated after a crash finds the release
saved and only puts the summary again.
"""

import asyncio
import contextlib
import gc
import hashlib
import itertools
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
from services.publication.adapters.data_package import (
    DATA_FILES,
    Archive,
    GroupParts,
    Package,
    PackedFile,
    Section,
    package,
)
from services.publication.domain import open_data
from services.publication.domain.open_data import (
    ElectionNames,
    Fingerprint,
    ProfileGroup,
    TableSpec,
)
from services.publication.store import open_data_rows, releases
from services.publication.store.open_data_rows import ProfileRows, Unfinished
from services.publication.store.releases import (
    FileLayout,
    LastRelease,
    ReleasedFile,
    ReleaseSource,
    SavedFile,
)
from services.runtime.connections import Reader
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
    groups: list[ProfileGroup],
    reused: dict[str, dict[str, tuple[Section, ...]]],
    finished: list[tuple[str, tuple[bytes, ...]]],
    unfinished: list[Unfinished],
    statistics: Any | None,
    now: datetime,
    last: LastRelease | None,
) -> tuple[OpenDataRelease, Package, list[ProfileRows]]:
    """The release and its files (CPU work: run apart from the event loop). Each group
    of profiles is the last release's sections where ``reused`` has them (by group, then
    by file), or made from its profiles' finished rows and, for those without them
    (``unfinished``: written before the rows were, or under other names), rows made now
    from their documents as publication wrote them (``open_data.Document``), returned to
    be kept."""
    names = ElectionNames.of(source.parties, source.catalogue)
    digest = names.digest()
    made: list[ProfileRows] = []
    with _no_cycle_collection():
        for one in unfinished:
            pieces = data_package.profile_pieces(orjson.loads(one.document), names)
            made.append(
                ProfileRows(one.candidacy_id, source.election_id, one.sequence, digest, pieces)
            )
    by_id = dict(finished)
    by_id.update((m.candidacy_id, m.pieces) for m in made)
    parts = [
        GroupParts(g.key, kept=reused[g.key])
        if g.key in reused
        else GroupParts(g.key, pieces=[by_id[i] for i in g.candidacy_ids])
        for g in groups
    ]
    tables = data_package.grouped_tables(parts)
    del by_id, parts
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
    listed: list[PackedFile | Archive] = [*built.files, built.archive]
    summary = OpenDataRelease(
        election_id=source.election_id,
        election_name=source.name,
        release_id=release_id,
        created_at=now,
        manifest_sha256=built.manifest.sha256,
        licence=open_data.LICENCE,
        licence_title=open_data.LICENCE_TITLE,
        licence_url=open_data.LICENCE_URL,
        profiles=sum(len(g.candidacy_ids) for g in groups),
        files=[
            OpenDataFile(name=f.name, media_type=f.media_type, size=f.size, sha256=f.sha256)
            for f in listed
        ],
        tables=[_table(spec) for spec in specs],
        sequence=1 if last is None else last.sequence + 1,
    )
    return summary, built, made


def _kept(built: Package) -> tuple[list[SavedFile], dict[str, bytes]]:
    """What the database keeps of the release: each file as its sections' names and
    where each ends, and the sections' bytes by name (the zip's pieces are the files'
    sections and its own headers: nothing is kept twice)."""
    files: list[SavedFile] = []
    sections: dict[str, bytes] = {}
    for file in built.files:
        refs = file.refs()
        files.append(
            SavedFile(
                file.name,
                file.media_type,
                file.sha256,
                file.size,
                refs,
                list(itertools.accumulate(len(s.deflated) for s in file.sections)),
                list(itertools.accumulate(s.size for s in file.sections)),
                pieces_deflated=True,
            )
        )
        sections.update(zip(refs, (s.deflated for s in file.sections), strict=True))
    archive = built.archive
    ends = list(itertools.accumulate(len(piece) for _, piece in archive.pieces))
    files.append(
        SavedFile(
            archive.name,
            archive.media_type,
            archive.sha256,
            archive.size,
            [ref for ref, _ in archive.pieces],
            ends,
            ends,
            pieces_deflated=False,
        )
    )
    sections.update(archive.pieces)
    return files, sections


def _reusable(
    kept: dict[str, dict[str, tuple[Section, ...]]], groups: list[ProfileGroup]
) -> dict[str, dict[str, tuple[Section, ...]]]:
    """The groups the last release holds in every data file, by group and by file."""
    return {
        g.key: {name: kept[name][g.key] for name in DATA_FILES}
        for g in groups
        if all(g.key in kept.get(name, {}) for name in DATA_FILES)
    }


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
            members = await open_data_rows.public_members(conn, fresh.election_id)
            groups = open_data.profile_groups(members, digest)
            reused = {}
            if last is not None:
                kept = await releases.kept_sections(
                    conn, fresh.election_id, last.release_id, DATA_FILES, {g.key for g in groups}
                )
                reused = _reusable(kept, groups)
                del kept
            to_make = [i for g in groups if g.key not in reused for i in g.candidacy_ids]
            among = None if len(to_make) == len(members) else to_make
            finished = await open_data_rows.finished_rows(conn, fresh.election_id, digest, among)
            unfinished = await open_data_rows.unfinished(conn, fresh.election_id, digest, among)
            read = time.perf_counter()
            summary, built, made = await asyncio.to_thread(
                build, fresh, groups, reused, finished, unfinished, statistics, now, last
            )
            del finished, unfinished
            files, sections = _kept(built)
            del built
            built_at = time.perf_counter()
            written_bytes = await releases.save_release(
                conn, summary, fingerprint.text(), files, sections
            )
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
                "groups": len(groups),
                "groups_reused": len(reused),
                "forgotten": forgotten,
                "read_s": round(read - started, 3),
                "build_s": round(built_at - read, 3),
                "save_s": round(saved - built_at, 3),  # and commit
                "kept_bytes": written_bytes,  # the changed groups' sections, and little else
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
        if layout.piece_refs is not None:
            content = await _part_of_sections(conn, ref, layout, length)
        else:
            content = await _part_kept_before(conn, ref, layout, length)
    return ReleasedFile(layout.name, layout.media_type, layout.sha256, content, layout.size)


async def _part_of_sections(
    conn: Reader, ref: OpenDataFileRef, layout: FileLayout, length: int
) -> bytes:
    assert layout.piece_refs is not None and layout.piece_ends is not None
    span = data_package.piece_span(
        layout.piece_ends, layout.piece_raw_ends or [], ref.offset, length
    )
    if span is None:
        return b""
    wanted = layout.piece_refs[span.first : span.last + 1]
    stored = await releases.section_bytes(conn, ref.election_id, wanted)
    kept = b"".join(stored[name] for name in wanted)
    if not layout.pieces_deflated:
        return kept[span.skip : span.skip + length]
    return await asyncio.to_thread(data_package.inflated_part, kept, span, length)


async def _part_kept_before(
    conn: Reader, ref: OpenDataFileRef, layout: FileLayout, length: int
) -> bytes:
    """Of a release written before migration 0008: in the file's own content, as it is
    or in deflated pieces, or in the zip's."""
    key = (ref.election_id, ref.release_id, ref.name)
    if layout.piece_ends is None:
        return await releases.kept_bytes(conn, *key, ref.offset, length)
    span = data_package.piece_span(
        layout.piece_ends, layout.piece_raw_ends or [], ref.offset, length
    )
    if span is None:
        return b""
    at = 0
    if layout.archive is not None:  # its pieces are its entry's data in the zip
        key, at = (ref.election_id, ref.release_id, layout.archive), layout.archive_at
    kept = await releases.kept_bytes(conn, *key, at + span.start, span.stop - span.start)
    return await asyncio.to_thread(data_package.inflated_part, kept, span, length)
