"""Reminding a party's liaison (or an independent) of candidacies not captured or
incomplete (000 §5.6, 002 §I.A.IX, 004 §32): one click on the completeness view, which
capture tallies (``candidacy.completeness``); accounts delivers the notice to the
party's supervisors, or to the independent, and to no one else."""

from contracts.activity import ActivityTarget
from contracts.envelope import new_event_id, utc_now
from contracts.events.moderation import COMPLETENESS_REMINDED, CompletenessReminded
from contracts.moderation import ElectionOf, Remind, Reminders, ReminderView
from services.moderation.domain.errors import NO_ELECTION, NotFound
from services.moderation.domain.liaisons import STANDARD_NOTE, Named, check_addressee
from services.moderation.domain.reviewers import check_may_decide, check_may_review
from services.moderation.steps.recording import SignedIn, record
from services.moderation.store import candidacies, elections, reminders
from services.moderation.store.reminders import Reminder
from services.runtime.connections import Connection
from services.runtime.service_deps import ServiceDeps


async def _named(conn: Connection, candidacy_id: str) -> Named:
    known = await candidacies.candidacy(conn, candidacy_id)
    if known is None:
        return Named(candidacy_id, None, None, live=False)
    return Named(
        candidacy_id, known.election_id, known.capturing_party, live=known.withdrawn_at is None
    )


async def remind(
    conn: Connection, deps: ServiceDeps, order: Remind, caller: SignedIn
) -> ReminderView:
    check_may_decide(caller.principal, order.election_id)
    if await elections.election(conn, order.election_id) is None:
        raise NotFound(NO_ELECTION)
    ids = sorted(set(order.candidaturas))
    check_addressee(order.election_id, order.partido, [await _named(conn, cid) for cid in ids])
    reminder = Reminder(
        reminder_id=str(new_event_id()),
        election_id=order.election_id,
        capturing_party=order.partido,
        candidacy_ids=ids,
        note=order.nota or STANDARD_NOTE,
        sent_at=utc_now(),
    )
    await reminders.insert_reminder(conn, reminder, caller.principal.account_id)
    await deps.outbox.add(
        conn,
        COMPLETENESS_REMINDED,
        CompletenessReminded(
            election_id=order.election_id,
            capturing_party=order.partido,
            candidacy_ids=ids,
            note=reminder.note,
        ),
        actor=caller.actor,
        election_id=order.election_id,
        subject_id=order.partido or ids[0],
    )
    await record(
        conn,
        deps.outbox,
        caller,
        "completeness.remind",
        ActivityTarget(kind="party", id=order.partido)
        if order.partido
        else ActivityTarget(kind="candidacy", id=ids[0]),
        {"candidaturas": ids[:40]},
    )
    return ReminderView.model_validate(reminder.model_dump())


async def reminder_list(conn: Connection, ref: ElectionOf, caller: SignedIn) -> Reminders:
    check_may_review(caller.principal, ref.election_id)
    rows = await reminders.reminders_of(conn, ref.election_id)
    return Reminders(items=[ReminderView.model_validate(row.model_dump()) for row in rows])
