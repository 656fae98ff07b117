"""The ``candidacies`` table: each formula of the registry and where its questionnaires
stand (draft → submitted → validated, 000 §3.16); listed with the completeness of its
two questionnaires."""

import json
from dataclasses import dataclass
from datetime import datetime

import asyncpg
from pydantic import TypeAdapter

from services.capture.domain.formulas import RegisteredFormula, Standing, Status
from services.capture.domain.one_chance import CaptureStatus
from services.capture.domain.scope import CandidacyScope, ListScope
from services.capture.store import Conn, change_windows
from services.capture.store.change_windows import ChangeWindow
from services.capture.store.elections import (
    KNOWN_VERSIONS,
    Election,
    election_of_row,
    known_versions,
)

_FORMULA = TypeAdapter(RegisteredFormula)
COLUMNS = (
    "c.candidacy_id, c.election_id, c.capturing_party, c.formula, c.status, c.capture_status, "
    "c.deadline_at"
)


@dataclass(frozen=True)
class Candidacy:
    candidacy_id: str
    election_id: str
    capturing_party: str | None  # None: an independent candidacy
    formula: RegisteredFormula
    status: Status
    capture_status: CaptureStatus
    deadline_at: datetime | None  # when its capture window closes, once it opened

    @property
    def scope(self) -> CandidacyScope:
        return CandidacyScope(self.candidacy_id, self.election_id, self.capturing_party)


@dataclass(frozen=True)
class CandidacyProgress:
    """A candidacy with how complete each questionnaire of each person is (None: never
    saved, or no alternate)."""

    candidacy: Candidacy
    curricular_completeness: dict[str, int] | None
    identity_completeness: dict[str, int] | None
    alternate_curricular_completeness: dict[str, int] | None = None
    alternate_identity_completeness: dict[str, int] | None = None


@dataclass(frozen=True)
class ImportedCandidacy:
    """What a new import of the registry compares with."""

    election_id: str
    status: Status
    content_hash: bytes


@dataclass(frozen=True)
class RegistryEntry:
    """A formula of the registry as it is to be saved."""

    candidacy_id: str
    election_id: str
    document: str  # the formula as JSON
    content_hash: bytes
    status: Status
    capturing_party: str | None
    replaces: str | None
    withdrawn_at: datetime | None


def _candidacy(row: asyncpg.Record) -> Candidacy:
    return Candidacy(
        candidacy_id=row["candidacy_id"],
        election_id=row["election_id"],
        capturing_party=row["capturing_party"],
        formula=_FORMULA.validate_json(row["formula"]),
        status=Status(row["status"]),
        capture_status=CaptureStatus(row["capture_status"]),
        deadline_at=row["deadline_at"],
    )


def _completeness(document: str | None) -> dict[str, int] | None:
    return None if document is None else dict(json.loads(document))


async def candidacy(conn: Conn, candidacy_id: str) -> Candidacy | None:
    row = await conn.fetchrow(
        f"SELECT {COLUMNS} FROM candidacies c WHERE candidacy_id = $1", candidacy_id
    )
    return None if row is None else _candidacy(row)


async def candidacy_for_update(conn: Conn, candidacy_id: str) -> Candidacy | None:
    """The candidacy, locked until the transaction ends: a step that decides on its
    capture status (a save of a draft, a submission) holds it, so no other step can
    change that status between the check and the commit (one chance, 000 §3.16)."""
    row = await conn.fetchrow(
        f"SELECT {COLUMNS} FROM candidacies c WHERE candidacy_id = $1 FOR UPDATE", candidacy_id
    )
    return None if row is None else _candidacy(row)


async def candidacy_in_election(
    conn: Conn, candidacy_id: str, *, lock: bool = False
) -> tuple[Candidacy, Election] | None:
    """The candidacy and its election, in one statement (its configuration sent only
    when this process has not parsed that version, ``elections.KNOWN_VERSIONS``); with
    ``lock``, the candidacy's row is held until the transaction ends (as
    ``candidacy_for_update``)."""
    row = await conn.fetchrow(_in_election(lock=lock), candidacy_id, known_versions())
    if row is None:
        return None
    return _candidacy(row), _election(row)


