"""Publication's visibility rules (services/publication/domain/visibility.py), each with
any ``now``: validated, authorised where the profile asks, after the start of the
publication day in the election's time zone, not withdrawn, not disabled; disabled fields
absent; identity answers to INE only by consent where the profile says so."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from contracts.events.capture import (
    PublicCurricular,
    PublicFormula,
    PublicIdentity,
    PublicPerson,
    PublicProjection,
)
from contracts.events.publication import WithdrawalCause
from contracts.profile import IneReplication, InstituteProfile, Publication
from contracts.publication import photo_path
from services.publication.domain.visibility import (
    CandidacyFacts,
    ElectionFacts,
    for_ine,
    public_document,
    publication_start,
    same_content,
    verdict,
)

ZONE = "America/Mexico_City"
STARTS = date(2027, 4, 1)
START = datetime(2027, 4, 1, tzinfo=ZoneInfo(ZONE))
PHOTO = "a" * 64


def rules(*, authorises: bool = False, consent_only: bool = False) -> InstituteProfile:
    return InstituteProfile(
        name="prueba",
        institute="Instituto",
        seed="-",
        time_zone=ZONE,
        offices=["-"],
        publication=Publication(
            institute_authorises=authorises,
            ine_replication=IneReplication.CONSENT_ONLY if consent_only else IneReplication.ALL,
        ),
    )


def election(**knobs: bool) -> ElectionFacts:
    return ElectionFacts(time_zone=ZONE, publication_starts=STARTS, rules=rules(**knobs))


def person() -> PublicPerson:
    return PublicPerson(
        names="Ana", first_surname="Pérez", second_surname=None, nickname=None, sex="M", age=40
    )


def projection(by_consent: bool = True) -> PublicProjection:
    return PublicProjection(
        election_id="e",
        candidacy_id="c",
        formula=PublicFormula(
            key="F-1",
            office="diputacion",
            district="d1",
            municipality=None,
            list_position=None,
            postulant_kind="party",
            postulant="pan",
            status="registered",
            owner=person(),
            alternate=None,
        ),
        curricular=PublicCurricular(propuesta_1="Agua", propuesta_2="Escuelas", fotografia=PHOTO),
        identity=PublicIdentity(indigena="Sí"),
        identity_by_consent=by_consent,
    )


def validated(**facts: object) -> CandidacyFacts:
    return CandidacyFacts(projection=projection(), **facts)  # type: ignore[arg-type]


AFTER = START + timedelta(seconds=1)


def test_nothing_is_public_before_the_start_of_the_publication_day_in_its_zone() -> None:
    assert publication_start(STARTS, ZONE) == datetime(2027, 4, 1, 6, tzinfo=UTC)
    assert not verdict(validated(), election(), START - timedelta(microseconds=1)).public
    assert verdict(validated(), election(), START).public


def test_without_a_start_date_nothing_is_public() -> None:
    unset = ElectionFacts(time_zone=ZONE, publication_starts=None, rules=rules())
    assert not verdict(validated(), unset, datetime(2100, 1, 1, tzinfo=UTC)).public


def test_once_the_start_was_noted_it_holds_whatever_the_date_says_now() -> None:
    noted = ElectionFacts(
        time_zone=ZONE, publication_starts=date(2030, 1, 1), rules=rules(), started_at=AFTER
    )
    assert verdict(validated(), noted, AFTER).public


def test_a_candidacy_not_validated_or_of_an_unknown_election_is_not_public() -> None:
    assert not verdict(CandidacyFacts(), election(), AFTER).public
    assert not verdict(validated(), None, AFTER).public


def test_where_the_institute_authorises_it_waits_for_the_authorisation() -> None:
    assert not verdict(validated(), election(authorises=True), AFTER).public
    assert verdict(validated(authorised=True), election(authorises=True), AFTER).public


@pytest.mark.parametrize(
    ("reason", "cause"),
    [("substituted", WithdrawalCause.SUBSTITUTED), ("cancelled", WithdrawalCause.CANCELLED)],
)
def test_a_substituted_or_cancelled_candidacy_is_withdrawn_with_its_cause(
    reason: str, cause: WithdrawalCause
) -> None:
    decided = verdict(validated(withdrawal_reason=reason), election(), AFTER)
    assert not decided.public and decided.cause is cause


def test_a_profile_moderation_disabled_whole_is_withdrawn_as_disabled() -> None:
    decided = verdict(validated(profile_disabled=True), election(), AFTER)
    assert not decided.public and decided.cause is WithdrawalCause.DISABLED


def test_a_disabled_field_is_absent_from_the_document() -> None:
    facts = validated(disabled_fields=frozenset({"propuesta_2", "indigena"}), photo_stored=True)
    document = public_document(facts, projection(), published_at=AFTER, updated_at=AFTER)
    dumped = document.model_dump(mode="json")
    assert "propuesta_2" not in dumped["curricular"]
    assert dumped["curricular"]["propuesta_1"] == "Agua"
    assert dumped["identity"] == {}


def test_the_photo_url_appears_only_once_the_photo_is_stored_and_not_disabled() -> None:
    stored = validated(photo_stored=True)
    assert public_document(
        stored, projection(), published_at=AFTER, updated_at=AFTER
    ).photo_url == (photo_path(PHOTO))
    missing = validated()
    assert (
        public_document(missing, projection(), published_at=AFTER, updated_at=AFTER).photo_url
        is None
    )
    disabled = validated(photo_stored=True, disabled_fields=frozenset({"fotografia"}))
    assert (
        public_document(disabled, projection(), published_at=AFTER, updated_at=AFTER).photo_url
        is None
    )


def test_ine_receives_identity_answers_only_by_consent_where_the_profile_says_so() -> None:
    as_action = projection(by_consent=False)
    document = public_document(validated(), as_action, published_at=AFTER, updated_at=AFTER)
    assert for_ine(document, rules(consent_only=True), False).identity == PublicIdentity()
    assert for_ine(document, rules(consent_only=True), True).identity.indigena == "Sí"
    assert for_ine(document, rules(), False).identity.indigena == "Sí"


def test_documents_written_at_different_moments_say_the_same() -> None:
    first = public_document(validated(), projection(), published_at=AFTER, updated_at=AFTER)
    later = first.model_copy(update={"updated_at": AFTER + timedelta(hours=1)})
    assert same_content(first, later)
    changed = public_document(
        validated(disabled_fields=frozenset({"propuesta_1"})),
        projection(),
        published_at=AFTER,
        updated_at=AFTER,
    )
    assert not same_content(first, changed)
    assert same_content(None, None) and not same_content(first, None)


ALTERNATE_PHOTO = "b" * 64


def with_alternate(
    *, by_consent: bool = True, alternate_by_consent: bool = False
) -> PublicProjection:
    """The formula with an alternate whose answers, photo and identity are its own."""
    base = projection(by_consent)
    alternate = person().model_copy(update={"names": "Berta"})
    return base.model_copy(
        update={
            "formula": base.formula.model_copy(update={"alternate": alternate}),
            "alternate_curricular": PublicCurricular(
                propuesta_1="Salud", propuesta_2="Caminos", fotografia=ALTERNATE_PHOTO
            ),
            "alternate_identity": PublicIdentity(discapacidad="Sí"),
            "alternate_identity_by_consent": alternate_by_consent,
        }
    )


def test_the_alternate_answers_by_the_owners_rules_each_field_its_own() -> None:
    facts = CandidacyFacts(
        projection=with_alternate(),
        photo_stored=True,
        alternate_photo_stored=True,
        disabled_fields=frozenset({"suplente.propuesta_2", "indigena"}),
    )
    document = public_document(facts, with_alternate(), published_at=AFTER, updated_at=AFTER)
    assert document.curricular.propuesta_2 == "Escuelas"  # the owner's stays
    assert document.alternate_curricular is not None
    assert document.alternate_curricular.propuesta_1 == "Salud"
    assert document.alternate_curricular.propuesta_2 is None  # the alternate's is gone
    assert document.identity == PublicIdentity()  # the owner's disabled field
    assert document.alternate_identity.discapacidad == "Sí"
    assert document.photo_url == photo_path(PHOTO)
    assert document.alternate_photo_url == photo_path(ALTERNATE_PHOTO)

    unstored = CandidacyFacts(projection=with_alternate(), photo_stored=True)
    shown = public_document(unstored, with_alternate(), published_at=AFTER, updated_at=AFTER)
    assert shown.photo_url == photo_path(PHOTO) and shown.alternate_photo_url is None
    photo_off = CandidacyFacts(
        projection=with_alternate(),
        alternate_photo_stored=True,
        disabled_fields=frozenset({"suplente.fotografia"}),
    )
    hidden = public_document(photo_off, with_alternate(), published_at=AFTER, updated_at=AFTER)
    assert hidden.alternate_photo_url is None


def test_a_formula_without_an_alternate_shows_no_alternate_answers() -> None:
    document = public_document(validated(), projection(), published_at=AFTER, updated_at=AFTER)
    assert document.alternate_curricular is None
    assert document.alternate_identity == PublicIdentity()
    assert document.alternate_photo_url is None
    assert "alternate_curricular" in document.model_dump(mode="json")  # null, for the API


def test_ine_receives_the_alternates_identity_only_by_the_alternates_own_consent() -> None:
    owner_only = with_alternate(by_consent=True, alternate_by_consent=False)
    facts = CandidacyFacts(projection=owner_only)
    document = public_document(facts, owner_only, published_at=AFTER, updated_at=AFTER)
    sent = for_ine(document, rules(consent_only=True), True, False)
    assert sent.identity.indigena == "Sí"
    assert sent.alternate_identity == PublicIdentity()
    assert sent.alternate_curricular == document.alternate_curricular  # answers still go
    both = for_ine(document, rules(consent_only=True), True, True)
    assert both.alternate_identity.discapacidad == "Sí"
    alternate_only = for_ine(document, rules(consent_only=True), False, True)
    assert alternate_only.identity == PublicIdentity()
    assert alternate_only.alternate_identity.discapacidad == "Sí"
    assert for_ine(document, rules(), False, False) == document  # replicates everything
