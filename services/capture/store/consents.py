"""The ``consents`` table: each person's signed consent to publish its identity answers
(000 §3.9) — the owner's and, where the formula has one, the alternate's —, and what the
institute, or the candidate, said of it since."""

from datetime import datetime

from contracts.events.capture import Person
from services.capture.domain.publicity import ConsentState
from services.capture.store import Conn


async def consent(conn: Conn, candidacy_id: str, person: Person = Person.OWNER) -> ConsentState:
    """The person's consent; all None when it never uploaded one."""
    row = await conn.fetchrow(
        "SELECT document_sha256, uploaded_at, verified_at, rejected_at, revoked_at "
        "FROM consents WHERE candidacy_id = $1 AND person = $2",
        candidacy_id,
        person.value,
    )
    if row is None:
        return ConsentState()
    return ConsentState(
        row["document_sha256"],
        row["uploaded_at"],
        row["verified_at"],
        row["rejected_at"],
        row["revoked_at"],
    )


async def record_consent_document(
    conn: Conn, candidacy_id: str, sha256: str, now: datetime, person: Person = Person.OWNER
) -> None:
    """A new document: whatever the institute said of the previous one no longer holds."""
    await conn.execute(
        """INSERT INTO consents (candidacy_id, document_sha256, uploaded_at, person)
           VALUES ($1, $2, $3, $4)
           ON CONFLICT (candidacy_id, person) DO UPDATE SET document_sha256 = $2,
               uploaded_at = $3, verified_at = NULL, rejected_at = NULL, revoked_at = NULL""",
        candidacy_id,
        sha256,
        now,
        person.value,
    )


# What the institute (or, revoking, the candidate) said of the document, each an upsert of
# one moment: a decision that arrives before any document was recorded is kept too.
VERIFIED = (
    "INSERT INTO consents (candidacy_id, verified_at, person) VALUES ($1, $2, $3) "
    "ON CONFLICT (candidacy_id, person) DO UPDATE SET verified_at = $2"
)
REJECTED = (
    "INSERT INTO consents (candidacy_id, rejected_at, person) VALUES ($1, $2, $3) "
    "ON CONFLICT (candidacy_id, person) DO UPDATE SET rejected_at = $2"
)
REVOKED = (
    "INSERT INTO consents (candidacy_id, revoked_at, person) VALUES ($1, $2, $3) "
    "ON CONFLICT (candidacy_id, person) DO UPDATE SET revoked_at = $2"
)


async def mark_consent_verified(
    conn: Conn, candidacy_id: str, now: datetime, person: Person = Person.OWNER
) -> None:
    await conn.execute(VERIFIED, candidacy_id, now, person.value)


async def mark_consent_rejected(
    conn: Conn, candidacy_id: str, now: datetime, person: Person = Person.OWNER
) -> None:
    await conn.execute(REJECTED, candidacy_id, now, person.value)


async def mark_consent_revoked(
    conn: Conn, candidacy_id: str, now: datetime, person: Person = Person.OWNER
) -> None:
    await conn.execute(REVOKED, candidacy_id, now, person.value)
