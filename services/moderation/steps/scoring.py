"""The Cédula de Evaluación (001 §6; 004 §46-47): one candidacy's Cédula as it stands,
the verifier's scoring of it, an election's results per party, and their export; and the
curricular quality per party the analysis area reads (004 §47: whether the candidacies
met the capture, and the average per rubro).

The rubric is the one the election's profile names (``analysis.cedula_rubric``); an
election whose profile has no Cédula refuses every step with the reason. The mechanical
variables are scored from the validated projection each time a Cédula is read, so a
candidacy validated again is scored on what it says now; the verifier's marks are kept
with their history (store/evaluations.py).

Each person of a formula has a Cédula of its own: 004 §46 evaluates the information of
the owners and of the alternates, captured or not. The results and the quality count
people: the owner, then the alternate, of each candidacy.
"""

import base64
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from contracts.activity import ActivityTarget
from contracts.events.capture import Person, PublicCurricular
from contracts.moderation import (
    CandidacyCedula,
    Cedula,
    CedulaExport,
    CedulaQuality,
    CedulaQuery,
    CedulaRef,
    CedulaResults,
    CedulaRubro,
    CedulaScore,
    CedulaVariable,
    ElectionOf,
    ExportFormat,
    PartyCedulas,
    PartyQuality,
    RubroAverage,
)
from contracts.requests import Document
from services.moderation.adapters.rubric_files import UnknownRubric, shipped_rubric
from services.moderation.domain.errors import NO_CANDIDACY, NO_ELECTION, NotFound, Refused
from services.moderation.domain.points import (
    CedulaPoints,
    UnknownVariables,
    cedula_points,
    check_marks,
    party_quality,
    party_results,
)
from services.moderation.domain.reviewers import (
    NO_CEDULA,
    check_may_read_quality,
    check_may_review,
    check_may_score,
)
from services.moderation.domain.rubric import Answered, HasItems, Rubric, Rule, WithinLength
from services.moderation.steps.recording import SignedIn, on_candidacy, record
from services.moderation.store import candidacies, elections, evaluations
from services.moderation.store.candidacies import Candidacy
from services.moderation.store.elections import KnownElection
from services.moderation.store.evaluations import Mark
from services.runtime.connections import Connection
from services.runtime.outbox import Outbox
from services.runtime.spreadsheets import Cell, csv_text, xlsx_bytes