async def candidacy_with_window(
    conn: Conn, candidacy_id: str, now: datetime, *, lock: bool = False
) -> tuple[Candidacy, Election, ChangeWindow | None] | None:
    """``candidacy_in_election``, and in the same statement the change window open on it
    at ``now``, if any (as ``change_windows.open_for``)."""
    row = await conn.fetchrow(
        _in_election(lock=lock, window=True), candidacy_id, known_versions(), now
    )
    if row is None:
        return None
    return _candidacy(row), _election(row), change_windows.window_of(row)


def _in_election(*, lock: bool, window: bool = False) -> str:
    """The statement of ``candidacy_in_election`` ($1 the candidacy, $2 the versions of
    the elections parsed here), with the window open at $3 where ``window``."""
    known = KNOWN_VERSIONS.format(param="$2")
    return f"""SELECT {COLUMNS}, e.xmin::text AS election_version,
                   CASE WHEN {known} THEN NULL ELSE e.config END AS election_config,
                   CASE WHEN {known} THEN NULL ELSE e.profile END AS election_profile
                   {", " + change_windows.OPEN_COLUMNS if window else ""}
            FROM candidacies c JOIN elections e ON e.election_id = c.election_id
            {change_windows.OPEN_AT.format(now="$3") if window else ""}
            WHERE c.candidacy_id = $1 {"FOR UPDATE OF c" if lock else ""}"""


def _election(row: asyncpg.Record) -> Election:
    return election_of_row(
        row["election_id"],
        row["election_version"],
        row["election_config"],
        row["election_profile"],
    )


@dataclass(frozen=True)
class Sought:
    """What a list is narrowed to within its scope; None does not narrow."""

    election_id: str | None = None
    office: str | None = None
    district: str | None = None
    municipality: str | None = None
    party: str | None = None
    capture_status: CaptureStatus | None = None
    status: Status | None = None
    text: str | None = None  # in the key or a name, whatever its accents and case
    candidacy_id: str | None = None
    awaiting_validation: bool = False  # submitted, or re-captured in an open change window


AWAITING_VALIDATION = (
    "(c.capture_status = 'submitted' OR EXISTS (SELECT 1 FROM change_windows w "
    "WHERE w.candidacy_id = c.candidacy_id AND w.closed_at IS NULL AND w.edited_at IS NOT NULL))"
)


@dataclass(frozen=True)
class CandidacyPage:
    total: int  # every candidacy the scope and what is sought leave, on any page
    listed: list[CandidacyProgress]


def _where(scope: ListScope, sought: Sought) -> tuple[str, list[str]]:
    """The conditions of the scope and of what is sought, with their values in order (the
    scope's always: a filter narrows what the principal may see, never widens it)."""
    conditions: list[tuple[str, str | None]] = [
        ("c.election_id = {}", scope.election_id),
        ("c.capturing_party = {}", scope.party),
        ("c.candidacy_id = {}", scope.candidacy_id),
        ("c.election_id = {}", sought.election_id),
        ("c.office = {}", sought.office),
        ("c.district = {}", sought.district),
        ("c.municipality = {}", sought.municipality),
        ("c.capturing_party = {}", sought.party),
        ("c.capture_status = {}", sought.capture_status),
        ("c.status = {}", sought.status),
        ("strpos(c.search_text, folded_for_search({})) > 0", sought.text),
        ("c.candidacy_id = {}", sought.candidacy_id),
    ]
    values: list[str] = []
    clauses: list[str] = []
    for condition, value in conditions:
        if value is not None:
            values.append(str(value))
            clauses.append(condition.format(f"${len(values)}::text"))
    if sought.awaiting_validation:
        clauses.append(AWAITING_VALIDATION)
    return " AND ".join(clauses) or "TRUE", values


