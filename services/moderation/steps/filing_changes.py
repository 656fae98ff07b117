"""Filing a change request to a published candidacy, and reading requests back (000 §5.4,
001 §31-32, 002 §II.C): once per candidacy, by the liaison the profile names, naming
public curricular fields — the owner's, or the alternate's as ``suplente.<campo>`` —
and their new text; due by the next business day after it
arrives, in the institute's time zone, counting the election's non-working days. The
admin hears of it at once (accounts consumes ``change_request.filed``). A request
received on paper at the oficialía de partes or by e-mail is entered by the admin with
its receipt, and is due from when it was received; every request falls within the
election's filing period, where it sets one. The rules are
``domain/once_per_candidacy.py``; deciding is ``steps/deciding_changes.py``.
"""

from contracts.business_days import next_business_day_closes
from contracts.change_requests import (
    STATUS_LABEL,
    ChangeRequestList,
    ChangeRequestQuery,
    ChangeRequestRef,
    ChangeRequestView,
    FileChangeRequest,
    RequestedChange,
    change_label,
    names_identity,
)
from contracts.envelope import new_event_id, utc_now
from contracts.events.moderation import CHANGE_REQUEST_FILED, ChangeRequestFiled
from contracts.roles import Role
from services.moderation.domain.errors import NO_CANDIDACY, NO_ELECTION, NotFound
from services.moderation.domain.once_per_candidacy import (
    check_changes,
    check_may_enter_received,
    check_may_file,
    check_may_list,
    check_may_read,
    check_once,
    check_validated,
    check_within_period,
    is_overdue,
    who_files,
)
from services.moderation.steps.recording import SignedIn, on_candidacy, record
from services.moderation.store import candidacies, change_requests, elections
from services.moderation.store.candidacies import Candidacy
from services.moderation.store.change_requests import ChangeRequest, NewChangeRequest
from services.moderation.store.elections import KnownElection
from services.runtime.connections import Connection
from services.runtime.service_deps import ServiceDeps

NO_REQUEST = "No existe esa solicitud de cambio."


async def known_election(conn: Connection, election_id: str) -> KnownElection:
    election = await elections.election(conn, election_id)
    if election is None:
        raise NotFound(NO_ELECTION)
    return election


def view_of(row: ChangeRequest, candidacy: Candidacy | None) -> ChangeRequestView:
    approved = row.approved_changes or {}
    changes = []
    for name, text in row.changes.items():
        changes.append(
            RequestedChange(
                campo=name,
                etiqueta=change_label(name),
                texto=text,
                aplicado=approved.get(name),
                identidad=names_identity(name),
            )
        )
    return ChangeRequestView(
        request_id=row.request_id,
        election_id=row.election_id,
        candidacy_id=row.candidacy_id,
        owner_name=candidacy.owner_name if candidacy else row.candidacy_id,
        office=candidacy.office if candidacy else "",
        capturing_party=row.capturing_party,
        mode=row.mode,
        cambios=changes,
        nota=row.note,
        status=row.status,
        estado=STATUS_LABEL[row.status],
        filed_by=row.filed_by,
        filed_role=row.filed_role,
        filed_at=row.filed_at,
        received_via=row.received_via,
        presented_by=row.presented_by,
        received_at=row.received_at,
        due_at=row.due_at,
        overdue=is_overdue(row.status, row.due_at, utc_now()),
        decided_by=row.decided_by,
        decided_at=row.decided_at,
        motivo=row.reason,
        window_closes_at=row.window_closes_at,
        done_at=row.done_at,
    )


