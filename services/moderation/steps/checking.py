"""Checking what is published (000 §5.6, 001 §33, 003 §31, 004 §32; Tabasco's phase of
validation and verification of what is published, 004 §4.IV, §34): the election's
published candidacies, the never checked first, each with what was checked and when;
the verifier marks one checked. Disabling a field or the profile is a decision of the
review (``review.decide``, steps/deciding.py), not repeated here."""

from contracts.envelope import new_event_id, utc_now
from contracts.moderation import (
    CheckPublished,
    CheckView,
    ElectionOf,
    PublishedItem,
    PublishedReview,
)
from services.moderation.domain.errors import NotFound
from services.moderation.domain.publication_gates import authorisation_required
from services.moderation.domain.reviewers import check_may_decide, check_may_review
from services.moderation.steps.authorising import profile_of
from services.moderation.steps.recording import SignedIn, on_candidacy, record
from services.moderation.store import candidacies, published_checks
from services.moderation.store.published_checks import Check, Published
from services.runtime.connections import Connection
from services.runtime.service_deps import ServiceDeps

NOT_PUBLISHED = "Esa candidatura no está publicada en la elección."


def _item(row: Published, checks: list[Check]) -> PublishedItem:
    return PublishedItem.model_validate(
        {
            **row.model_dump(),
            "checks": [
                CheckView(checked_at=c.checked_at, note=c.note)
                for c in checks
                if c.candidacy_id == row.candidacy_id
            ],
        }
    )


async def published_review(conn: Connection, ref: ElectionOf, caller: SignedIn) -> PublishedReview:
    check_may_review(caller.principal, ref.election_id)
    profile = await profile_of(conn, ref.election_id)
    rows = await published_checks.published(conn, ref.election_id, authorisation_required(profile))
    checks = await published_checks.checks_of(conn, [row.candidacy_id for row in rows])
    return PublishedReview(
        election_id=ref.election_id,
        verification_phase=profile.publication.verification_phase,
        items=[_item(row, checks) for row in rows],
    )


async def check(
    conn: Connection, deps: ServiceDeps, order: CheckPublished, caller: SignedIn
) -> PublishedItem:
    known = await candidacies.candidacy(conn, order.candidacy_id)
    if known is None:
        raise NotFound(NOT_PUBLISHED)
    check_may_decide(caller.principal, known.election_id)
    profile = await profile_of(conn, known.election_id)
    row = await published_checks.one(conn, order.candidacy_id, authorisation_required(profile))
    if row is None:
        raise NotFound(NOT_PUBLISHED)
    await published_checks.insert_check(
        conn,
        str(new_event_id()),
        order.candidacy_id,
        order.nota,
        caller.principal.account_id,
        utc_now(),
    )
    await record(conn, deps.outbox, caller, "published.check", on_candidacy(order.candidacy_id))
    return _item(row, await published_checks.checks_of(conn, [order.candidacy_id]))
