"""Identity statistics: aggregates for publication (a fixed grid that identifies nobody,
see ``domain/statistics.py``) and the data matrix without names for the analysis area,
where the profile has one (001 §6)."""

import datetime as dt
import json
from typing import Any

from contracts.activity import ActivityTarget, Outcome
from contracts.capture import (
    SUPPRESSION_NOTE,
    AggregateCell,
    Aggregates,
    DataMatrix,
    ElectionConfig,
    QuestionnaireName,
    StatisticsRequest,
)
from contracts.envelope import utc_now
from contracts.errors import ErrorCode
from contracts.requests import Request
from contracts.roles import Role
from services.capture import store
from services.capture.capturing import profile_of, stored_answers
from services.capture.data_keys import KeyDestroyed
from services.capture.domain.statistics import MIN_CELL, Person, aggregate, grid, matrix_row
from services.capture.handlers.refusals import refuse, signed_in
from services.runtime.activity import record_activity
from services.runtime.service_deps import ServiceDeps

READERS = (Role.ADMIN, Role.ANALYST)


async def _people(conn: Any, settings: Any, election_id: str, *, validated: bool) -> list[Person]:
    people = []
    rows = await store.candidacies_in_scope(
        conn,
        election_id=election_id,
        party=None,
        candidacy_id=None,
        status="validated" if validated else None,
    )
    for row in rows:
        if row["status"] != "registrada" or row["identity_completeness"] is None:
            continue
        try:
            answers = await stored_answers(
                conn, settings, row["candidacy_id"], QuestionnaireName.IDENTITY
            )
        except KeyDestroyed:
            continue  # suppressed data counts no more
        formula = json.loads(row["formula"])
        owner = formula["owner"]
        people.append(
            Person(
                office=formula["office"],
                postulant=formula["postulant"] or "independiente",
                sex=owner["sex"],
                birth_date=dt.date.fromisoformat(owner["birth_date"]),
                answers=answers,
            )
        )
    return people


async def aggregates(deps: ServiceDeps, request: Request[StatisticsRequest]) -> Aggregates:
    """Of validated candidacies; publication asks as the system, people as admin/analyst."""
    if request.principal is not None and request.principal.role not in READERS:
        raise refuse(ErrorCode.FORBIDDEN, "Las estadísticas se consultan en el portal público.")
    election_id = request.payload.election_id
    async with deps.pool.acquire() as conn:
        election = await store.election(conn, election_id)
        if election is None:
            raise refuse(ErrorCode.NOT_FOUND, "No existe esa elección.")
        people = await _people(conn, deps.settings, election_id, validated=True)
    slices = grid(ElectionConfig.model_validate_json(election["config"]))
    cells = [
        AggregateCell(
            grupo=c.group,
            cargo=c.office,
            postulante=c.postulant,
            sexo=c.sex,
            personas=c.count,
            texto=c.text,
        )
        for c in aggregate(people, slices)
    ]
    return Aggregates(
        election_id=election_id, minimum_cell=MIN_CELL, note=SUPPRESSION_NOTE, cells=cells
    )


async def matrix(deps: ServiceDeps, request: Request[StatisticsRequest]) -> DataMatrix:
    principal = signed_in(request, "consultar la matriz de datos")
    if principal.role not in READERS:
        raise refuse(ErrorCode.FORBIDDEN, "La matriz de datos es del área de análisis.")
    election_id = request.payload.election_id
    async with deps.pool.acquire() as conn, conn.transaction():
        election = await store.election(conn, election_id)
        if election is None:
            raise refuse(ErrorCode.NOT_FOUND, "No existe esa elección.")
        if not profile_of(election).analysis.identity_data_matrix:
            raise refuse(ErrorCode.CONFLICT, "Este proceso no prevé la matriz de datos.")
        people = await _people(conn, deps.settings, election_id, validated=False)
        await record_activity(
            conn,
            deps.outbox,
            action="identity.matrix_read",
            outcome=Outcome.OK,
            principal=principal,
            target=ActivityTarget(kind="election", id=election_id),
            request_id=request.request_id,
            client_address=request.client_address,
            detail={"filas": len(people)},
        )
    today = utc_now().date()
    rows = sorted((matrix_row(p, today) for p in people), key=lambda r: json.dumps(r))
    return DataMatrix(election_id=election_id, rows=rows)
