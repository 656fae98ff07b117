"""Authorising publication where the profile asks for it (002 §II.C): the validated
candidacies awaiting the institute's authorisation, the oldest first; the verifier's
authorisation, given once, announced for publication to honour."""

from contracts.envelope import utc_now
from contracts.events.moderation import PUBLICATION_AUTHORISED, PublicationAuthorised
from contracts.moderation import AuthorisationItem, AuthorisationQueue, ElectionOf, ReviewRef
from contracts.profile import InstituteProfile
from services.moderation.domain.errors import NO_CANDIDACY, NO_ELECTION, NotFound
from services.moderation.domain.publication_gates import (
    authorisation_required,
    check_authorisation_applies,
    check_not_authorised_yet,
)
from services.moderation.domain.reviewers import check_may_decide, check_may_review
from services.moderation.steps.recording import SignedIn, on_candidacy, record
from services.moderation.store import authorisations, elections
from services.runtime.connections import Connection
from services.runtime.service_deps import ServiceDeps


async def profile_of(conn: Connection, election_id: str) -> InstituteProfile:
    election = await elections.election(conn, election_id)
    if election is None:
        raise NotFound(NO_ELECTION)
    return election.profile


async def authorisation_queue(
    conn: Connection, ref: ElectionOf, caller: SignedIn
) -> AuthorisationQueue:
    check_may_review(caller.principal, ref.election_id)
    required = authorisation_required(await profile_of(conn, ref.election_id))
    rows = await authorisations.awaiting(conn, ref.election_id) if required else []
    return AuthorisationQueue(
        election_id=ref.election_id,
        required=required,
        items=[AuthorisationItem.model_validate(row.model_dump()) for row in rows],
    )


async def authorise(
    conn: Connection, deps: ServiceDeps, ref: ReviewRef, caller: SignedIn
) -> AuthorisationItem:
    row = await authorisations.one(conn, ref.candidacy_id)
    if row is None:
        raise NotFound(NO_CANDIDACY)
    check_may_decide(caller.principal, row.election_id)
    check_authorisation_applies(await profile_of(conn, row.election_id))
    check_not_authorised_yet(row.authorised_at is not None)
    now = utc_now()
    await authorisations.authorise(conn, ref.candidacy_id, caller.principal.account_id, now)
    await deps.outbox.add(
        conn,
        PUBLICATION_AUTHORISED,
        PublicationAuthorised(
            election_id=row.election_id, candidacy_id=ref.candidacy_id, authorised_at=now
        ),
        actor=caller.actor,
        election_id=row.election_id,
        subject_id=ref.candidacy_id,
    )
    await record(conn, deps.outbox, caller, "publication.authorise", on_candidacy(ref.candidacy_id))
    return AuthorisationItem.model_validate({**row.model_dump(), "authorised_at": now})
