"""The supervisor warns its party's capture, and the candidacy's own account, that some
fields of a candidacy's questionnaires are incomplete or do not follow the rules
(002 §II.B.1.II). Accounts delivers the notice (``candidacy.party_warned``); the warning,
with the fields it names, is in the activity log. Who may: ``domain/validation.py``."""

from contracts.capture import PartyWarning
from contracts.events.capture import PARTY_WARNED, PartyWarned
from contracts.requests import Empty
from services.capture.domain.scope import check_may_read
from services.capture.domain.validation import check_may_warn_party
from services.capture.steps.finding import live_candidacy
from services.capture.steps.recording import SignedIn, on_candidacy, record
from services.runtime.connections import Connection
from services.runtime.service_deps import ServiceDeps

MAX_FIELDS_LOGGED = 40


async def warn_party(
    conn: Connection, deps: ServiceDeps, order: PartyWarning, caller: SignedIn
) -> Empty:
    candidacy, election = await live_candidacy(conn, order.candidacy_id)
    check_may_read(caller.principal, candidacy.scope)
    check_may_warn_party(
        candidacy.capture_status, caller.principal, candidacy.scope, election.profile
    )
    fields = sorted(order.campos)
    await deps.outbox.add(
        conn,
        PARTY_WARNED,
        PartyWarned(
            election_id=candidacy.election_id,
            candidacy_id=candidacy.candidacy_id,
            capturing_party=candidacy.capturing_party,
            fields=fields,
            note=order.nota,
        ),
        actor=caller.actor,
        election_id=candidacy.election_id,
        subject_id=candidacy.candidacy_id,
    )
    await record(
        conn,
        deps.outbox,
        caller,
        "candidacy.warn_party",
        on_candidacy(candidacy.candidacy_id),
        {"campos": fields[:MAX_FIELDS_LOGGED]},
    )
    return Empty()
