"""A verifier's review of one candidacy and the decisions that keep (or no longer keep)
one field or the whole profile from publication (DESIGN §5, 002 §II.A.1).

Each decision commits with its ``moderation.decided`` event, which carries the
restrictions as they stand after it: publication honours them, and accounts tells the
party's designated liaison at once with the reason (000 §4.5). A verifier may also find
nothing to object; a later validation puts the candidacy back in the queue.
"""

from contracts.envelope import new_event_id, utc_now
from contracts.events.moderation import MODERATION_DECIDED, ModerationDecided, Restrictions
from contracts.moderation import (
    CandidacyReview,
    Decide,
    DecisionView,
    FlagView,
    QueueItem,
    Reverse,
    ReviewRef,
)
from contracts.requests import Empty
from services.moderation.domain.errors import NO_CANDIDACY, NotFound
from services.moderation.domain.restrictions import DecisionInForce, disabling, enabling
from services.moderation.domain.reviewers import check_may_decide, check_may_review
from services.moderation.steps.recording import SignedIn, on_candidacy, record
from services.moderation.steps.reviewing import formula_texts
from services.moderation.store import candidacies, decisions, flags, queue
from services.moderation.store.candidacies import Candidacy
from services.moderation.store.decisions import DecisionRow
from services.runtime.connections import Connection
from services.runtime.service_deps import ServiceDeps


async def review(conn: Connection, ref: ReviewRef, caller: SignedIn) -> CandidacyReview:
    candidacy = await _validated(conn, ref.candidacy_id)
    check_may_review(caller.principal, candidacy.election_id)
    item = await queue.queue_item(conn, ref.candidacy_id)
    if item is None or candidacy.projection is None:
        raise NotFound(NO_CANDIDACY)
    restrictions = await decisions.restrictions_of(conn, ref.candidacy_id)
    return CandidacyReview(
        item=QueueItem.model_validate(item.model_dump()),
        texts=formula_texts(candidacy.projection),
        photo_sha256=candidacy.projection.curricular.fotografia,
        alternate_name=alternate_name(candidacy),
        flags=[
            FlagView(
                kind=f.kind,
                prohibition=f.prohibition,
                field=f.field,
                start=f.span_start,
                end=f.span_end,
                evidence=f.evidence,
                detail=f.detail,
                other_candidacy_id=f.other_candidacy_id,
            )
            for f in await flags.flags_of(conn, ref.candidacy_id)
        ],
        decisions=[view_of(d) for d in await decisions.decisions_on(conn, [ref.candidacy_id])],
        profile_disabled=restrictions.profile_disabled,
        disabled_fields=restrictions.disabled_fields,
    )


async def decide(
    conn: Connection, deps: ServiceDeps, order: Decide, caller: SignedIn
) -> DecisionView:
    candidacy = await _validated(conn, order.candidacy_id)
    check_may_decide(caller.principal, candidacy.election_id)
    assert candidacy.projection is not None
    has_alternate = candidacy.projection.alternate_curricular is not None
    current = await decisions.lock_restrictions(conn, order.candidacy_id)
    after = disabling(current, order.campo, has_alternate)
    decision = DecisionRow(
        decision_id=str(new_event_id()),
        candidacy_id=order.candidacy_id,
        field=order.campo,
        disabled=True,
        prohibition=order.prohibicion,
        note=order.nota,
        reverses=None,
        decided_by=caller.principal.account_id,
        decided_at=utc_now(),
        in_force=True,
    )
    await _take_effect(conn, deps, candidacy, decision, after, caller)
    await record(
        conn,
        deps.outbox,
        caller,
        "review.decide",
        on_candidacy(order.candidacy_id),
        {"campo": order.campo or "perfil", "prohibicion": order.prohibicion.value},
    )
    return view_of(decision)


