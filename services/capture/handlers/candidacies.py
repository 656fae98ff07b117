"""The candidacy a request names, in its election, and whether the caller may edit it."""

from typing import Any

import asyncpg

from contracts.errors import ErrorCode
from contracts.profile import InstituteProfile
from contracts.requests import Principal
from contracts.roles import NotAllowed, OutOfScope
from services.capture import store
from services.capture.capturing import profile_of, scope_of
from services.capture.domain.lifecycle import CaptureStatus, Refused, check_may_edit
from services.capture.domain.scope import check_may_capture, check_may_read
from services.capture.handlers.refusals import refuse, scope_refusal

WITHDRAWN = "La candidatura fue sustituida o cancelada."


async def candidacy_in_election(
    conn: Any, candidacy_id: str, *, lock: bool = False
) -> tuple[asyncpg.Record, asyncpg.Record, InstituteProfile]:
    """The candidacy and its election; with ``lock``, held until the transaction ends."""
    read = store.candidacy_for_update if lock else store.candidacy
    row = await read(conn, candidacy_id)
    if row is None:
        raise refuse(ErrorCode.NOT_FOUND, "No existe esa candidatura.")
    election = await store.election(conn, row["election_id"])
    assert election is not None  # a candidacy references its election
    return row, election, profile_of(election)


async def live_candidacy(conn: Any, candidacy_id: str) -> tuple[asyncpg.Record, InstituteProfile]:
    """The candidacy, locked for the step about to change it; refused once substituted or
    cancelled."""
    row, _, profile = await candidacy_in_election(conn, candidacy_id, lock=True)
    if row["status"] != "registrada":
        raise refuse(ErrorCode.CONFLICT, WITHDRAWN)
    return row, profile


async def editable_candidacy(
    conn: Any, principal: Principal, candidacy_id: str
) -> tuple[asyncpg.Record, asyncpg.Record, InstituteProfile]:
    """The candidacy, if ``principal`` may change its questionnaires now: a draft by who
    captures per the profile; after submission only as the lifecycle allows. The row stays
    locked until the save commits, so a submission cannot land between check and save."""
    row, election, profile = await candidacy_in_election(conn, candidacy_id, lock=True)
    candidacy = scope_of(row)
    status = CaptureStatus(row["capture_status"])
    try:
        if status is CaptureStatus.DRAFT:
            check_may_capture(principal, candidacy, profile.capture.captured_by)
        else:
            check_may_read(principal, candidacy)
    except (OutOfScope, NotAllowed) as error:
        raise scope_refusal(error) from None
    if row["status"] != "registrada":
        raise refuse(ErrorCode.CONFLICT, WITHDRAWN)
    try:
        check_may_edit(status, principal, profile, candidacy)
    except Refused as refused:
        raise refuse(ErrorCode.CONFLICT, str(refused)) from None
    return row, election, profile
