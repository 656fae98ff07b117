"""An institute upgrading mid-election: the proposals screened before the band keys had a
table of their own (0008) are still found by the next candidacy that copies them, and
still replaced and forgotten with their candidacy."""

import datetime as dt

from services.moderation.domain.near_duplicates import fingerprint, sketching
from services.moderation.service import definition as moderation
from services.moderation.store import proposals
from services.runtime.database import connect_owner
from services.runtime.migrations import RUNTIME_MIGRATIONS, migrate, read_migrations
from services.runtime.settings import Settings

ELECTION = "eleccion-local-2027"
PROPOSAL = (
    "Abriré las bibliotecas públicas del municipio también los sábados y domingos, con "
    "talleres de lectura para niñas y niños, préstamo de computadoras portátiles a "
    "estudiantes de secundaria y un programa de alfabetización digital para personas "
    "mayores impartido por jóvenes que prestan su servicio social en la universidad."
)
BANDS_OWN_TABLE = "0008_proposal_bands.sql"


async def test_proposals_screened_before_the_upgrade_are_still_found(fresh: Settings) -> None:
    history = read_migrations("runtime", RUNTIME_MIGRATIONS) + read_migrations(
        "moderation", moderation.migrations
    )
    before = [m for m in history if m.component == "runtime" or m.name < BANDS_OWN_TABLE]
    how = sketching(fresh.moderation_similarity_threshold, fresh.moderation_minhash_permutations)
    found = fingerprint(ELECTION, "propuesta_1", PROPOSAL, how)
    assert found is not None
    conn = await connect_owner(fresh, "moderation")
    try:
        await migrate(conn, "moderation", before)
        await conn.execute(
            """INSERT INTO candidacies (candidacy_id, election_id, owner_name, office,
                                        registered_at)
               VALUES ('F-PT-7', $1, 'Ana López Ruiz', 'presidencia_municipal', $2)""",
            ELECTION,
            dt.datetime(2027, 3, 1, tzinfo=dt.UTC),
        )
        await conn.execute(
            """INSERT INTO proposal_prints (candidacy_id, field, election_id, bands, signature)
               VALUES ('F-PT-7', 'propuesta_1', $1, $2, $3)""",
            ELECTION,
            list(found.bands),
            found.signature,
        )

        assert await migrate(conn, "moderation", history) == [f"moderation/{BANDS_OWN_TABLE}"]

        alike = await proposals.alike(conn, ELECTION, "F-MC-2", list(found.bands))
        assert [(p.candidacy_id, p.owner_name, p.field) for p in alike] == [
            ("F-PT-7", "Ana López Ruiz", "propuesta_1")
        ]
        await proposals.forget_prints(conn, "F-PT-7")
        assert await proposals.alike(conn, ELECTION, "F-MC-2", list(found.bands)) == []
        assert await conn.fetchval("SELECT count(*) FROM proposal_bands") == 0
    finally:
        await conn.close()
