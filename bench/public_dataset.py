"""The national dataset's candidacies (``bench/national.py``) as publication puts them in
the public bucket: each a published profile of owner and alternate, every public
curricular answer of each, identity answers where the rules allow (the owner's consent
or the formula's affirmative action), in the national catalogue folded into one
election.

``entries(count, seed)`` yields the bucket's values; the same seed gives the same bytes.
The photos' bytes are not part of a profile: each photo's digest stands for them."""

import hashlib
from collections.abc import Iterator
from datetime import UTC, datetime

from bench import national, spanish_text
from contracts.events.capture import (
    CatalogueEntry,
    PartyInfo,
    PublicCurricular,
    PublicFormula,
    PublicIdentity,
    PublicPerson,
)
from contracts.publication import (
    EntryState,
    PublicElection,
    PublicEntry,
    PublicProfile,
    election_key,
    photo_path,
    profile_key,
)
from contracts.questionnaires import IDENTITY, Publicity
from services.capture.domain.registry_rows import age_on

ELECTION = national.ELECTION
_CONFIG = national.election_config()
OFFICES = [CatalogueEntry(**office) for office in _CONFIG["offices"]]
DISTRICTS = [CatalogueEntry(**district) for district in _CONFIG["districts"]]
MUNICIPALITIES = [CatalogueEntry(**municipality) for municipality in _CONFIG["municipalities"]]
PARTIES = [PartyInfo(id=p, name=name, acronym=a) for p, name, a in national.PARTIES]
SURNAMES = spanish_text.SURNAMES
STARTED = datetime(2027, 4, 1, 6, 0, tzinfo=UTC)
PUBLIC_IDENTITY = [f.name for f in IDENTITY.fields if f.publicity is Publicity.IF_CONSENTED]
CURRICULAR_FIELDS = set(PublicCurricular.model_fields)


def _person(person: national.Person) -> PublicPerson:
    return PublicPerson(
        names=person.names,
        first_surname=person.first_surname,
        second_surname=person.second_surname,
        nickname=None,
        sex=person.sex,
        age=age_on(national.ELECTION_DAY, person.born),
    )


def _photo(candidacy: national.Candidacy, quality: str) -> str:
    return hashlib.sha256(f"foto:{candidacy.key}:{quality}".encode()).hexdigest()


def _curricular(candidacy: national.Candidacy, quality: str) -> PublicCurricular:
    answers = national.curricular(candidacy, quality, _photo(candidacy, quality))
    return PublicCurricular(**{k: v for k, v in answers.items() if k in CURRICULAR_FIELDS})


def _identity(candidacy: national.Candidacy, quality: str) -> PublicIdentity:
    if not (candidacy.consents or candidacy.affirmative_action):
        return PublicIdentity()
    answers = national.identity(candidacy, quality)
    return PublicIdentity(**{name: answers.get(name) for name in PUBLIC_IDENTITY})


def profile(candidacy: national.Candidacy) -> PublicProfile:
    return PublicProfile(
        election_id=ELECTION,
        candidacy_id=candidacy.key,
        formula=PublicFormula(
            key=f"F-{candidacy.key}",
            office=candidacy.office,
            district=candidacy.district,
            municipality=candidacy.municipality,
            list_position=candidacy.list_position,
            postulant_kind="partido" if candidacy.postulant else "independiente",
            postulant=candidacy.postulant,
            status="registrada",
            owner=_person(candidacy.owner),
            alternate=_person(candidacy.alternate),
        ),
        capturing_party=candidacy.postulant,
        curricular=_curricular(candidacy, "propietaria"),
        identity=_identity(candidacy, "propietaria"),
        affirmative_action=candidacy.affirmative_action,
        photo_url=photo_path(_photo(candidacy, "propietaria")),
        alternate_curricular=_curricular(candidacy, "suplente"),
        alternate_identity=_identity(candidacy, "suplente"),
        alternate_photo_url=photo_path(_photo(candidacy, "suplente")),
        published_at=STARTED,
        updated_at=STARTED,
    )


def profile_of(number: int, seed: int = national.SEED) -> PublicProfile:
    """The profile of the national list's candidacy ``number``."""
    return profile(next(national.candidacies(1, seed, first=number)))


def election(sequence: int = 1) -> tuple[str, bytes]:
    document = PublicElection(
        election_id=ELECTION,
        name=_CONFIG["name"],
        institute="Instituto de prueba",
        time_zone="America/Mexico_City",
        publication_starts="2027-04-01",
        started=True,
        offices=OFFICES,
        districts=DISTRICTS,
        municipalities=MUNICIPALITIES,
        parties=PARTIES,
        coalitions=[],
        shows_action_type=False,
        sequence=sequence,
    )
    return election_key(ELECTION), document.model_dump_json().encode()


def entries(count: int, seed: int = national.SEED, first: int = 1) -> Iterator[tuple[str, bytes]]:
    """The published profiles of ``count`` candidacies from ``first``: (bucket key, value)."""
    for candidacy in national.candidacies(count, seed, first):
        document = profile(candidacy)
        entry = PublicEntry(
            candidacy_id=document.candidacy_id,
            election_id=ELECTION,
            state=EntryState.PUBLIC,
            sequence=candidacy.number,
            profile=document,
        )
        yield profile_key(document.candidacy_id), entry.model_dump_json().encode()