async def reverse(
    conn: Connection, deps: ServiceDeps, order: Reverse, caller: SignedIn
) -> DecisionView:
    candidacy = await _validated(conn, order.candidacy_id)
    check_may_decide(caller.principal, candidacy.election_id)
    current = await decisions.lock_restrictions(conn, order.candidacy_id)
    reversed_one = next(
        (
            DecisionInForce(d.decision_id, d.field)
            for d in await decisions.decisions_on(conn, [order.candidacy_id])
            if d.decision_id == order.decision_id and d.in_force
        ),
        None,
    )
    after = enabling(current, reversed_one)
    decision = DecisionRow(
        decision_id=str(new_event_id()),
        candidacy_id=order.candidacy_id,
        field=reversed_one.field if reversed_one else None,
        disabled=False,
        prohibition=None,
        note=order.motivo,
        reverses=order.decision_id,
        decided_by=caller.principal.account_id,
        decided_at=utc_now(),
        in_force=False,
    )
    await _take_effect(conn, deps, candidacy, decision, after, caller)
    await record(
        conn,
        deps.outbox,
        caller,
        "review.reverse",
        on_candidacy(order.candidacy_id),
        {"campo": decision.field or "perfil", "revierte": order.decision_id},
    )
    return view_of(decision)


async def clear(conn: Connection, deps: ServiceDeps, ref: ReviewRef, caller: SignedIn) -> Empty:
    """The verifier found nothing to object: the candidacy leaves the pending."""
    candidacy = await _validated(conn, ref.candidacy_id)
    check_may_decide(caller.principal, candidacy.election_id)
    await candidacies.mark_reviewed(conn, ref.candidacy_id)
    await record(conn, deps.outbox, caller, "review.clear", on_candidacy(ref.candidacy_id))
    return Empty()


async def _take_effect(
    conn: Connection,
    deps: ServiceDeps,
    candidacy: Candidacy,
    decision: DecisionRow,
    after: Restrictions,
    caller: SignedIn,
) -> None:
    await decisions.insert_decision(conn, decision)
    await decisions.save_restrictions(conn, candidacy.candidacy_id, after)
    restricted = after.profile_disabled or bool(after.disabled_fields)
    await candidacies.mark_restricted(conn, candidacy.candidacy_id, restricted)
    await candidacies.mark_reviewed(conn, candidacy.candidacy_id)
    await deps.outbox.add(
        conn,
        MODERATION_DECIDED,
        ModerationDecided(
            election_id=candidacy.election_id,
            candidacy_id=candidacy.candidacy_id,
            capturing_party=candidacy.capturing_party,
            decision_id=decision.decision_id,
            field=decision.field,
            disabled=decision.disabled,
            prohibition=decision.prohibition,
            note=decision.note,
            decided_at=decision.decided_at,
            restrictions=after,
        ),
        actor=caller.actor,
        election_id=candidacy.election_id,
        subject_id=candidacy.candidacy_id,
    )


async def _validated(conn: Connection, candidacy_id: str) -> Candidacy:
    candidacy = await candidacies.candidacy(conn, candidacy_id)
    if candidacy is None or candidacy.projection is None or candidacy.withdrawn_at is not None:
        raise NotFound(NO_CANDIDACY)
    return candidacy


def alternate_name(candidacy: Candidacy) -> str | None:
    """The formula's alternate's name, where it has one with answers (None otherwise)."""
    projection = candidacy.projection
    if projection is None or projection.alternate_curricular is None:
        return None
    alternate = projection.formula.alternate
    if alternate is None:
        return "Suplente"
    parts = (alternate.names, alternate.first_surname, alternate.second_surname)
    return " ".join(part for part in parts if part)


def view_of(decision: DecisionRow) -> DecisionView:
    return DecisionView(
        decision_id=decision.decision_id,
        field=decision.field,
        disabled=decision.disabled,
        prohibition=decision.prohibition,
        note=decision.note,
        reverses=decision.reverses,
        decided_at=decision.decided_at,
        in_force=decision.in_force,
    )
