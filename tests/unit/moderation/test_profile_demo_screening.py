"""Each profile's demo file as moderation's screening reads it: the one candidacy the
file names ``flagged`` trips it on purpose (the demo verifier has something to decide),
and none of the others does, nor are two proposals alike, so the portal shows them
published and unflagged."""

import pytest

from contracts.demo import DEMO_FILES, DemoElection, DemoFormula, read_demo
from contracts.questionnaires import CURRICULAR, Publicity
from services.capture.demo import capturing_party
from services.moderation.domain.findings import (
    Catalogue,
    CoalitionName,
    Flag,
    PartyName,
    PersonName,
    Submission,
)
from services.moderation.domain.mentions import mentions
from services.moderation.domain.near_duplicates import (
    PROPOSAL_FIELDS,
    fingerprint,
    similarity,
    sketching,
)
from services.moderation.steps.screening import LEXICON
from services.runtime.settings import Settings

PUBLIC = [f.name for f in CURRICULAR.fields if f.publicity is Publicity.PUBLIC]
FILE_PROFILES = sorted(path.stem for path in DEMO_FILES.glob("*.toml"))


def flags(demo: DemoElection, formula: DemoFormula) -> list[Flag]:
    texts = {}
    for name in PUBLIC:
        value = formula.curricular.get(name)
        if value is not None:
            texts[name] = "\n".join(value) if isinstance(value, list) else str(value)
    screened = Submission(demo.election_id, formula.key, capturing_party(demo, formula), texts)
    catalogue = Catalogue(
        parties=tuple(PartyName(p.id, p.name, p.acronym) for p in demo.parties),
        coalitions=tuple(CoalitionName(c.id, c.name, tuple(c.parties)) for c in demo.coalitions),
        people=tuple(
            PersonName(
                f.key,
                f"{f.owner.names} {f.owner.first_surname} {f.owner.second_surname}",
                capturing_party(demo, f),
            )
            for f in demo.formulas
        ),
    )
    found = [f for field, text in texts.items() for f in LEXICON.hits(field, text)]
    return found + mentions(screened, catalogue)


@pytest.mark.parametrize("profile", FILE_PROFILES)
def test_only_the_flagged_demo_candidacy_trips_the_screening(profile: str) -> None:
    demo = read_demo(profile)
    tripped = {f.key for f in demo.captured if flags(demo, f)}
    assert tripped == {demo.flagged}, {f.key: flags(demo, f) for f in demo.captured}


@pytest.mark.parametrize("profile", FILE_PROFILES)
def test_no_two_demo_proposals_are_alike_and_each_has_its_portrait(profile: str) -> None:
    demo = read_demo(profile)
    settings = Settings()
    how = sketching(
        settings.moderation_similarity_threshold, settings.moderation_minhash_permutations
    )
    prints = []
    for formula in demo.captured:
        for field in PROPOSAL_FIELDS:
            found = fingerprint(demo.election_id, field, formula.curricular[field], how)
            assert found is not None, f"{formula.key} {field} is too short to compare"
            prints.append((formula.key, found))
    alike = [
        (one, other)
        for n, (one, a) in enumerate(prints)
        for other, b in prints[n + 1 :]
        if one != other and similarity(a.signature, b.signature) >= how.threshold
    ]
    assert alike == []
    assert len({f.look for f in demo.captured}) == len(demo.captured)