async def _listed(
    conn: Conn, where: str, values: list[str], *, offset: int = 0, limit: int | None = None
) -> list[CandidacyProgress]:
    rows = await conn.fetch(
        f"""SELECT {COLUMNS}, cu.completeness AS curricular_completeness,
                  ia.completeness AS identity_completeness,
                  su.completeness AS alternate_curricular_completeness,
                  si.completeness AS alternate_identity_completeness
           FROM candidacies c
           LEFT JOIN curricular_answers cu
               ON cu.candidacy_id = c.candidacy_id AND cu.person = 'propietaria'
           LEFT JOIN identity_answers ia
               ON ia.candidacy_id = c.candidacy_id AND ia.person = 'propietaria'
           LEFT JOIN curricular_answers su
               ON su.candidacy_id = c.candidacy_id AND su.person = 'suplente'
           LEFT JOIN identity_answers si
               ON si.candidacy_id = c.candidacy_id AND si.person = 'suplente'
           WHERE {where}
           ORDER BY c.candidacy_id
           OFFSET ${len(values) + 1}::bigint LIMIT ${len(values) + 2}::bigint""",
        *values,
        offset,
        limit,  # None: no limit
    )
    return [
        CandidacyProgress(
            _candidacy(row),
            _completeness(row["curricular_completeness"]),
            _completeness(row["identity_completeness"]),
            _completeness(row["alternate_curricular_completeness"]),
            _completeness(row["alternate_identity_completeness"]),
        )
        for row in rows
    ]


async def candidacies_in_scope(
    conn: Conn, scope: ListScope, capture_status: CaptureStatus | None = None
) -> list[CandidacyProgress]:
    """Every candidacy of the scope, with its completeness, in key order: for the steps
    that go through them all (statistics, an extension to a party, the pre-load
    template); a person's list reads ``candidacy_page``."""
    where, values = _where(scope, Sought(capture_status=capture_status))
    return await _listed(conn, where, values)


async def candidacy_page(
    conn: Conn, scope: ListScope, sought: Sought, *, offset: int, limit: int
) -> CandidacyPage:
    """One page of the candidacies the scope and what is sought leave, in key order (the
    primary key's: stable from page to page), and how many there are in all."""
    where, values = _where(scope, sought)
    total = await conn.fetchval(f"SELECT count(*) FROM candidacies c WHERE {where}", *values)
    listed = await _listed(conn, where, values, offset=offset, limit=limit)
    return CandidacyPage(int(total), listed)


async def imported_candidacies(conn: Conn, ids: list[str]) -> dict[str, ImportedCandidacy]:
    """The candidacies of these keys already registered, locked for the import."""
    rows = await conn.fetch(
        "SELECT candidacy_id, election_id, status, content_hash FROM candidacies "
        "WHERE candidacy_id = ANY($1::text[]) FOR UPDATE",
        ids,
    )
    return {
        row["candidacy_id"]: ImportedCandidacy(
            row["election_id"], Status(row["status"]), bytes(row["content_hash"])
        )
        for row in rows
    }


async def save_registry_entries(conn: Conn, entries: list[RegistryEntry], now: datetime) -> None:
    """Formulas already registered (their rows locked by ``imported_candidacies``),
    updated."""
    await conn.executemany(
        """INSERT INTO candidacies (candidacy_id, election_id, formula, content_hash, status,
               capturing_party, replaces, registered_at, updated_at, withdrawn_at)
           VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7, $8, $8, $9)
           ON CONFLICT (candidacy_id) DO UPDATE SET formula = $3::jsonb, content_hash = $4,
               status = $5, capturing_party = $6, replaces = $7, updated_at = $8,
               withdrawn_at = coalesce(candidacies.withdrawn_at, $9)""",
        [
            (
                e.candidacy_id,
                e.election_id,
                e.document,
                e.content_hash,
                e.status.value,
                e.capturing_party,
                e.replaces,
                now,
                e.withdrawn_at,
            )
            for e in entries
        ],
    )


