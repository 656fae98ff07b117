"""Finding what a request names: the election, or the candidacy in its election —
refused when there is none, when it was withdrawn, or when the caller may not read or
edit it."""

from datetime import datetime

from contracts.envelope import utc_now
from contracts.requests import Principal
from contracts.roles import NotAllowed, OutOfScope
from services.capture.domain.amendments import EDITORS
from services.capture.domain.deadlines import check_window_open
from services.capture.domain.errors import NO_CANDIDACY, NO_ELECTION, NotFound, Refused
from services.capture.domain.one_chance import CaptureStatus, check_live, check_may_edit
from services.capture.domain.scope import check_may_capture, check_may_read
from services.capture.store import Conn, candidacies, elections
from services.capture.store.candidacies import Candidacy
from services.capture.store.change_windows import ChangeWindow
from services.capture.store.elections import Election


async def election_named(conn: Conn, election_id: str) -> Election:
    found = await elections.election(conn, election_id)
    if found is None:
        raise NotFound(NO_ELECTION)
    return found


async def candidacy_in_election(
    conn: Conn, candidacy_id: str, *, lock: bool = False
) -> tuple[Candidacy, Election]:
    """The candidacy and its election; with ``lock``, held until the transaction ends."""
    found = await candidacies.candidacy_in_election(conn, candidacy_id, lock=lock)
    if found is None:
        raise NotFound(NO_CANDIDACY)
    return found


async def readable_candidacy(
    conn: Conn, principal: Principal, candidacy_id: str
) -> tuple[Candidacy, Election]:
    """The candidacy, if ``principal`` may read it."""
    candidacy, election = await candidacy_in_election(conn, candidacy_id)
    check_may_read(principal, candidacy.scope)
    return candidacy, election


async def live_candidacy(conn: Conn, candidacy_id: str) -> tuple[Candidacy, Election]:
    """The candidacy, locked for the step about to change it; refused once substituted or
    cancelled."""
    candidacy, election = await candidacy_in_election(conn, candidacy_id, lock=True)
    check_live(candidacy.status)
    return candidacy, election


async def editable_candidacy(
    conn: Conn, principal: Principal, candidacy_id: str, *, change_window: bool = False
) -> tuple[Candidacy, Election]:
    """The candidacy, if ``principal`` may change its questionnaires now: a draft by who
    captures per the profile while its window is open; after submission only as the one
    chance allows; once validated, only while an approved change request keeps some of
    its fields open (``change_window``, domain/amendments.py). The row stays locked until
    the save commits, so a submission cannot land between check and save."""
    candidacy, election = await candidacy_in_election(conn, candidacy_id, lock=True)
    _check_editable(candidacy, election, principal, change_window)
    return candidacy, election


async def editable_candidacy_and_window(
    conn: Conn, principal: Principal, candidacy_id: str, now: datetime
) -> tuple[Candidacy, Election, ChangeWindow | None]:
    """``editable_candidacy`` where any change window open on the candidacy at ``now``
    counts (it is read in the same statement, and handed back)."""
    found = await candidacies.candidacy_with_window(conn, candidacy_id, now, lock=True)
    if found is None:
        raise NotFound(NO_CANDIDACY)
    candidacy, election, window = found
    _check_editable(candidacy, election, principal, window is not None)
    return candidacy, election, window


async def readable_candidacy_and_window(
    conn: Conn, principal: Principal, candidacy_id: str, now: datetime
) -> tuple[Candidacy, Election, ChangeWindow | None]:
    """``readable_candidacy``, and the change window open on it at ``now``, if any."""
    found = await candidacies.candidacy_with_window(conn, candidacy_id, now)
    if found is None:
        raise NotFound(NO_CANDIDACY)
    candidacy, election, window = found
    check_may_read(principal, candidacy.scope)
    return candidacy, election, window


def _check_editable(
    candidacy: Candidacy, election: Election, principal: Principal, change_window: bool = False
) -> None:
    profile, scope, status = election.profile, candidacy.scope, candidacy.capture_status
    if status is CaptureStatus.VALIDATED and change_window:
        check_may_read(principal, scope)
        check_live(candidacy.status)
        if principal.role not in EDITORS:
            raise Refused("Su rol no captura los campos habilitados por la solicitud de cambio.")
        return
    if status is CaptureStatus.DRAFT:
        check_may_capture(principal, scope, profile.capture.captured_by)
    else:
        check_may_read(principal, scope)
    check_live(candidacy.status)
    check_may_edit(status, principal, profile, scope)
    if status is CaptureStatus.DRAFT:
        check_window_open(candidacy.deadline_at, utc_now(), election.time_zone)


def why_not_editable(
    candidacy: Candidacy, election: Election, principal: Principal, change_window: bool = False
) -> str | None:
    """Why ``principal`` may not change the questionnaires now, said as its refusal would
    say it; None when it may."""
    try:
        _check_editable(candidacy, election, principal, change_window)
    except Refused as refused:
        return str(refused)
    except (NotAllowed, OutOfScope):
        return "Su rol no edita estos cuestionarios: puede consultarlos."
    return None
