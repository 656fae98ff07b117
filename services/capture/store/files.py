"""Stored files, by SHA-256 (``files``: photos and consent documents, DESIGN §8), and the
candidacies each was uploaded for (``candidacy_files``): a SHA-256 alone opens nothing."""

from dataclasses import dataclass
from datetime import datetime

from contracts.events.capture import Person
from services.capture.domain.formulas import Status
from services.capture.domain.media import FileKind, StoredFile
from services.capture.domain.one_chance import CaptureStatus
from services.capture.domain.scope import CandidacyScope
from services.capture.store import Conn


@dataclass(frozen=True)
class FileOwner:
    """A candidacy a file was uploaded for, as what, and whether it is its photo now."""

    candidacy: CandidacyScope
    status: Status
    capture_status: CaptureStatus
    kind: FileKind
    shown: bool


async def store_file(conn: Conn, stored: StoredFile, now: datetime) -> None:
    await conn.execute(
        "INSERT INTO files (sha256, media_type, content, size, stored_at) "
        "VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
        stored.sha256,
        stored.media_type,
        stored.content,
        len(stored.content),
        now,
    )


async def stored_file(conn: Conn, sha256: str) -> StoredFile | None:
    row = await conn.fetchrow("SELECT media_type, content FROM files WHERE sha256 = $1", sha256)
    return None if row is None else StoredFile(sha256, row["media_type"], bytes(row["content"]))


async def attach_file(
    conn: Conn,
    sha256: str,
    candidacy_id: str,
    kind: FileKind,
    now: datetime,
    person: Person = Person.OWNER,
) -> None:
    """Note that this file was uploaded for this person of the candidacy, as its photo or
    consent."""
    await conn.execute(
        "INSERT INTO candidacy_files (sha256, candidacy_id, kind, attached_at, person) "
        "VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
        sha256,
        candidacy_id,
        kind.value,
        now,
        person.value,
    )


async def is_attached(
    conn: Conn, sha256: str, candidacy_id: str, kind: FileKind, person: Person = Person.OWNER
) -> bool:
    return bool(
        await conn.fetchval(
            "SELECT true FROM candidacy_files WHERE sha256 = $1 AND candidacy_id = $2 "
            "AND kind = $3 AND person = $4",
            sha256,
            candidacy_id,
            kind.value,
            person.value,
        )
    )


async def file_owners(conn: Conn, sha256: str) -> list[FileOwner]:
    """The candidacies this file was uploaded for, each with the kind and whether it is
    the photo of that candidacy's person it was uploaded for now (``shown``)."""
    rows = await conn.fetch(
        """SELECT c.candidacy_id, c.election_id, c.capturing_party, c.status,
                  c.capture_status, f.kind,
                  coalesce(a.answers ->> 'fotografia' = f.sha256, false) AS shown
           FROM candidacy_files f JOIN candidacies c USING (candidacy_id)
           LEFT JOIN curricular_answers a USING (candidacy_id, person)
           WHERE f.sha256 = $1""",
        sha256,
    )
    return [
        FileOwner(
            CandidacyScope(row["candidacy_id"], row["election_id"], row["capturing_party"]),
            Status(row["status"]),
            CaptureStatus(row["capture_status"]),
            FileKind(row["kind"]),
            bool(row["shown"]),
        )
        for row in rows
    ]
