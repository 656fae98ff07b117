"""A validated candidacy joins the verifiers' queue: its public projection is kept, its
public text screened (steps/screening.py) and its flags saved, so that the queue shows
first what most needs a verifier's eyes (DESIGN §5). Screening never blocks by itself."""

from contracts.envelope import utc_now
from contracts.events.capture import (
    CandidacyValidated,
    Person,
    ProjectionUpdated,
    PublicCurricular,
    PublicProjection,
    of_person,
)
from services.moderation.domain.findings import (
    Catalogue,
    CoalitionName,
    PartyName,
    Submission,
)
from services.moderation.steps.screening import screen_submission
from services.moderation.store import candidacies, elections, flags
from services.runtime.connections import Connection
from services.runtime.service_deps import ServiceDeps

NOT_TEXT = frozenset({"fotografia"})
"""Public curricular fields that hold no text a person wrote (the photo's address)."""


async def take_for_review(
    conn: Connection, deps: ServiceDeps, validated: CandidacyValidated
) -> None:
    projection = validated.projection
    election = await elections.election(conn, projection.election_id)
    offices = {o.id: o.name for o in election.catalogue.offices} if election else {}
    office = offices.get(projection.formula.office, projection.formula.office)
    await candidacies.save_projection(
        conn, projection, validated.capturing_party, office, utc_now()
    )
    submission = Submission(
        election_id=projection.election_id,
        candidacy_id=projection.candidacy_id,
        capturing_party=validated.capturing_party,
        texts=formula_texts(projection),
    )
    found = await screen_submission(
        conn, deps, submission, await catalogue_of(conn, projection.election_id)
    )
    await flags.replace_flags(conn, projection.candidacy_id, found)
    await candidacies.mark_screened(
        conn, projection.candidacy_id, [flag.kind for flag in found], utc_now()
    )


async def take_update(conn: Connection, deps: ServiceDeps, updated: ProjectionUpdated) -> None:
    """The projection announced again: with other public text (the institute applied a
    change) it is screened and waits for a verifier again; with the same text (a consent
    verified or revoked) only the projection is kept."""
    known = await candidacies.candidacy(conn, updated.projection.candidacy_id)
    if known is None or known.projection is None:
        return  # not validated yet: its validation will bring it
    if formula_texts(known.projection) == formula_texts(updated.projection):
        await candidacies.replace_projection(conn, updated.projection)
        return
    again = CandidacyValidated(projection=updated.projection, capturing_party=known.capturing_party)
    await take_for_review(conn, deps, again)


def texts_of(curricular: PublicCurricular, person: Person = Person.OWNER) -> dict[str, str]:
    """Each answered public field's text, named as said of ``person`` (the alternate's
    ``suplente.<campo>``); a list's items one per line."""
    texts: dict[str, str] = {}
    for name, value in curricular.model_dump().items():
        if name in NOT_TEXT or value is None:
            continue
        texts[of_person(person, name)] = "\n".join(value) if isinstance(value, list) else str(value)
    return texts


def formula_texts(projection: PublicProjection) -> dict[str, str]:
    """The formula's public text: the owner's fields, then the alternate's (prefixed),
    screened and reviewed as one submission (004 §46 evaluates both)."""
    texts = texts_of(projection.curricular)
    if projection.alternate_curricular is not None:
        texts |= texts_of(projection.alternate_curricular, Person.ALTERNATE)
    return texts


async def catalogue_of(conn: Connection, election_id: str) -> Catalogue:
    """The election's parties and coalitions, as screening reads them; the candidacies'
    owners a text may name are looked up by the screening itself (steps/screening.py)."""
    election = await elections.election(conn, election_id)
    if election is None:
        return Catalogue()
    return Catalogue(
        parties=tuple(PartyName(p.id, p.name, p.acronym) for p in election.parties),
        coalitions=tuple(
            CoalitionName(c.id, c.name, tuple(c.parties)) for c in election.catalogue.coalitions
        ),
    )
