"""What a party's (or an independent's) people read of the institute's observations on
their own candidacies, with the whole history: every decision, in force or reversed
(000 §4.5). Scope comes from the verified principal, never from an id sent."""

from contracts.moderation import Observations, ObservedCandidacy
from contracts.roles import Role
from services.moderation.domain.reviewers import check_may_read_observations
from services.moderation.steps.deciding import view_of
from services.moderation.steps.recording import SignedIn
from services.moderation.store import candidacies, decisions
from services.runtime.connections import Connection


async def observations(conn: Connection, caller: SignedIn) -> Observations:
    principal = caller.principal
    check_may_read_observations(principal)
    assert principal.election_id is not None  # checked above
    own_only = principal.role in (Role.INDEPENDENT, Role.CANDIDATE) or principal.party_id is None
    mine = await candidacies.of_scope(
        conn,
        principal.election_id,
        None if own_only else principal.party_id,
        principal.candidacy_id if own_only else None,
    )
    history = await decisions.decisions_on(conn, [c.candidacy_id for c in mine])
    observed = []
    for candidacy in mine:
        its = [view_of(d) for d in history if d.candidacy_id == candidacy.candidacy_id]
        if not its:
            continue
        restrictions = await decisions.restrictions_of(conn, candidacy.candidacy_id)
        observed.append(
            ObservedCandidacy(
                candidacy_id=candidacy.candidacy_id,
                owner_name=candidacy.owner_name,
                office=candidacy.office,
                profile_disabled=restrictions.profile_disabled,
                disabled_fields=restrictions.disabled_fields,
                decisions=its,
            )
        )
    return Observations(candidacies=observed)
