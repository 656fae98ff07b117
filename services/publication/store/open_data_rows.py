"""``open_data_rows`` (migration 0007): each public profile's finished part of the open
data's tables (adapters/data_package.py ``profile_pieces``), written with its profile by
materialising and read, in candidacy order, by a release."""

from collections.abc import Sequence
from dataclasses import dataclass

from services.publication.adapters.data_package import PIECE_COLUMNS
from services.runtime.connections import Connection, Reader

_COLUMNS = ", ".join(PIECE_COLUMNS)
_VALUES = ", ".join(f"${n}" for n in range(5, 5 + len(PIECE_COLUMNS)))
_UPDATES = ", ".join(f"{c} = EXCLUDED.{c}" for c in PIECE_COLUMNS)
_PUBLIC = "p.election_id = $1 AND p.state = 'public' AND p.document IS NOT NULL"
_FRESH = "r.sequence = p.sequence AND r.names = $2"
_IN_ORDER = 'ORDER BY p.candidacy_id COLLATE "C"'
_AMONG = "($3::text[] IS NULL OR p.candidacy_id = ANY($3::text[]))"
"""Code point order, as Python sorts the ids (domain/open_data.py ``tables``)."""


@dataclass(frozen=True)
class ProfileRows:
    candidacy_id: str
    election_id: str
    sequence: int
    """The profile's change they were made from."""
    names: str
    """``ElectionNames.digest`` of what they were made with."""
    pieces: tuple[bytes, ...]


@dataclass(frozen=True)
class Unfinished:
    """A public profile whose rows are missing or were made from another change or
    other names: its document, to make them from."""

    candidacy_id: str
    sequence: int
    document: bytes


_UPSERT = f"""INSERT INTO open_data_rows (candidacy_id, election_id, sequence, names, {_COLUMNS})
       VALUES ($1, $2, $3, $4, {_VALUES})
       ON CONFLICT (candidacy_id) DO UPDATE SET election_id = EXCLUDED.election_id,
           sequence = EXCLUDED.sequence, names = EXCLUDED.names, {_UPDATES}"""


def _args(rows: ProfileRows) -> tuple[object, ...]:
    return (rows.candidacy_id, rows.election_id, rows.sequence, rows.names, *rows.pieces)


async def save_rows(conn: Connection, rows: ProfileRows) -> None:
    """What publication writes with the profile, in its transaction."""
    await conn.execute(_UPSERT, *_args(rows))


async def forget_rows(conn: Connection, candidacy_id: str) -> None:
    """A withdrawn profile has no rows."""
    await conn.execute("DELETE FROM open_data_rows WHERE candidacy_id = $1", candidacy_id)


async def keep_made(conn: Connection, made: Sequence[ProfileRows]) -> None:
    """Rows a release made from the documents, kept for the next one unless the profile
    was written again since (its own rows are then newer)."""
    await conn.executemany(
        _UPSERT + " WHERE open_data_rows.sequence <= EXCLUDED.sequence",
        [_args(rows) for rows in made],
    )


async def public_members(conn: Reader, election_id: str) -> list[tuple[str, int]]:
    """The election's public profiles in candidacy order: the id and the change."""
    records = await conn.fetch(
        f"SELECT p.candidacy_id, p.sequence FROM profiles p WHERE {_PUBLIC} {_IN_ORDER}",
        election_id,
    )
    return [(r[0], int(r[1])) for r in records]


async def finished_rows(
    conn: Reader, election_id: str, names: str, among: Sequence[str] | None = None
) -> list[tuple[str, tuple[bytes, ...]]]:
    """The election's public profiles (``among`` these, or all) whose rows are up to
    date, in candidacy order: the id and the pieces."""
    records = await conn.fetch(
        f"""SELECT p.candidacy_id, {", ".join(f"r.{c}" for c in PIECE_COLUMNS)}
              FROM profiles p JOIN open_data_rows r USING (candidacy_id)
             WHERE {_PUBLIC} AND {_FRESH} AND {_AMONG} {_IN_ORDER}""",
        election_id,
        names,
        None if among is None else list(among),
    )
    return [(r[0], tuple(r)[1:]) for r in records]


async def unfinished(
    conn: Reader, election_id: str, names: str, among: Sequence[str] | None = None
) -> list[Unfinished]:
    """The election's public profiles (``among`` these, or all) without rows up to
    date."""
    records = await conn.fetch(
        f"""SELECT p.candidacy_id, p.sequence, convert_to(p.document::text, 'UTF8') AS document
              FROM profiles p LEFT JOIN open_data_rows r USING (candidacy_id)
             WHERE {_PUBLIC} AND (r.candidacy_id IS NULL OR NOT ({_FRESH})) AND {_AMONG}
             {_IN_ORDER}""",
        election_id,
        names,
        None if among is None else list(among),
    )
    return [Unfinished(r["candidacy_id"], int(r["sequence"]), r["document"]) for r in records]