async def file(
    conn: Connection, deps: ServiceDeps, order: FileChangeRequest, caller: SignedIn
) -> ChangeRequestView:
    principal, now = caller.principal, utc_now()
    candidacy = await candidacies.candidacy(conn, order.candidacy_id)
    if candidacy is None:
        raise NotFound(NO_CANDIDACY)
    election = await known_election(conn, candidacy.election_id)
    receipt = order.recepcion
    if receipt is None:
        check_may_file(
            principal,
            election.profile,
            election_id=candidacy.election_id,
            scope_id=candidacy.scope_id,
            independent=candidacy.capturing_party is None,
        )
        received_at = now
    else:
        check_may_enter_received(principal, candidacy.election_id, receipt.recibida_el, now)
        received_at = receipt.recibida_el
    check_validated(candidacy.validated_at, candidacy.withdrawn_at)
    earlier = await change_requests.of_candidacy(conn, candidacy.candidacy_id)
    check_once(earlier.filed_at if earlier else None, election.time_zone)
    check_within_period(election.catalogue.change_requests_until, received_at, election.time_zone)
    check_changes(
        order.cambios,
        election.profile.change_requests.mode,
        has_alternate=candidacy.alternate_name is not None,
    )
    zone, non_working = election.time_zone, election.catalogue.non_working_days
    due = next_business_day_closes(received_at, zone, non_working)
    new = NewChangeRequest(
        request_id=str(new_event_id()),
        election_id=candidacy.election_id,
        candidacy_id=candidacy.candidacy_id,
        capturing_party=candidacy.capturing_party,
        mode=election.profile.change_requests.mode,
        changes={name: text.strip() for name, text in order.cambios.items()},
        note=order.nota,
        filed_by=principal.account_id,
        filed_role=principal.role,
        filed_at=now,
        received_via=None if receipt is None else receipt.via,
        presented_by=None if receipt is None else receipt.presentada_por,
        received_at=received_at,
        due_at=due,
    )
    if not await change_requests.insert(conn, new):
        check_once(now, election.time_zone)  # another request of it arrived first
    fields = sorted(new.changes)
    await deps.outbox.add(
        conn,
        CHANGE_REQUEST_FILED,
        ChangeRequestFiled(
            election_id=new.election_id,
            candidacy_id=new.candidacy_id,
            capturing_party=new.capturing_party,
            request_id=new.request_id,
            fields=fields,
            filed_by=new.filed_by,
            due_at=due,
        ),
        actor=caller.actor,
        election_id=new.election_id,
        subject_id=new.candidacy_id,
    )
    await record(
        conn,
        deps.outbox,
        caller,
        "change_request.file",
        on_candidacy(new.candidacy_id),
        {"solicitud": new.request_id, "campos": fields, **_receipt_entry(new)},
    )
    return await _view(conn, new.request_id)


def _receipt_entry(new: NewChangeRequest) -> dict[str, str]:
    """What the activity entry adds for a request the admin entered: who presented it
    for the party, how, and when the institute received it."""
    if new.received_via is None or new.presented_by is None:
        return {}
    return {
        "presentada_por": new.presented_by,
        "via": new.received_via.value,
        "recibida_el": new.received_at.isoformat(),
    }


async def _view(conn: Connection, request_id: str) -> ChangeRequestView:
    row = await change_requests.request(conn, request_id)
    if row is None:
        raise NotFound(NO_REQUEST)
    return view_of(row, await candidacies.candidacy(conn, row.candidacy_id))


def _check_reads(caller: SignedIn, row: ChangeRequest) -> None:
    check_may_read(
        caller.principal,
        election_id=row.election_id,
        candidacy_id=row.candidacy_id,
        scope_id=row.scope_id,
        independent=row.capturing_party is None,
    )


async def get(conn: Connection, ref: ChangeRequestRef, caller: SignedIn) -> ChangeRequestView:
    row = await change_requests.request(conn, ref.request_id)
    if row is None:
        raise NotFound(NO_REQUEST)
    _check_reads(caller, row)
    return view_of(row, await candidacies.candidacy(conn, row.candidacy_id))


async def listing(
    conn: Connection, query: ChangeRequestQuery, caller: SignedIn
) -> ChangeRequestList:
    """The admin: every request of the election, with its due and whether it is overdue;
    a party's people, their party's; a candidacy's own account, its own."""
    principal = caller.principal
    check_may_list(principal, query.election_id)
    election = await known_election(conn, query.election_id)
    if principal.role == Role.ADMIN:
        rows = await change_requests.in_election(conn, query.election_id)
    elif principal.role == Role.CANDIDATE:
        rows = await change_requests.in_election(
            conn, query.election_id, candidacy_id=principal.candidacy_id or "-"
        )
    else:
        scope = principal.party_id or principal.candidacy_id or "-"
        rows = await change_requests.in_election(conn, query.election_id, scope_id=scope)
    for row in rows:
        _check_reads(caller, row)
    listed = [view_of(row, await candidacies.candidacy(conn, row.candidacy_id)) for row in rows]
    return ChangeRequestList(
        requests=listed,
        filing_until=election.catalogue.change_requests_until,
        who_files=who_files(election.profile),
        mode=election.profile.change_requests.mode,
    )