INDEPENDENTS = "Candidaturas independientes"
MEDIA_TYPES = {
    ExportFormat.CSV: "text/csv",
    ExportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
MET_WORDS = {True: "Cumple", False: "No cumple", None: "Sin marcar"}
PERSON_WORDS = {Person.OWNER: "Propietaria", Person.ALTERNATE: "Suplente"}
NO_ALTERNATE = "Esta fórmula no tiene suplente: no hay Cédula de la suplente."


@dataclass(frozen=True)
class PersonScored:
    """One person's Cédula points of a live validated candidacy."""

    row: Candidacy
    persona: Person
    points: CedulaPoints

    @property
    def name(self) -> str:
        return person_name(self.row, self.persona)


def rule_in_words(rule: Rule) -> str:
    """What a mechanical variable checks, as the verifier reads it beside the mark."""
    if isinstance(rule, Answered):
        if rule.needed == len(rule.campos):
            return "Se revisa sola: el campo tiene respuesta."
        return f"Se revisa sola: al menos {rule.needed} de los campos tienen respuesta."
    if isinstance(rule, WithinLength):
        upper = f" y {rule.high:,}" if rule.high is not None else ""
        return f"Se revisa sola: entre {rule.low:,}{upper} caracteres sin contar espacios."
    assert isinstance(rule, HasItems)
    return f"Se revisa sola: la lista tiene al menos {rule.minimo} elemento(s)."


def _rubric_of(known: KnownElection) -> Rubric:
    analysis = known.profile.analysis
    if not analysis.cedula_de_evaluacion:
        raise Refused(NO_CEDULA)
    try:
        return shipped_rubric(analysis.cedula_rubric)
    except UnknownRubric as error:
        raise Refused(str(error)) from None


async def _election(conn: Connection, election_id: str) -> tuple[KnownElection, Rubric]:
    known = await elections.election(conn, election_id)
    if known is None:
        raise NotFound(NO_ELECTION)
    return known, _rubric_of(known)


async def _validated(conn: Connection, caller: SignedIn, candidacy_id: str) -> Candidacy:
    """The live validated candidacy, if this staff account reaches its election."""
    row = await candidacies.candidacy(conn, candidacy_id)
    if row is None or row.projection is None or row.withdrawn_at is not None:
        raise NotFound(NO_CANDIDACY)
    try:
        check_may_review(caller.principal, row.election_id)
    except NotFound:
        raise NotFound(NO_CANDIDACY) from None
    return row


def answers_of(row: Candidacy, persona: Person) -> PublicCurricular | None:
    """The person's public curricular answers; None: the formula has no alternate's."""
    assert row.projection is not None
    if persona is Person.OWNER:
        return row.projection.curricular
    return row.projection.alternate_curricular


def persons_of(row: Candidacy) -> list[Person]:
    """Whose Cédulas a validated candidacy has: its owner's, and its alternate's."""
    return [p for p in Person if answers_of(row, p) is not None]


def person_name(row: Candidacy, persona: Person) -> str:
    if persona is Person.OWNER:
        return row.owner_name
    return row.alternate_name or "Suplente"


def _points(row: Candidacy, persona: Person, rubric: Rubric, marks: list[Mark]) -> CedulaPoints:
    answers = answers_of(row, persona)
    if answers is None:
        raise NotFound(NO_ALTERNATE)
    return cedula_points(rubric, answers, {m.variable_id: m.met for m in marks})


def cedula_view(
    known: KnownElection, row: Candidacy, persona: Person, rubric: Rubric, marks: list[Mark]
) -> Cedula:
    points = _points(row, persona, rubric, marks)
    by_variable = {m.variable_id: m for m in marks}
    rubros = []
    for rubro in points.rubros:
        variables = []
        for scored in rubro.variables:
            variable = scored.variable
            mark = None if variable.mechanical else by_variable.get(variable.id)
            variables.append(
                CedulaVariable(
                    variable_id=variable.id,
                    name=variable.nombre,
                    description=variable.descripcion,
                    points=variable.puntos,
                    mechanical=variable.mechanical,
                    rule=None if variable.regla is None else rule_in_words(variable.regla),
                    met=scored.met,
                    gated=scored.gated,
                    scored=scored.points,
                    marked_by=mark.marked_by if mark else None,
                    marked_at=mark.marked_at if mark else None,
                )
            )
        rubros.append(
            CedulaRubro(
                rubro_id=rubro.rubro.id,
                title=rubro.rubro.titulo,
                description=rubro.rubro.descripcion,
                max_points=rubro.rubro.max_points,
                points=rubro.points,
                variables=variables,
            )
        )
    return Cedula(
        candidacy_id=row.candidacy_id,
        election_id=row.election_id,
        owner_name=row.owner_name,
        persona=persona,
        person_name=person_name(row, persona),
        has_alternate=Person.ALTERNATE in persons_of(row),
        office=_office_name(known, row.office),
        capturing_party=row.capturing_party,
        party_name=_party_name(known, row.capturing_party),
        rubric=rubric.nombre,
        rubros=rubros,
        total=points.total,
        maximum=points.maximum,
        percentage=points.percentage,
        pending=points.pending,
        complete=points.complete,
        scorings=max((m.scoring for m in marks), default=0),
    )


async def cedula(conn: Connection, ref: CedulaRef, caller: SignedIn) -> Cedula:
    """One person's Cédula (the owner's, or the alternate's)."""
    row = await _validated(conn, caller, ref.candidacy_id)
    known, rubric = await _election(conn, row.election_id)
    name = known.profile.analysis.cedula_rubric
    marks = await evaluations.latest_marks(conn, row.candidacy_id, name, ref.persona)
    return cedula_view(known, row, ref.persona, rubric, marks)


async def score(
    conn: Connection, outbox: Outbox, order: CedulaScore, caller: SignedIn, now: datetime
) -> Cedula:
    """The verifier marks every variable that is the verifier's: ticked, met; the rest,
    not met. An activity entry says who scored what, with the result."""
    row = await _validated(conn, caller, order.candidacy_id)
    check_may_score(caller.principal, row.election_id)
    known, rubric = await _election(conn, row.election_id)
    if answers_of(row, order.persona) is None:
        raise NotFound(NO_ALTERNATE)
    try:
        marks = check_marks(rubric, order.cumple)
    except UnknownVariables as error:
        raise Refused(
            f"La Cédula no tiene estas variables para el personal verificador: {error}."
        ) from None
    name = known.profile.analysis.cedula_rubric
    scoring = await evaluations.add_scoring(
        conn, row.candidacy_id, name, marks, caller.principal.account_id, now, order.persona
    )
    latest = await evaluations.latest_marks(conn, row.candidacy_id, name, order.persona)
    view = cedula_view(known, row, order.persona, rubric, latest)
    await record(
        conn,
        outbox,
        caller,
        "cedula.score",
        on_candidacy(row.candidacy_id),
        {
            "rubric": name,
            "persona": order.persona.value,
            "scoring": scoring,
            "met": sorted(variable for variable, met in marks.items() if met),
            "total": view.total,
            "percentage": f"{view.percentage:.2f}",
            "complete": view.complete,
        },
    )
    return view


async def _scored_in(
    conn: Connection, query: CedulaQuery, caller: SignedIn
) -> tuple[KnownElection, Rubric, list[PersonScored]]:
    check_may_review(caller.principal, query.eleccion)
    return await _scored(conn, query.eleccion)


async def _scored(
    conn: Connection, election_id: str
) -> tuple[KnownElection, Rubric, list[PersonScored]]:
    """Every person's Cédula of the election's live validated candidacies: by owner, each
    owner then its alternate."""
    known, rubric = await _election(conn, election_id)
    name = known.profile.analysis.cedula_rubric
    rows = await candidacies.validated_in(conn, election_id)
    marks: dict[tuple[str, Person], list[Mark]] = {}
    for mark in await evaluations.latest_marks_in(conn, election_id, name):
        marks.setdefault((mark.candidacy_id, mark.persona), []).append(mark)

    def people() -> Iterator[PersonScored]:
        for row in rows:
            for persona in persons_of(row):
                its_marks = marks.get((row.candidacy_id, persona), [])
                yield PersonScored(row, persona, _points(row, persona, rubric, its_marks))

    return known, rubric, list(people())


def _party_name(known: KnownElection, party: str | None) -> str:
    if party is None:
        return INDEPENDENTS
    return next((p.name for p in known.parties if p.id == party), party)


def _office_name(known: KnownElection, office: str) -> str:
    return next((o.name for o in known.catalogue.offices if o.id == office), office)


async def results(conn: Connection, query: CedulaQuery, caller: SignedIn) -> CedulaResults:
    """Per party (its complete Cédulas: average, lowest, highest), and the candidacies
    with their totals (of the party named)."""
    known, rubric, scored = await _scored_in(conn, query, caller)
    listed = [s for s in scored if query.partido in (None, s.row.capturing_party)]
    return CedulaResults(
        election_id=query.eleccion,
        rubric=rubric.nombre,
        maximum=rubric.total,
        parties=[
            PartyCedulas(
                party=result.party,
                party_name=_party_name(known, result.party),
                candidacies=result.candidacies,
                scored=result.scored,
                average=result.average,
                lowest=result.lowest,
                highest=result.highest,
            )
            for result in party_results((s.row.capturing_party, s.points) for s in scored)
        ],
        candidacies=[
            CandidacyCedula(
                candidacy_id=s.row.candidacy_id,
                owner_name=s.row.owner_name,
                persona=s.persona,
                person_name=s.name,
                office=_office_name(known, s.row.office),
                capturing_party=s.row.capturing_party,
                total=s.points.total,
                percentage=s.points.percentage,
                pending=s.points.pending,
                complete=s.points.complete,
            )
            for s in listed
        ],
    )


def export_rows(
    known: KnownElection, rubric: Rubric, scored: list[PersonScored]
) -> list[list[Cell]]:
    """One row a person of a candidacy: who (the owner or the alternate), each rubro's
    points, total, percentage, state, then each variable's mark."""
    variables = [(r, v) for r in rubric.rubros for v in r.variables]
    heading: list[Cell] = ["Clave", "Persona candidata", "Propietaria o suplente", "Cargo"]
    heading += ["Partido"]
    heading += [f"{r.titulo} (de {r.max_points})" for r in rubric.rubros]
    heading += [f"Total (de {rubric.total})", "Porcentaje", "Estado"]
    heading += [f"{r.titulo}: {v.nombre}" for r, v in variables]
    rows: list[list[Cell]] = [heading]
    for one in scored:
        row, points = one.row, one.points
        marks = {v.variable.id: v.met for r in points.rubros for v in r.variables}
        state = "Completa" if points.complete else f"Pendiente: {points.pending} por calificar"
        rows.append(
            [
                row.candidacy_id,
                one.name,
                PERSON_WORDS[one.persona],
                _office_name(known, row.office),
                _party_name(known, row.capturing_party),
                *[r.points for r in points.rubros],
                points.total,
                points.percentage,
                state,
                *[MET_WORDS[marks[v.id]] for _, v in variables],
            ]
        )
    return rows


def _file_name(election_id: str, party: str | None, file_format: ExportFormat) -> str:
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", f"cedula-{election_id}-{party or 'todas'}")
    return f"{stem}.{file_format.value}"


async def export(
    conn: Connection, outbox: Outbox, order: CedulaExport, caller: SignedIn
) -> Document:
    """The Cédulas as CSV (UTF-8 with BOM, for Excel) or XLSX, every text cell neutralised
    against formulas (services/runtime/spreadsheets.py); an activity entry records it."""
    known, rubric, scored = await _scored_in(conn, order, caller)
    listed = [s for s in scored if order.partido in (None, s.row.capturing_party)]
    rows = export_rows(known, rubric, listed)
    if order.formato is ExportFormat.XLSX:
        content = xlsx_bytes(rows)
    else:
        content = csv_text(rows).encode("utf-8-sig")
    await record(
        conn,
        outbox,
        caller,
        "cedula.export",
        ActivityTarget(kind="election", id=order.eleccion),
        {"party": order.partido, "format": order.formato.value, "rows": len(listed)},
    )
    return Document(
        filename=_file_name(order.eleccion, order.partido, order.formato),
        media_type=MEDIA_TYPES[order.formato],
        content_base64=base64.b64encode(content).decode(),
    )


async def quality(conn: Connection, order: ElectionOf, caller: SignedIn) -> CedulaQuality:
    """Per party, in people (the owners and the alternates of its live candidacies):
    those that met the capture and those that did not, and over their complete Cédulas
    the average per rubro and in total."""
    check_may_read_quality(caller.principal, order.election_id)
    known, rubric, scored = await _scored(conn, order.election_id)
    capture = {
        row.capturing_party: (row.candidacies, row.validated)
        for row in await candidacies.capture_by_party(conn, order.election_id)
    }
    results = party_quality(rubric, capture, ((s.row.capturing_party, s.points) for s in scored))
    return CedulaQuality(
        election_id=order.election_id,
        rubric=rubric.nombre,
        maximum=rubric.total,
        parties=[
            PartyQuality(
                party=result.party,
                party_name=_party_name(known, result.party),
                candidacies=result.candidacies,
                captured=result.captured,
                not_captured=result.candidacies - result.captured,
                scored=result.scored,
                rubros=[
                    RubroAverage(
                        rubro_id=rubro.id,
                        title=rubro.titulo,
                        max_points=rubro.max_points,
                        average=average,
                    )
                    for rubro, average in zip(rubric.rubros, result.rubro_averages, strict=True)
                ],
                average_points=result.average_points,
                average_percentage=result.average_percentage,
            )
            for result in results
        ],
    )


def quality_rows(results: CedulaQuality) -> list[list[Cell]]:
    """One row a party: its people (owners and alternates), the capture met or not, then
    each rubro's average and the total."""
    rubros = results.parties[0].rubros if results.parties else []
    heading: list[Cell] = [
        "Partido o candidatura independiente",
        "Personas candidatas (propietarias y suplentes)",
        "Cumplieron con la captura",
        "No cumplieron con la captura",
        "Cédulas completas",
    ]
    heading += [f"{r.title} (promedio, de {r.max_points})" for r in rubros]
    heading += [f"Total (promedio, de {results.maximum})", "Porcentaje promedio"]
    rows: list[list[Cell]] = [heading]
    for party in results.parties:
        rows.append(
            [
                party.party_name,
                party.candidacies,
                party.captured,
                party.not_captured,
                party.scored,
                *[r.average for r in party.rubros],
                party.average_points,
                party.average_percentage,
            ]
        )
    return rows


async def quality_export(
    conn: Connection, outbox: Outbox, order: ElectionOf, caller: SignedIn
) -> Document:
    """The curricular quality per party as CSV (UTF-8 with BOM, cells neutralised)."""
    results = await quality(conn, order, caller)
    content = csv_text(quality_rows(results)).encode("utf-8-sig")
    await record(
        conn,
        outbox,
        caller,
        "cedula.quality_export",
        ActivityTarget(kind="election", id=order.election_id),
        {"parties": len(results.parties)},
    )
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", f"calidad-curricular-{order.election_id}")
    return Document(
        filename=f"{stem}.csv",
        media_type="text/csv",
        content_base64=base64.b64encode(content).decode(),
    )
