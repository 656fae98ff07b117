"""Listing candidacies: each principal's own (staff all, a party its own, a candidate
its candidacy), a page at a time and narrowed by what the filters say; the supervisor's
queue of submitted ones (000 §4.1); and one candidacy's summary, within the same scope,
saying whether the reader may warn the party's capture of it (002 §II.B.1.II).
Reads only."""

from contracts.capture import (
    CAPTURE_STATUS_LABEL,
    CandidacyFilters,
    CandidacyList,
    CandidacyQuery,
    CandidacyRef,
    CandidacySummary,
)
from contracts.envelope import utc_now
from contracts.events.capture import Person, of_person
from contracts.requests import Principal
from services.capture.domain.errors import Forbidden, NotFound, Refused
from services.capture.domain.formulas import Status
from services.capture.domain.one_chance import CaptureStatus
from services.capture.domain.scope import list_scope
from services.capture.domain.validation import check_may_warn_party, party_asks_institute
from services.capture.steps.finding import candidacy_in_election
from services.capture.store import Conn, candidacies
from services.capture.store.candidacies import CandidacyProgress, Sought

NOT_IN_SCOPE = "No existe esa candidatura o no está a su alcance."


def completeness(listed: CandidacyProgress) -> dict[str, dict[str, int]]:
    """How complete each questionnaire is: the owner's, and the alternate's (under
    ``suplente.curricular`` and ``suplente.identidad``) where the formula has one."""
    shown = {
        "curricular": listed.curricular_completeness or {},
        "identidad": listed.identity_completeness or {},
    }
    if listed.candidacy.formula.alternate is not None:
        shown[of_person(Person.ALTERNATE, "curricular")] = (
            listed.alternate_curricular_completeness or {}
        )
        shown[of_person(Person.ALTERNATE, "identidad")] = (
            listed.alternate_identity_completeness or {}
        )
    return shown


def _summary(listed: CandidacyProgress) -> CandidacySummary:
    candidacy = listed.candidacy
    deadline = candidacy.deadline_at
    return CandidacySummary(
        candidacy_id=candidacy.candidacy_id,
        election_id=candidacy.election_id,
        owner_name=candidacy.formula.owner.full_name,
        alternate_name=alternate.full_name if (alternate := candidacy.formula.alternate) else None,
        office=candidacy.formula.office,
        capturing_party=candidacy.capturing_party,
        status=candidacy.status.value,
        capture_status=candidacy.capture_status.value,
        capture_status_label=CAPTURE_STATUS_LABEL[candidacy.capture_status.value],
        completeness=completeness(listed),
        deadline_at=deadline,
        overdue=deadline is not None
        and candidacy.capture_status is CaptureStatus.DRAFT
        and deadline < utc_now(),
    )


def _sought(
    filters: CandidacyFilters, capture_status: CaptureStatus | None, awaiting: bool = False
) -> Sought:
    return Sought(
        election_id=filters.eleccion,
        office=filters.cargo,
        district=filters.distrito,
        municipality=filters.municipio,
        party=filters.partido,
        capture_status=capture_status,
        status=None if filters.estatus is None else Status(filters.estatus),
        text=filters.q,
        awaiting_validation=awaiting,
    )


async def _page(
    conn: Conn,
    principal: Principal,
    filters: CandidacyFilters,
    status: CaptureStatus | None,
    awaiting: bool = False,
) -> CandidacyList:
    """A page past the last is empty, and says how many pages there are."""
    per_page = filters.por_pagina
    page = await candidacies.candidacy_page(
        conn,
        list_scope(principal),
        _sought(filters, status, awaiting),
        offset=(filters.pagina - 1) * per_page,
        limit=per_page,
    )
    return CandidacyList(
        candidacies=[_summary(one) for one in page.listed],
        total=page.total,
        pagina=filters.pagina,
        por_pagina=per_page,
        paginas=-(-page.total // per_page),
    )


async def candidacy_list(conn: Conn, principal: Principal, query: CandidacyQuery) -> CandidacyList:
    status = None if query.estado is None else CaptureStatus(query.estado)
    return await _page(conn, principal, query, status)


async def validation_queue(
    conn: Conn, principal: Principal, filters: CandidacyFilters
) -> CandidacyList:
    """What waits for the supervision's validation: the submitted questionnaires, and the
    validated ones whose fields an approved change request opened and the party captured
    again (001 §31-32, 002 §II.C)."""
    return await _page(conn, principal, filters, None, awaiting=True)


async def candidacy_summary(
    conn: Conn, principal: Principal, ref: CandidacyRef
) -> CandidacySummary:
    """One candidacy as the list shows it, if the principal's list would show it."""
    page = await candidacies.candidacy_page(
        conn, list_scope(principal), Sought(candidacy_id=ref.candidacy_id), offset=0, limit=1
    )
    if not page.listed:
        raise NotFound(NOT_IN_SCOPE)
    listed = page.listed[0]
    candidacy, election = await candidacy_in_election(conn, ref.candidacy_id)
    asks = party_asks_institute(candidacy.capture_status, principal, election.profile)
    try:
        check_may_warn_party(
            listed.candidacy.capture_status,
            principal,
            listed.candidacy.scope,
            election.profile,
        )
        warns = True
    except (Refused, Forbidden):
        warns = False
    return _summary(listed).model_copy(update={"asks_institute": asks, "warns_party": warns})