async def insert_registry_entries(conn: Conn, entries: list[RegistryEntry], now: datetime) -> None:
    """Formulas never registered, copied in (COPY: an import's 100,000 rows in one
    stream). A key registered meanwhile by another transaction fails the whole copy on
    its unique key, as nothing is lost: the caller's transaction rolls back."""
    await conn.copy_records_to_table(
        "candidacies",
        columns=[
            "candidacy_id",
            "election_id",
            "formula",
            "content_hash",
            "status",
            "capturing_party",
            "replaces",
            "registered_at",
            "updated_at",
            "withdrawn_at",
        ],
        records=[
            (
                e.candidacy_id,
                e.election_id,
                e.document,
                e.content_hash,
                e.status.value,
                e.capturing_party,
                e.replaces,
                now,
                now,
                e.withdrawn_at,
            )
            for e in entries
        ],
    )


async def mark_substituted(conn: Conn, candidacy_id: str, now: datetime) -> None:
    await conn.execute(
        "UPDATE candidacies SET status = $2, withdrawn_at = coalesce(withdrawn_at, $3), "
        "updated_at = $3 WHERE candidacy_id = $1",
        candidacy_id,
        Status.SUBSTITUTED.value,
        now,
    )


async def mark_submitted(conn: Conn, candidacy_id: str, now: datetime, by: str) -> bool:
    """Draft → submitted; False if it was no draft any more (the guard holds even for a
    caller that forgot the lock)."""
    done = await conn.execute(
        "UPDATE candidacies SET capture_status = $4, submitted_at = $2, "
        "submitted_by = $3 WHERE candidacy_id = $1 AND capture_status = $5",
        candidacy_id,
        now,
        by,
        CaptureStatus.SUBMITTED.value,
        CaptureStatus.DRAFT.value,
    )
    return bool(done == "UPDATE 1")


async def mark_validated(conn: Conn, candidacy_id: str, now: datetime, by: str) -> bool:
    """Submitted → validated; False if it was not submitted (or already validated)."""
    done = await conn.execute(
        "UPDATE candidacies SET capture_status = $4, validated_at = $2, "
        "validated_by = $3 WHERE candidacy_id = $1 AND capture_status = $5",
        candidacy_id,
        now,
        by,
        CaptureStatus.VALIDATED.value,
        CaptureStatus.SUBMITTED.value,
    )
    return bool(done == "UPDATE 1")


async def note_correction_requested(conn: Conn, candidacy_id: str, now: datetime) -> None:
    await conn.execute(
        "UPDATE candidacies SET correction_requested_at = $2 WHERE candidacy_id = $1",
        candidacy_id,
        now,
    )


def seat_text(
    office: str, district: str | None, municipality: str | None, place: int | None
) -> str:
    """A seat as ``standings_around`` compares it."""
    return "|".join(
        (office, district or "", municipality or "", "" if place is None else str(place))
    )


async def standings_around(
    conn: Conn, election_id: str, keys: list[str], birth_dates: list[str], seats: list[str]
) -> dict[str, Standing]:
    """What an import must agree with: the candidacies of these keys (of any election or
    status: the file's own and the ones it replaces), and the live ones of the election
    with a person born on one of these dates (ISO) or a formula for one of these seats
    (``seat_text``)."""
    rows = await conn.fetch(
        """SELECT candidacy_id, election_id, status, formula FROM candidacies
           WHERE candidacy_id = ANY($2::text[])
              OR (election_id = $1 AND status = 'registrada'
                  AND (formula->'owner'->>'birth_date' = ANY($3::text[])
                       OR formula->'alternate'->>'birth_date' = ANY($3::text[])
                       OR concat_ws('|', formula->>'office', coalesce(formula->>'district', ''),
                                    coalesce(formula->>'municipality', ''),
                                    coalesce(formula->>'list_position', ''))
                          = ANY($4::text[])))""",
        election_id,
        keys,
        birth_dates,
        seats,
    )
    return {
        row["candidacy_id"]: Standing(
            row["election_id"], Status(row["status"]), _FORMULA.validate_json(row["formula"])
        )
        for row in rows
    }
