"""Open-data releases (``releases``, ``release_files``) and what a release is made of:
the names of ``elections`` and the state of ``profiles``, read here, written by the
consumers that keep them (this module never writes them); the profiles' rows are
store/open_data_rows.py's."""

from collections.abc import Mapping, Sequence
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
    """A file of a release, or the part of it asked for."""

    name: str
    media_type: str
    sha256: str
    content: bytes
    size: int
    """The whole file's size."""


@dataclass(frozen=True)
class SavedFile:
    """A file of a release as it is kept (migration 0008): its sections in order."""

    name: str
    media_type: str
    sha256: str
    size: int
    piece_refs: list[str]
    piece_ends: list[int]
    """Where each section's bytes end."""
    piece_raw_ends: list[int]
    """Where each section ends in the file itself."""
    pieces_deflated: bool
    """Whether the sections' bytes are deflated (a CSV or JSON file) or the file's own
    bytes (the zip)."""


@dataclass(frozen=True)
class FileLayout:
    """How a released file is kept: its sections (``refs`` not None), or, for a release
    written before migration 0008, its ``content``: the file itself (``piece_ends``
    None) or its deflated pieces of ``OPEN_DATA_CHUNK_BYTES``, in ``content`` or in the
    zip ``archive`` from ``archive_at`` on."""

    name: str
    media_type: str
    sha256: str
    size: int
    piece_ends: list[int] | None
    piece_raw_ends: list[int] | None
    piece_refs: list[str] | None = None
    pieces_deflated: bool = True
    archive: str | None = None
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
    files: list[SavedFile],
    sections: Mapping[str, bytes],
) -> int:
    """The release, its files and the ``sections`` (by ref) the election does not keep
    yet; how many bytes of sections it wrote."""
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
    held = await conn.fetch(
        "SELECT ref FROM release_sections WHERE election_id = $1 AND ref = ANY($2::text[])",
        release.election_id,
        list(sections),
    )
    new = set(sections) - {row["ref"] for row in held}
    await conn.copy_records_to_table(
        "release_sections",
        records=[(release.election_id, ref, sections[ref]) for ref in sorted(new)],
        columns=["election_id", "ref", "bytes"],
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
                b"",
                f.piece_ends,
                f.piece_raw_ends,
                f.piece_refs,
                f.pieces_deflated,
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
            "piece_refs",
            "pieces_deflated",
        ],
    )
    return sum(len(sections[ref]) for ref in new)


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
    await conn.execute(  # and the sections no release kept holds
        """DELETE FROM release_sections s
            WHERE s.election_id = $1 AND NOT EXISTS (
                  SELECT 1 FROM release_files f
                   WHERE f.election_id = $1 AND s.ref = ANY(f.piece_refs))""",
        election_id,
    )
    return [row["release_id"] for row in rows]


async def file_layout(
    conn: Reader, election_id: str, release_id: str, name: str
) -> FileLayout | None:
    row = await conn.fetchrow(
        "SELECT name, media_type, sha256, size, piece_ends, piece_raw_ends, piece_refs, "
        "pieces_deflated, archive, archive_at "
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
        row["piece_refs"],
        row["pieces_deflated"] is not False,
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
    conn: Reader, election_id: str, release_id: str, names: Sequence[str], groups: set[str]
) -> dict[str, dict[str, tuple[Section, ...]]]:
    """The sections of the release's files ``names`` that hold one of ``groups``, by
    file and by group (none of a release written before migration 0008)."""
    rows = await conn.fetch(
        """SELECT name, piece_refs, piece_raw_ends FROM release_files
            WHERE election_id = $1 AND release_id = $2 AND name = ANY($3::text[])
              AND piece_refs IS NOT NULL""",
        election_id,
        release_id,
        list(names),
    )
    wanted: dict[str, tuple[str, str, int]] = {}  # ref: (file, group, inflated size)
    for row in rows:
        raw_start = 0
        for ref, raw_end in zip(row["piece_refs"], row["piece_raw_ends"], strict=True):
            group = ref.split(":")[1] if ":" in ref else ""
            if group in groups:
                wanted[ref] = (row["name"], group, raw_end - raw_start)
            raw_start = raw_end
    stored = await section_bytes(conn, election_id, list(wanted))
    kept: dict[str, dict[str, tuple[Section, ...]]] = {}
    for ref, (name, group, size) in wanted.items():  # in each file's order
        by_group = kept.setdefault(name, {})
        by_group[group] = (*by_group.get(group, ()), Section(stored[ref], size, group))
    return kept


async def section_bytes(conn: Reader, election_id: str, refs: Sequence[str]) -> dict[str, bytes]:
    rows = await conn.fetch(
        "SELECT ref, bytes FROM release_sections WHERE election_id = $1 AND ref = ANY($2::text[])",
        election_id,
        list(refs),
    )
    return {row["ref"]: bytes(row["bytes"]) for row in rows}
