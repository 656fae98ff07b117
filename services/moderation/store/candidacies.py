"""The ``candidacies`` and ``projections`` tables: each registered candidacy as moderation
knows it (its party, owner and office, from ``candidacy.registered``), where its review
stands, and its validated public projection (from ``candidacy.validated``, public answers
only), kept apart so that the queue's rows stay narrow."""

from datetime import datetime
from enum import StrEnum

from pydantic import Json

from contracts.events.capture import CandidacyRegistered, PublicPerson, PublicProjection
from contracts.moderation import FlagKind
from services.runtime.typed_rows import Conn, Row


class ReviewStatus(StrEnum):
    PENDING = "pending"  # validated, no verifier has looked at it since
    REVIEWED = "reviewed"  # a verifier decided on it, or found nothing to object


class Candidacy(Row):
    candidacy_id: str
    election_id: str
    capturing_party: str | None
    owner_name: str
    alternate_name: str | None
    office: str
    district: str | None
    municipality: str | None
    withdrawn_at: datetime | None
    projection: Json[PublicProjection] | None
    validated_at: datetime | None
    flag_count: int
    review_status: ReviewStatus

    @property
    def scope_id(self) -> str:
        """The scope whose accounts reach it: its capturing party, or itself (independent)."""
        return self.capturing_party or self.candidacy_id


CANDIDACY = """c.candidacy_id, c.election_id, c.capturing_party, c.owner_name,
    c.alternate_name, c.office,
    c.district, c.municipality, c.withdrawn_at, p.projection, c.validated_at, c.flag_count,
    c.review_status"""
WITH_PROJECTION = "candidacies c LEFT JOIN projections p USING (candidacy_id)"


async def register(conn: Conn, registered: CandidacyRegistered) -> None:
    await conn.execute(
        """INSERT INTO candidacies (candidacy_id, election_id, capturing_party, owner_name,
               office, registered_at, alternate_name)
           VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (candidacy_id) DO UPDATE SET capturing_party = $3, owner_name = $4,
               office = $5, alternate_name = coalesce($7, candidacies.alternate_name)""",
        registered.candidacy_id,
        registered.election_id,
        registered.capturing_party_id,
        registered.owner_name,
        registered.office,
        registered.approved_at,
        registered.alternate_name,
    )


async def withdraw(conn: Conn, candidacy_id: str, now: datetime) -> None:
    await conn.execute(
        "UPDATE candidacies SET withdrawn_at = $2 WHERE candidacy_id = $1 AND withdrawn_at IS NULL",
        candidacy_id,
        now,
    )


async def save_projection(
    conn: Conn,
    projection: PublicProjection,
    capturing_party: str | None,
    office_name: str,
    now: datetime,
) -> None:
    """A validated (or re-announced) projection: the candidacy waits for a verifier again.
    A candidacy moderation never heard registered is known from its projection."""
    formula = projection.formula
    alternate = None if formula.alternate is None else full_name(formula.alternate)
    await conn.execute(
        """INSERT INTO candidacies (candidacy_id, election_id, capturing_party, owner_name,
               office, district, municipality, registered_at, validated_at, review_status,
               alternate_name)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, 'pending', $9)
           ON CONFLICT (candidacy_id) DO UPDATE SET owner_name = $4, office = $5,
               district = $6, municipality = $7, alternate_name = $9,
               validated_at = coalesce(candidacies.validated_at, $8), review_status = 'pending'""",
        projection.candidacy_id,
        projection.election_id,
        capturing_party,
        full_name(formula.owner),
        office_name,
        formula.district,
        formula.municipality,
        now,
        alternate,
    )
    await replace_projection(conn, projection)


def full_name(person: PublicPerson) -> str:
    return " ".join(
        part for part in (person.names, person.first_surname, person.second_surname) if part
    )


async def candidacy(conn: Conn, candidacy_id: str) -> Candidacy | None:
    return await Candidacy.one(
        conn, f"SELECT {CANDIDACY} FROM {WITH_PROJECTION} WHERE c.candidacy_id = $1", candidacy_id
    )


