"""The demo's validated candidacies as moderation's screening reads them: PAN's
PM-MTY-PAN trips it on purpose (the demo verifier's queue has something to decide), and
none of the others does, so that the portal shows them published and unflagged."""

import pytest

from contracts.questionnaires import CURRICULAR, Publicity
from services.capture.demo import (
    CANDIDACIES,
    DEMO_CANDIDACIES,
    ELECTION_ID,
    VALIDATED,
    DemoCandidacy,
    demo_config,
)
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
CAPTURED_BY = {"DM01-SHH": "morena", "PM-MTY-IND": None}


def submission(demo: DemoCandidacy) -> Submission:
    """The candidacy's public curricular text, field by field, as moderation receives it."""
    texts = {}
    for name in PUBLIC:
        value = demo.curricular.get(name)
        if value is not None:
            texts[name] = "\n".join(value) if isinstance(value, list) else str(value)
    party = CAPTURED_BY.get(demo.candidacy_id, demo.candidacy_id.rsplit("-", 1)[1].lower())
    return Submission(ELECTION_ID, demo.candidacy_id, party, texts)


def catalogue() -> Catalogue:
    config = demo_config()
    people = []
    for key, _, _, _, _, postulant, owner, _, _ in CANDIDACIES:
        names, first, second, _ = owner
        party = "morena" if postulant == "sigamos" else postulant
        people.append(PersonName(key, f"{names} {first} {second}", party))
    return Catalogue(
        parties=tuple(PartyName(p.id, p.name, p.acronym) for p in config.parties),
        coalitions=tuple(CoalitionName(c.id, c.name, tuple(c.parties)) for c in config.coalitions),
        people=tuple(people),
    )


def flags(demo: DemoCandidacy) -> list[Flag]:
    screened = submission(demo)
    found = [f for field, text in screened.texts.items() for f in LEXICON.hits(field, text)]
    return found + mentions(screened, catalogue())


def test_pans_demo_candidacy_calls_to_vote_and_names_another_party() -> None:
    [pan] = [d for d in DEMO_CANDIDACIES if d.candidacy_id == VALIDATED]
    found = {(f.field, f.evidence) for f in flags(pan)}
    assert ("propuesta_2", "Morena") in found, found
    assert any(field == "propuesta_2" and "vota" in e.lower() for field, e in found), found


@pytest.mark.parametrize(
    "demo",
    [d for d in DEMO_CANDIDACIES if d.candidacy_id != VALIDATED],
    ids=lambda d: d.candidacy_id,
)
def test_the_other_demo_candidacies_pass_the_screening(demo: DemoCandidacy) -> None:
    assert flags(demo) == []


def test_no_demo_proposal_is_close_to_another_candidacys() -> None:
    settings = Settings()
    how = sketching(
        settings.moderation_similarity_threshold, settings.moderation_minhash_permutations
    )
    prints = []
    for demo in DEMO_CANDIDACIES:
        for field in PROPOSAL_FIELDS:
            found = fingerprint(ELECTION_ID, field, demo.curricular[field], how)
            assert found is not None, f"{demo.candidacy_id} {field} is too short to compare"
            prints.append((demo.candidacy_id, found))
    alike = [
        (one, other, round(similarity(a.signature, b.signature), 2))
        for n, (one, a) in enumerate(prints)
        for other, b in prints[n + 1 :]
        if one != other and similarity(a.signature, b.signature) >= how.threshold
    ]
    assert alike == []


def test_each_demo_candidacy_has_texts_of_its_own_and_a_portrait_of_its_own() -> None:
    from services.capture.demo import demo_photo

    texts = [d.curricular["propuesta_1"] for d in DEMO_CANDIDACIES]
    assert len(set(texts)) == len(DEMO_CANDIDACIES)
    assert len({demo_photo(d.look) for d in DEMO_CANDIDACIES}) == len(DEMO_CANDIDACIES)
