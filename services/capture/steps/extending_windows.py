"""The institute extends capture windows: one candidacy's, or every one of a party's
drafts in an election, to the end of a day it names, with its reason. The reason is in
the activity log and in the notice the party's people receive (accounts consumes
``candidacy.window_extended``); reminders are due again before the new close.
"""

from contracts.capture import WindowExtension, WindowsExtended
from contracts.envelope import utc_now
from contracts.events.capture import WINDOW_EXTENDED, WindowExtended
from services.capture.domain.deadlines import extended_until
from services.capture.domain.errors import NO_CANDIDACY, NotFound, Refused
from services.capture.domain.formulas import Status
from services.capture.domain.one_chance import CaptureStatus
from services.capture.domain.scope import ListScope
from services.capture.steps.finding import election_named
from services.capture.steps.recording import SignedIn, on_candidacy, record
from services.capture.store import candidacies, windows
from services.capture.store.candidacies import Candidacy
from services.runtime.connections import Connection
from services.runtime.service_deps import ServiceDeps


async def _targets(conn: Connection, order: WindowExtension) -> list[Candidacy]:
    """The live drafts the order names whose window has opened."""
    if order.candidacy_id is not None:
        found = await candidacies.candidacy_for_update(conn, order.candidacy_id)
        if found is None or found.election_id != order.election_id:
            raise NotFound(NO_CANDIDACY)
        named = [found]
    else:
        scope = ListScope(election_id=order.election_id, party=order.partido)
        named = [
            progress.candidacy for progress in await candidacies.candidacies_in_scope(conn, scope)
        ]
    targets = [
        candidacy
        for candidacy in named
        if candidacy.status is Status.REGISTERED
        and candidacy.capture_status is CaptureStatus.DRAFT
        and candidacy.deadline_at is not None
    ]
    if not targets:
        raise Refused(
            "No hay candidaturas en borrador con plazo de captura abierto o vencido que "
            "ampliar: las enviadas ya no se capturan, y las que aún no reciben sus cuentas "
            "no tienen plazo."
        )
    return targets


async def extend(
    conn: Connection, deps: ServiceDeps, order: WindowExtension, caller: SignedIn
) -> WindowsExtended:
    election = await election_named(conn, order.election_id)
    now = utc_now()
    deadline = extended_until(order.hasta, election.time_zone)
    if deadline <= now:
        raise Refused("La nueva fecha de cierre ya pasó: elija hoy o un día posterior.")
    targets = await _targets(conn, order)
    shorter = [c.candidacy_id for c in targets if c.deadline_at and c.deadline_at >= deadline]
    if shorter:
        raise Refused(
            "Una prórroga no acorta un plazo: la fecha elegida no es posterior al cierre "
            f"actual de {', '.join(shorter[:10])}."
        )
    reason, by = order.motivo.strip(), caller.principal.account_id
    for candidacy in targets:
        await windows.extend_window(conn, candidacy.candidacy_id, deadline, reason, by, now)
        await record(
            conn,
            deps.outbox,
            caller,
            "window.extend",
            on_candidacy(candidacy.candidacy_id),
            {"hasta": order.hasta.isoformat(), "motivo": reason[:500]},
        )
    for party in sorted({c.capturing_party or "" for c in targets}):
        extended = [c.candidacy_id for c in targets if (c.capturing_party or "") == party]
        await deps.outbox.add(
            conn,
            WINDOW_EXTENDED,
            WindowExtended(
                election_id=order.election_id,
                capturing_party=party or None,
                candidacy_ids=extended,
                deadline_at=deadline,
                reason=reason,
            ),
            actor=caller.actor,
            election_id=order.election_id,
            subject_id=extended[0] if len(extended) == 1 else party,
        )
    return WindowsExtended(candidacies=[c.candidacy_id for c in targets], deadline_at=deadline)