async def validated_in(
    conn: Conn, election_id: str, capturing_party: str | None = None
) -> list[Candidacy]:
    """The election's live validated candidacies (of one party when given), by owner."""
    return await Candidacy.many(
        conn,
        f"""SELECT {CANDIDACY} FROM {WITH_PROJECTION}
            WHERE c.election_id = $1 AND c.validated_at IS NOT NULL AND c.withdrawn_at IS NULL
              AND ($2::text IS NULL OR c.capturing_party = $2)
            ORDER BY c.owner_name, c.candidacy_id""",
        election_id,
        capturing_party,
    )


class PartyCapture(Row):
    """How many people the party's live candidacies have (owners and alternates), and
    how many of them met the capture."""

    capturing_party: str | None
    candidacies: int
    validated: int


async def capture_by_party(conn: Conn, election_id: str) -> list[PartyCapture]:
    """Per capturing party (None: the independents), the people of the election's live
    candidacies — each owner, and each alternate known (004 §46) — and how many met the
    capture (004 §47): an owner whose candidacy is validated, an alternate of a
    validated candidacy with public answers of its own."""
    return await PartyCapture.many(
        conn,
        """SELECT c.capturing_party,
                  (count(*) + count(c.alternate_name))::int AS candidacies,
                  (count(*) FILTER (WHERE c.validated_at IS NOT NULL)
                   + count(*) FILTER (WHERE c.validated_at IS NOT NULL
                       AND c.alternate_name IS NOT NULL
                       AND jsonb_typeof(p.projection -> 'alternate_curricular') = 'object'
                       AND p.projection -> 'alternate_curricular' <> '{}'::jsonb))::int
                      AS validated
           FROM candidacies c LEFT JOIN projections p USING (candidacy_id)
           WHERE c.election_id = $1 AND c.withdrawn_at IS NULL
           GROUP BY c.capturing_party""",
        election_id,
    )


async def mark_screened(
    conn: Conn, candidacy_id: str, kinds: list[FlagKind], now: datetime
) -> None:
    """Screened now: how many flags it has, and of which kinds (the queue's order and
    filter)."""
    await conn.execute(
        """UPDATE candidacies SET screened_at = $2, flag_count = $3, flag_kinds = $4
           WHERE candidacy_id = $1""",
        candidacy_id,
        now,
        len(kinds),
        sorted({kind.value for kind in kinds}),
    )


async def mark_restricted(conn: Conn, candidacy_id: str, restricted: bool) -> None:
    """Something of it is kept from publication now (or no longer is)."""
    await conn.execute(
        "UPDATE candidacies SET restricted = $2 WHERE candidacy_id = $1", candidacy_id, restricted
    )


async def mark_reviewed(conn: Conn, candidacy_id: str) -> None:
    await conn.execute(
        "UPDATE candidacies SET review_status = 'reviewed' WHERE candidacy_id = $1", candidacy_id
    )


async def of_scope(
    conn: Conn, election_id: str, party: str | None, candidacy_id: str | None
) -> list[Candidacy]:
    """A party's candidacies (``party``), or one candidacy's own (``candidacy_id``), live."""
    return await Candidacy.many(
        conn,
        f"""SELECT {CANDIDACY} FROM {WITH_PROJECTION}
            WHERE c.election_id = $1 AND c.withdrawn_at IS NULL
              AND (($2::text IS NOT NULL AND c.capturing_party = $2)
                   OR ($3::text IS NOT NULL AND c.candidacy_id = $3))
            ORDER BY c.owner_name, c.candidacy_id""",
        election_id,
        party,
        candidacy_id,
    )


async def replace_projection(conn: Conn, projection: PublicProjection) -> None:
    """The projection announced again with the same public text (a consent's change):
    where the review stands does not change."""
    await conn.execute(
        """INSERT INTO projections (candidacy_id, projection) VALUES ($1, $2::jsonb)
           ON CONFLICT (candidacy_id) DO UPDATE SET projection = $2::jsonb""",
        projection.candidacy_id,
        projection.model_dump_json(),
    )
