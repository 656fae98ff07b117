"""Compiling identity statistics over the people who answered (owners and alternates
alike, each a candidacy of its own, 001 §3.III-V): aggregates for publication (a fixed grid that
identifies nobody, ``domain/identity_statistics.py``) and the data matrix without names
for the analysis area, where the profile has one (001 §6); each read of the matrix is
an activity entry."""

import base64
import json

from contracts.capture import (
    SUPPRESSION_NOTE,
    AggregateCell,
    Aggregates,
    DataMatrix,
    QuestionnaireName,
    StatisticsRequest,
)
from contracts.envelope import utc_now
from contracts.events.capture import Person as Whose
from contracts.requests import Document
from services.capture.adapters.sealing import KeyDestroyed
from services.capture.domain.errors import Refused
from services.capture.domain.formulas import Status
from services.capture.domain.identity_statistics import (
    INDEPENDENT,
    MIN_CELL,
    Person,
    aggregate,
    grid,
    matrix_row,
)
from services.capture.domain.one_chance import CaptureStatus
from services.capture.domain.scope import ListScope
from services.capture.steps.capturing import stored_answers
from services.capture.steps.finding import election_named
from services.capture.steps.recording import SignedIn, on_election, record
from services.capture.store import candidacies
from services.runtime.connections import Connection
from services.runtime.service_deps import ServiceDeps
from services.runtime.settings import Settings
from services.runtime.spreadsheets import Cell, csv_text


async def _people(
    conn: Connection, settings: Settings, election_id: str, *, validated: bool
) -> list[Person]:
    people = []
    listed = await candidacies.candidacies_in_scope(
        conn, ListScope(election_id=election_id), CaptureStatus.VALIDATED if validated else None
    )
    for one in listed:
        candidacy = one.candidacy
        if candidacy.status is not Status.REGISTERED:
            continue
        answered = {
            Whose.OWNER: one.identity_completeness is not None,
            Whose.ALTERNATE: one.alternate_identity_completeness is not None,
        }
        formula = candidacy.formula
        for whose in formula.people:  # each person who answered counts, owner or alternate
            if not answered[whose]:
                continue
            try:
                answers = await stored_answers(
                    conn, settings, candidacy.candidacy_id, QuestionnaireName.IDENTITY, whose
                )
            except KeyDestroyed:
                break  # suppressed data counts no more
            person = formula.person(whose)
            people.append(
                Person(
                    office=formula.office,
                    postulant=formula.postulant or INDEPENDENT,
                    sex=person.sex.value,
                    birth_date=person.birth_date,
                    answers=answers,
                )
            )
    return people


async def aggregates(conn: Connection, deps: ServiceDeps, order: StatisticsRequest) -> Aggregates:
    """Of validated candidacies only."""
    election = await election_named(conn, order.election_id)
    people = await _people(conn, deps.settings, order.election_id, validated=True)
    cells = [
        AggregateCell(
            grupo=c.group,
            cargo=c.office,
            postulante=c.postulant,
            sexo=c.sex,
            personas=c.count,
            texto=c.text,
        )
        for c in aggregate(people, grid(election.config))
    ]
    return Aggregates(
        election_id=order.election_id,
        minimum_cell=MIN_CELL,
        note=SUPPRESSION_NOTE,
        cells=cells,
        counted=list(Whose),  # owners and alternates alike: publication checks the same
    )


async def matrix(
    conn: Connection, deps: ServiceDeps, order: StatisticsRequest, caller: SignedIn
) -> DataMatrix:
    election = await election_named(conn, order.election_id)
    if not election.profile.analysis.identity_data_matrix:
        raise Refused("Este proceso no prevé la matriz de datos.")
    people = await _people(conn, deps.settings, order.election_id, validated=False)
    await record(
        conn,
        deps.outbox,
        caller,
        "identity.matrix_read",
        on_election(order.election_id),
        {"filas": len(people)},
    )
    today = utc_now().date()
    rows = sorted((matrix_row(p, today) for p in people), key=lambda r: json.dumps(r))
    return DataMatrix(election_id=order.election_id, rows=rows)


def matrix_csv(matrix: DataMatrix) -> Document:
    """The matrix as the analysis area downloads it (004 §6): one row a person, without
    names; UTF-8 with BOM, every text cell neutralised against formulas, a list answer
    joined with « | »."""
    columns: list[str] = []
    for row in matrix.rows:
        columns += [key for key in row if key not in columns]
    rows: list[list[Cell]] = [list(columns)]
    for row in matrix.rows:
        rows.append([_matrix_cell(row.get(key)) for key in columns])
    return Document(
        filename=f"matriz-identidad-{matrix.election_id}.csv",
        media_type="text/csv",
        content_base64=base64.b64encode(csv_text(rows).encode("utf-8-sig")).decode(),
    )


def _matrix_cell(value: object) -> Cell:
    if isinstance(value, bool):
        return "Sí" if value else "No"
    if isinstance(value, list):
        return " | ".join(str(item) for item in value)
    if value is None or isinstance(value, str | int | float):
        return value
    return str(value)
