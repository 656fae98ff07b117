"""Open-data releases (``releases``, ``release_files``) and what a release is made of:
the names of ``elections`` and the state of ``profiles``, read here, written by the
consumers that keep them (this module never writes them); the profiles' rows are
store/open_data_rows.py's."""

from dataclasses import dataclass
from datetime import datetime

from pydantic import TypeAdapter

from contracts.events.capture import ElectionCatalogue, PartyInfo
from contracts.publication import OpenDataRelease
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
    """Where each deflated piece ends in ``content``; None when it is the file itself."""
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
        "SELECT name, media_type, sha256, size, piece_ends, archive, archive_at "
        "FROM release_files "
        "WHERE election_id = $1 AND release_id = $2 AND name = $3",
        election_id,
        release_id,
        name,
    )
    if row is None:
        return None
    ends = row["piece_ends"]
    return FileLayout(
        row["name"],
        row["media_type"],
        row["sha256"],
        int(row["size"]),
        None if ends is None else [int(e) for e in ends],
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
