"""Whether a candidacy's profile is public now, and what of it (DESIGN §4, §6).

A profile is public when its candidacy is validated (001 §14: "únicamente podrá ser
pública previa validación de la persona supervisora"), authorised by the institute where
the profile asks for it (002 §II.C: "una vez validados y autorizados"), the publication
start date has passed (001 §14: "hasta la fecha formal de inicio de publicación"), the
candidacy has not been substituted or cancelled (000 §3.14, 002 §II.C) and moderation has
not kept the whole profile from publication (002 §II.A.1). Within it each field moderation
disabled is absent; identity answers are public as capture's projection carries them
(consent, or an affirmative action, 001 §19), but INE receives them only by consent where
the profile says so (003 §28: "únicamente cuando las personas candidatas hayan
manifestado el consentimiento expreso").

The formula's alternate (the *suplente*, 001 §3.III-V) has answers, a photo and a consent
of its own: the same rules, person by person. A field moderation disabled of the
alternate's is named ``suplente.<campo>`` (contracts/events/capture.py ``of_person``)
and leaves only the alternate's answer; INE receives the alternate's identity answers
only by the alternate's own consent where the profile says so.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from contracts.events.capture import (
    Person,
    PublicCurricular,
    PublicIdentity,
    PublicProjection,
    person_of,
)
from contracts.events.publication import WithdrawalCause
from contracts.profile import IneReplication, InstituteProfile
from contracts.publication import PublicProfile, photo_path


@dataclass(frozen=True)
class ElectionFacts:
    time_zone: str
    publication_starts: date | None
    rules: InstituteProfile
    started_at: datetime | None = None


@dataclass(frozen=True)
class CandidacyFacts:
    """What publication heard of one candidacy, from capture's and moderation's events."""

    projection: PublicProjection | None = None
    capturing_party: str | None = None
    authorised: bool = False
    withdrawal_reason: str | None = None
    profile_disabled: bool = False
    disabled_fields: frozenset[str] = field(default_factory=frozenset)
    photo_stored: bool = False
    alternate_photo_stored: bool = False


@dataclass(frozen=True)
class Verdict:
    public: bool
    cause: WithdrawalCause | None = None
    """Why a profile is not public, where it says something to the public (a withdrawal)."""


def publication_start(starts: date | None, time_zone: str) -> datetime | None:
    """The moment publication starts: the start of its day in the election's time zone
    (001 §14, "la fecha formal de inicio de publicación"); None while it is not set."""
    if starts is None:
        return None
    return datetime.combine(starts, time.min, tzinfo=ZoneInfo(time_zone))


def publication_started(election: ElectionFacts, now: datetime) -> bool:
    """Once started it stays started (the timer noted it); before the date, nothing is
    public (001 §14)."""
    if election.started_at is not None:
        return True
    start = publication_start(election.publication_starts, election.time_zone)
    return start is not None and now >= start


def verdict(candidacy: CandidacyFacts, election: ElectionFacts | None, now: datetime) -> Verdict:
    """Public or not, and why not where a withdrawal must say it (module docstring)."""
    if candidacy.withdrawal_reason is not None:
        return Verdict(False, WithdrawalCause(candidacy.withdrawal_reason))
    if candidacy.profile_disabled:
        return Verdict(False, WithdrawalCause.DISABLED)
    if candidacy.projection is None or election is None:
        return Verdict(False)
    if election.rules.publication.institute_authorises and not candidacy.authorised:
        return Verdict(False)
    return Verdict(publication_started(election, now))


def _without(
    model: PublicCurricular | PublicIdentity, disabled: frozenset[str]
) -> dict[str, object]:
    return {k: v for k, v in model.model_dump().items() if k not in disabled}


def disabled_of(person: Person, disabled: frozenset[str]) -> frozenset[str]:
    """The fields of ``person`` among ``disabled`` (the alternate's without their prefix)."""
    named = (person_of(name) for name in disabled)
    return frozenset(name for whose, name in named if whose is person)


def _photo_url(curricular: PublicCurricular | None, stored: bool) -> str | None:
    photo = None if curricular is None else curricular.fotografia
    return photo_path(photo) if photo and stored else None


def public_document(
    candidacy: CandidacyFacts,
    projection: PublicProjection,
    *,
    published_at: datetime,
    updated_at: datetime,
) -> PublicProfile:
    """The profile as the public sees it: every field moderation disabled is absent
    (002 §II.A.1), each person's photo at its content-addressed URL once it is stored
    (and not disabled); the alternate's answers only where the formula has an alternate."""
    owner_off = disabled_of(Person.OWNER, candidacy.disabled_fields)
    alternate_off = disabled_of(Person.ALTERNATE, candidacy.disabled_fields)
    curricular = PublicCurricular.model_validate(_without(projection.curricular, owner_off))
    identity = PublicIdentity.model_validate(_without(projection.identity, owner_off))
    has_alternate = projection.formula.alternate is not None
    alternate_curricular = (
        PublicCurricular.model_validate(_without(projection.alternate_curricular, alternate_off))
        if has_alternate and projection.alternate_curricular is not None
        else None
    )
    alternate_identity = (
        PublicIdentity.model_validate(_without(projection.alternate_identity, alternate_off))
        if has_alternate
        else PublicIdentity()
    )
    return PublicProfile(
        election_id=projection.election_id,
        candidacy_id=projection.candidacy_id,
        formula=projection.formula,
        capturing_party=candidacy.capturing_party,
        curricular=curricular,
        identity=identity,
        affirmative_action=projection.affirmative_action,
        photo_url=_photo_url(curricular, candidacy.photo_stored),
        alternate_curricular=alternate_curricular,
        alternate_identity=alternate_identity,
        alternate_photo_url=_photo_url(alternate_curricular, candidacy.alternate_photo_stored),
        published_at=published_at,
        updated_at=updated_at,
    )


def for_ine(
    profile: PublicProfile,
    rules: InstituteProfile,
    by_consent: bool,
    alternate_by_consent: bool = False,
) -> PublicProfile:
    """What INE's event carries: where the profile replicates only by consent (003 §28),
    each person's identity answers not given by that person's own consent stay out."""
    if rules.publication.ine_replication is not IneReplication.CONSENT_ONLY:
        return profile
    kept: dict[str, PublicIdentity] = {}
    if not by_consent:
        kept["identity"] = PublicIdentity()
    if not alternate_by_consent:
        kept["alternate_identity"] = PublicIdentity()
    return profile.model_copy(update=kept) if kept else profile


def same_content(a: PublicProfile | None, b: PublicProfile | None) -> bool:
    """Whether two documents say the same to the public, whenever each was written."""
    if a is None or b is None:
        return a is b
    moments = {"published_at", "updated_at"}
    return a.model_dump(exclude=moments) == b.model_dump(exclude=moments)
