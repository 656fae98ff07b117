"""The ``consents`` table: each person's latest consent document of a candidacy the
institute acts on (000 §3.9; an independent's it keeps, 002 §II.B.3) — the owner's and
the alternate's apart (0007_alternates.sql) — and its word on it."""

from datetime import datetime

from contracts.events.capture import Person
from contracts.moderation import ConsentStatus
from services.runtime.typed_rows import Conn, Row


class Consent(Row):
    """A document with the candidacy's name, office and party, as the queue shows it (a
    candidacy not heard of yet shows its id for a name)."""

    candidacy_id: str
    election_id: str
    owner_name: str
    persona: Person
    person_name: str
    office: str
    capturing_party: str | None
    document_sha256: str
    uploaded_at: datetime
    kept_by_institute: bool
    status: ConsentStatus
    reason: str | None
    decided_at: datetime | None


SELECT = """SELECT d.candidacy_id, d.election_id,
                   coalesce(c.owner_name, d.candidacy_id) AS owner_name, d.persona,
                   CASE WHEN d.persona = 'propietaria'
                        THEN coalesce(c.owner_name, d.candidacy_id)
                        ELSE coalesce(nullif(concat_ws(' ',
                            p.projection #>> '{formula,alternate,names}',
                            p.projection #>> '{formula,alternate,first_surname}',
                            p.projection #>> '{formula,alternate,second_surname}'), ''),
                            'Suplente') END AS person_name,
                   coalesce(c.office, '') AS office, c.capturing_party,
                   d.document_sha256, d.uploaded_at, d.kept_by_institute, d.status,
                   d.reason, d.decided_at
            FROM consents d LEFT JOIN candidacies c USING (candidacy_id)
                 LEFT JOIN projections p USING (candidacy_id)"""


async def note_document(
    conn: Conn,
    *,
    election_id: str,
    candidacy_id: str,
    sha256: str,
    uploaded_at: datetime,
    kept_by_institute: bool,
    persona: Person = Person.OWNER,
) -> None:
    """A document to act on. The same document heard again (at validation, or a repeated
    event) keeps the institute's word on it; a different one, uploaded later, replaces it
    and waits again; an older one arriving late changes nothing."""
    await conn.execute(
        """INSERT INTO consents (candidacy_id, election_id, document_sha256, uploaded_at,
               kept_by_institute, persona)
           VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (candidacy_id, persona) DO UPDATE SET
               uploaded_at = CASE WHEN consents.document_sha256 = $3
                                  THEN least(consents.uploaded_at, $4) ELSE $4 END,
               status = CASE WHEN consents.document_sha256 = $3 THEN consents.status
                             ELSE 'pendiente' END,
               reason = CASE WHEN consents.document_sha256 = $3 THEN consents.reason END,
               decided_by = CASE WHEN consents.document_sha256 = $3 THEN consents.decided_by END,
               decided_at = CASE WHEN consents.document_sha256 = $3 THEN consents.decided_at END,
               document_sha256 = $3, kept_by_institute = $5
           WHERE consents.document_sha256 = $3 OR consents.uploaded_at < $4""",
        candidacy_id,
        election_id,
        sha256,
        uploaded_at,
        kept_by_institute,
        persona.value,
    )


async def consent(conn: Conn, candidacy_id: str, persona: Person = Person.OWNER) -> Consent | None:
    return await Consent.one(
        conn,
        f"{SELECT} WHERE d.candidacy_id = $1 AND d.persona = $2",
        candidacy_id,
        persona.value,
    )


async def consents_of(conn: Conn, election_id: str) -> list[Consent]:
    """The election's documents, the pending the oldest first, then the decided the
    latest first."""
    return await Consent.many(
        conn,
        f"""{SELECT} WHERE d.election_id = $1 AND (c.withdrawn_at IS NULL)
            ORDER BY d.status <> 'pendiente',
                     CASE WHEN d.status = 'pendiente' THEN d.uploaded_at END,
                     d.decided_at DESC, d.candidacy_id, d.persona""",
        election_id,
    )


async def decide(
    conn: Conn,
    candidacy_id: str,
    persona: Person,
    sha256: str,
    status: ConsentStatus,
    reason: str | None,
    decided_by: str,
    now: datetime,
) -> bool:
    """The institute's word on this very document; False when another replaced it."""
    done = await conn.execute(
        """UPDATE consents SET status = $3, reason = $4, decided_by = $5, decided_at = $6
           WHERE candidacy_id = $1 AND document_sha256 = $2 AND persona = $7""",
        candidacy_id,
        sha256,
        status.value,
        reason,
        decided_by,
        now,
        persona.value,
    )
    return str(done).endswith(" 1")
