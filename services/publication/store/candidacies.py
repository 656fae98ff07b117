"""The ``candidacies`` table: what publication heard of each candidacy from capture's
events (registered, submitted, validated, its projection, withdrawn) and moderation's
(restrictions by revision, the institute's authorisation). Events of different kinds
may arrive in any order, so each statement creates the row it needs."""

from datetime import datetime

from pydantic import Json

from contracts.events.capture import PublicProjection
from contracts.events.moderation import Restrictions
from services.runtime.typed_rows import Conn, Row


class HeardCandidacy(Row):
    candidacy_id: str
    election_id: str
    capturing_party: str | None
    office: str
    validated_at: datetime | None
    withdrawn_at: datetime | None
    withdrawal_reason: str | None
    projection: Json[PublicProjection] | None
    profile_disabled: bool
    disabled_fields: list[str]
    authorised_at: datetime | None


_UPSERT = """INSERT INTO candidacies (candidacy_id, election_id, capturing_party, office,
                 registered_at{columns})
             VALUES ($1, $2, $3, $4, $5{values})
             ON CONFLICT (candidacy_id) DO UPDATE SET {updates}"""


async def note_registered(
    conn: Conn,
    candidacy_id: str,
    election_id: str,
    capturing_party: str | None,
    office: str,
    registered_at: datetime,
) -> None:
    await conn.execute(
        _UPSERT.format(
            columns="",
            values="",
            updates="capturing_party = $3, office = $4, registered_at = $5",
        ),
        candidacy_id,
        election_id,
        capturing_party,
        office,
        registered_at,
    )


async def note_submitted(conn: Conn, candidacy_id: str, election_id: str, at: datetime) -> None:
    await conn.execute(
        """INSERT INTO candidacies (candidacy_id, election_id, office, registered_at,
               submitted_at)
           VALUES ($1, $2, '', $3, $3)
           ON CONFLICT (candidacy_id) DO UPDATE SET submitted_at = $3""",
        candidacy_id,
        election_id,
        at,
    )


async def note_projection(
    conn: Conn,
    projection: PublicProjection,
    capturing_party: str | None,
    at: datetime,
    *,
    validated: bool,
) -> None:
    """The latest projection; ``validated``: it came with the validation (which names the
    capturing party)."""
    await conn.execute(
        _UPSERT.format(
            columns=", projection, validated_at",
            values=", $6::jsonb, $5",
            updates="projection = $6::jsonb, office = $4, "
            "validated_at = coalesce(candidacies.validated_at, $5)"
            + (", capturing_party = $3" if validated else ""),
        ),
        projection.candidacy_id,
        projection.election_id,
        capturing_party,
        projection.formula.office,
        at,
        projection.model_dump_json(),
    )


async def note_withdrawn(
    conn: Conn, candidacy_id: str, election_id: str, reason: str, at: datetime
) -> None:
    await conn.execute(
        """INSERT INTO candidacies (candidacy_id, election_id, office, registered_at,
               withdrawn_at, withdrawal_reason)
           VALUES ($1, $2, '', $4, $4, $3)
           ON CONFLICT (candidacy_id) DO UPDATE SET
               withdrawn_at = coalesce(candidacies.withdrawn_at, $4), withdrawal_reason = $3""",
        candidacy_id,
        election_id,
        reason,
        at,
    )


async def note_restrictions(
    conn: Conn, candidacy_id: str, election_id: str, restrictions: Restrictions, at: datetime
) -> None:
    """Moderation's restrictions, kept only when newer (a higher revision) than held."""
    await conn.execute(
        """INSERT INTO candidacies (candidacy_id, election_id, office, registered_at,
               profile_disabled, disabled_fields, restrictions_revision)
           VALUES ($1, $2, '', $3, $4, $5, $6)
           ON CONFLICT (candidacy_id) DO UPDATE SET profile_disabled = $4,
               disabled_fields = $5, restrictions_revision = $6
           WHERE candidacies.restrictions_revision < $6""",
        candidacy_id,
        election_id,
        at,
        restrictions.profile_disabled,
        sorted(restrictions.disabled_fields),
        restrictions.revision,
    )


async def note_authorised(conn: Conn, candidacy_id: str, election_id: str, at: datetime) -> None:
    await conn.execute(
        """INSERT INTO candidacies (candidacy_id, election_id, office, registered_at,
               authorised_at)
           VALUES ($1, $2, '', $3, $3)
           ON CONFLICT (candidacy_id) DO UPDATE SET
               authorised_at = coalesce(candidacies.authorised_at, $3)""",
        candidacy_id,
        election_id,
        at,
    )


async def candidacy(conn: Conn, candidacy_id: str) -> HeardCandidacy | None:
    return await HeardCandidacy.one(
        conn,
        f"SELECT {HeardCandidacy.columns()} FROM candidacies WHERE candidacy_id = $1 FOR UPDATE",
        candidacy_id,
    )


async def of_election(conn: Conn, election_id: str) -> list[str]:
    rows = await conn.fetch(
        "SELECT candidacy_id FROM candidacies WHERE election_id = $1 ORDER BY candidacy_id",
        election_id,
    )
    return [str(row["candidacy_id"]) for row in rows]
