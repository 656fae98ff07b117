"""Open-data releases (``releases``, ``release_files``) and what a release is made of:
the names of ``elections`` and the state of ``profiles``, read here, written by the
consumers that keep them (this module never writes them); the profiles' rows are
store/open_data_rows.py's."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from pydantic import TypeAdapter

from contracts.events.capture import ElectionCatalogue, PartyInfo
from contracts.publication import OPEN_DATA_CHUNK_BYTES, OpenDataRelease
from services.publication.adapters.data_package import Section
from services.runtime.connections import Connection, Reader

PARTIES = TypeAdapter(list[PartyInfo])


@dataclass(frozen=True)
class ReleaseSource:
    """An election with at least one profile ever public, and what its public data looks
    like now: the last change's number and how many profiles (withdrawn ones included)."""

    election_id: str
    name: str
    institute: str | None
    parties: list[PartyInfo]
    catalogue: ElectionCatalogue
    catalogue_changed_at: datetime
    last_sequence: int
    profiles: int


@dataclass(frozen=True)
class LastRelease:
    release_id: str
    sequence: int
    created_at: datetime
    fingerprint: str
    summary: OpenDataRelease


@dataclass(frozen=True)
class ReleasedFile:
    name: str
    media_type: str
    sha256: str
    content: bytes
    """As kept: the file itself, or its deflated pieces one after the other."""
    size: int = 0
    """The file's own size."""
    piece_ends: list[int] | None = None
    """Where each section ends deflated, in ``content`` or its entry in ``archive``;
    None when ``content`` is the file itself."""
    piece_raw_ends: list[int] | None = None
    """Where each section ends in the file itself."""
    piece_keys: list[str] | None = None
    """The group of profiles each section holds (adapters/data_package.py ``Section``)."""
    archive: str | None = None
    """The release's zip, when the pieces are kept there (its entry's data, from
    ``archive_at``) and ``content`` is empty (migration 0007)."""
    archive_at: int = 0


@dataclass(frozen=True)
class FileLayout:
    """How a released file is kept (migration 0004)."""

    name: str
    media_type: str
    sha256: str
    size: int
    piece_ends: list[int] | None
    piece_raw_ends: list[int] | None
    """Where each section ends in the file itself (of each ``OPEN_DATA_CHUNK_BYTES`` in
    releases written before migration 0008)."""
    archive: str | None = None
    """Where the pieces are kept: the zip's name (from ``archive_at`` on), or None (in
    the file's own ``content``)."""
    archive_at: int = 0


async def release_sources(conn: Reader, election_id: str | None = None) -> list[ReleaseSource]:
    """Every election's (or only ``election_id``'s)."""
    rows = await conn.fetch(
        """SELECT e.election_id, e.name, e.institute, e.parties::text AS parties,
                  e.catalogue::text AS catalogue, e.updated_at,
                  max(p.sequence) AS last_sequence, count(*) AS profiles
             FROM elections e JOIN profiles p USING (election_id)
            WHERE $1::text IS NULL OR e.election_id = $1
            GROUP BY e.election_id
            ORDER BY e.election_id""",
        election_id,
    )
    return [
        ReleaseSource(
            election_id=row["election_id"],
            name=row["name"],
            institute=row["institute"],
            parties=PARTIES.validate_json(row["parties"]),
            catalogue=ElectionCatalogue.model_validate_json(row["catalogue"]),
            catalogue_changed_at=row["updated_at"],
            last_sequence=int(row["last_sequence"]),
            profiles=int(row["profiles"]),
        )
        for row in rows
    ]


async def last_release(conn: Reader, election_id: str) -> LastRelease | None:
    row = await conn.fetchrow(
        "SELECT release_id, sequence, created_at, fingerprint, summary::text AS summary "
        "FROM releases WHERE election_id = $1 ORDER BY sequence DESC LIMIT 1",
        election_id,
    )
    if row is None:
        return None
    return LastRelease(
        release_id=row["release_id"],
        sequence=int(row["sequence"]),
        created_at=row["created_at"],
        fingerprint=row["fingerprint"],
        summary=OpenDataRelease.model_validate_json(row["summary"]),
    )


