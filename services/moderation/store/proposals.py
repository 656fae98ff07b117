"""The ``proposal_prints`` table: each validated candidacy's proposals as MinHash
signatures, and ``proposal_bands``: their LSH band keys, one row each, the index
near-duplicate detection looks up. The alternate's proposals are rows of their own, under
the alternate's field name (``suplente.propuesta_1``): the key (candidacy, field) keeps
them apart from the owner's."""

from services.moderation.domain.near_duplicates import Fingerprint
from services.runtime.typed_rows import Conn, Row

MOST_CANDIDATES = 5_000
"""A bound on the rows one lookup confirms, should a text be copied everywhere."""


class ProposalPrint(Row):
    candidacy_id: str
    owner_name: str
    field: str
    signature: bytes


async def hold_election(conn: Conn, election_id: str) -> None:
    """Screen one candidacy of an election at a time, across replicas, until the
    transaction ends: two copies validated at once would otherwise not see each other."""
    await conn.execute(
        "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))",
        f"moderation.proposals:{election_id}",
    )


async def alike(
    conn: Conn, election_id: str, candidacy_id: str, band_keys: list[int]
) -> list[ProposalPrint]:
    """The proposals of the election's other live candidacies sharing a band key."""
    return await ProposalPrint.many(
        conn,
        f"""SELECT p.candidacy_id, c.owner_name, p.field, p.signature
            FROM (SELECT DISTINCT print_id FROM proposal_bands
                  WHERE band_key = ANY($1::bigint[]) LIMIT {MOST_CANDIDATES}) AS b
            JOIN proposal_prints p USING (print_id)
            JOIN candidacies c USING (candidacy_id)
            WHERE p.election_id = $2 AND p.candidacy_id <> $3 AND c.withdrawn_at IS NULL""",
        band_keys,
        election_id,
        candidacy_id,
    )


async def replace_prints(
    conn: Conn, election_id: str, candidacy_id: str, prints: list[Fingerprint]
) -> None:
    """The candidacy's prints and their band keys in place of its last ones (whose
    keys the foreign key's cascade removes)."""
    await conn.execute("DELETE FROM proposal_prints WHERE candidacy_id = $1", candidacy_id)
    await conn.executemany(
        """WITH kept AS (
               INSERT INTO proposal_prints (candidacy_id, field, election_id, signature)
               VALUES ($1, $2, $3, $5) RETURNING print_id)
           INSERT INTO proposal_bands (print_id, band_key)
           SELECT print_id, key FROM kept, unnest($4::bigint[]) AS key""",
        [(candidacy_id, p.field, election_id, sorted(set(p.bands)), p.signature) for p in prints],
    )


async def forget_prints(conn: Conn, candidacy_id: str) -> None:
    await conn.execute("DELETE FROM proposal_prints WHERE candidacy_id = $1", candidacy_id)
