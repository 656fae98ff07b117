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
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from contracts.events.capture import PublicCurricular, PublicIdentity, PublicProjection
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


def public_document(
    candidacy: CandidacyFacts,
    projection: PublicProjection,
    *,
    published_at: datetime,
    updated_at: datetime,
) -> PublicProfile:
    """The profile as the public sees it: every field moderation disabled is absent
    (002 §II.A.1), the photo's content-addressed URL once it is stored (and not disabled)."""
    disabled = candidacy.disabled_fields
    curricular = PublicCurricular.model_validate(_without(projection.curricular, disabled))
    identity = PublicIdentity.model_validate(_without(projection.identity, disabled))
    photo = curricular.fotografia
    return PublicProfile(
        election_id=projection.election_id,
        candidacy_id=projection.candidacy_id,
        formula=projection.formula,
        capturing_party=candidacy.capturing_party,
        curricular=curricular,
        identity=identity,
        affirmative_action=projection.affirmative_action,
        photo_url=photo_path(photo) if photo and candidacy.photo_stored else None,
        published_at=published_at,
        updated_at=updated_at,
    )


def for_ine(profile: PublicProfile, rules: InstituteProfile, by_consent: bool) -> PublicProfile:
    """What INE's event carries: identity answers not given by consent stay out where the
    profile replicates only by consent (003 §28)."""
    if by_consent or rules.publication.ine_replication is not IneReplication.CONSENT_ONLY:
        return profile
    return profile.model_copy(update={"identity": PublicIdentity()})


def same_content(a: PublicProfile | None, b: PublicProfile | None) -> bool:
    """Whether two documents say the same to the public, whenever each was written."""
    if a is None or b is None:
        return a is b
    moments = {"published_at", "updated_at"}
    return a.model_dump(exclude=moments) == b.model_dump(exclude=moments)