async def save_release(
    conn: Connection,
    release: OpenDataRelease,
    fingerprint: str,
    files: list[ReleasedFile],
) -> None:
    await conn.execute(
        "INSERT INTO releases (election_id, release_id, sequence, created_at, fingerprint, "
        "manifest_sha256, summary) VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)",
        release.election_id,
        release.release_id,
        release.sequence,
        release.created_at,
        fingerprint,
        release.manifest_sha256,
        release.model_dump_json(),
    )
    await conn.copy_records_to_table(
        "release_files",
        records=[
            (
                release.election_id,
                release.release_id,
                f.name,
                f.media_type,
                f.sha256,
                f.size,
                f.content,
                f.piece_ends,
                f.piece_raw_ends,
                f.piece_keys,
                f.archive,
                None if f.archive is None else f.archive_at,
            )
            for f in files
        ],
        columns=[
            "election_id",
            "release_id",
            "name",
            "media_type",
            "sha256",
            "size",
            "content",
            "piece_ends",
            "piece_raw_ends",
            "piece_keys",
            "archive",
            "archive_at",
        ],
    )


async def forget_old_releases(conn: Connection, election_id: str, keep: int) -> list[str]:
    """Delete all but the newest ``keep`` releases of the election (their files with
    them); the ids deleted."""
    rows = await conn.fetch(
        """DELETE FROM releases WHERE election_id = $1 AND sequence <= (
               SELECT sequence FROM releases WHERE election_id = $1
                ORDER BY sequence DESC OFFSET $2 LIMIT 1)
           RETURNING release_id""",
        election_id,
        keep,
    )
    return [row["release_id"] for row in rows]


async def file_layout(
    conn: Reader, election_id: str, release_id: str, name: str
) -> FileLayout | None:
    row = await conn.fetchrow(
        "SELECT name, media_type, sha256, size, piece_ends, piece_raw_ends, archive, "
        "archive_at "
        "FROM release_files "
        "WHERE election_id = $1 AND release_id = $2 AND name = $3",
        election_id,
        release_id,
        name,
    )
    if row is None:
        return None
    ends = None if row["piece_ends"] is None else [int(e) for e in row["piece_ends"]]
    size = int(row["size"])
    raw_ends = row["piece_raw_ends"]
    if ends is not None and raw_ends is None:  # a release written before migration 0008
        raw_ends = [min(size, (n + 1) * OPEN_DATA_CHUNK_BYTES) for n in range(len(ends))]
    return FileLayout(
        row["name"],
        row["media_type"],
        row["sha256"],
        size,
        ends,
        None if raw_ends is None else [int(e) for e in raw_ends],
        row["archive"],
        int(row["archive_at"] or 0),
    )


async def kept_bytes(
    conn: Reader, election_id: str, release_id: str, name: str, offset: int, length: int
) -> bytes:
    """``length`` bytes of what is kept of the file from ``offset`` on (a slice of the
    stored value: PostgreSQL reads only the part asked for)."""
    content = await conn.fetchval(
        "SELECT substring(content FROM $4 FOR $5) FROM release_files "
        "WHERE election_id = $1 AND release_id = $2 AND name = $3",
        election_id,
        release_id,
        name,
        offset + 1,
        length,
    )
    return b"" if content is None else bytes(content)


async def release_ids(conn: Reader, election_id: str) -> list[str]:
    """The releases kept, newest first."""
    rows = await conn.fetch(
        "SELECT release_id FROM releases WHERE election_id = $1 ORDER BY sequence DESC",
        election_id,
    )
    return [row["release_id"] for row in rows]


async def kept_sections(
    conn: Reader, election_id: str, release_id: str, names: Sequence[str]
) -> dict[str, dict[str, tuple[Section, ...]]]:
    """The sections of the release's files ``names`` that hold a group of profiles, by
    file and by group, read from the files' entries in the release's zip (nothing for a
    file written before migration 0008)."""
    rows = await conn.fetch(
        """SELECT f.name, f.piece_ends, f.piece_raw_ends, f.piece_keys,
                  substring(z.content FROM (f.archive_at + 1)::int
                            FOR f.piece_ends[cardinality(f.piece_ends)]::int) AS entry
             FROM release_files f
             JOIN release_files z ON (z.election_id, z.release_id, z.name)
                                   = (f.election_id, f.release_id, f.archive)
            WHERE f.election_id = $1 AND f.release_id = $2 AND f.name = ANY($3::text[])
              AND f.piece_keys IS NOT NULL""",
        election_id,
        release_id,
        list(names),
    )
    kept: dict[str, dict[str, tuple[Section, ...]]] = {}
    for row in rows:
        entry = bytes(row["entry"])
        groups: dict[str, list[Section]] = {}
        start = raw_start = 0
        for end, raw_end, key in zip(
            row["piece_ends"], row["piece_raw_ends"], row["piece_keys"], strict=True
        ):
            if key:
                groups.setdefault(key, []).append(
                    Section(entry[start:end], raw_end - raw_start, key)
                )
            start, raw_start = end, raw_end
        kept[row["name"]] = {key: tuple(found) for key, found in groups.items()}
    return kept
