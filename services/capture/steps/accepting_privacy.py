"""Accepting the election's privacy notice for a candidacy: only its current version,
by whoever may edit the candidacy now; submission asks for it."""

from contracts.capture import PrivacyAcceptance
from contracts.envelope import utc_now
from contracts.requests import Empty
from services.capture.domain.errors import Refused
from services.capture.steps.finding import editable_candidacy
from services.capture.steps.recording import SignedIn, on_candidacy, record
from services.capture.store import privacy_acceptances
from services.runtime.connections import Connection
from services.runtime.service_deps import ServiceDeps


async def accept_privacy(
    conn: Connection, deps: ServiceDeps, order: PrivacyAcceptance, caller: SignedIn
) -> Empty:
    _, election = await editable_candidacy(conn, caller.principal, order.candidacy_id)
    current = election.config.privacy_notice_version
    if order.version != current:
        raise Refused(
            f"El aviso de privacidad vigente es la versión {current}; léala antes de aceptarla."
        )
    await privacy_acceptances.record_privacy_acceptance(
        conn, order.candidacy_id, current, caller.principal.account_id, utc_now()
    )
    await record(
        conn,
        deps.outbox,
        caller,
        "privacy_notice.accept",
        on_candidacy(order.candidacy_id),
        {"version": current},
    )
    return Empty()
