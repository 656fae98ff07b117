"""What publication makes public, and how the gateway finds it without asking.

Publication materialises each public document (a profile, an election's public
catalogue, its statistics, its open-data release) and puts it in the NATS key-value
bucket ``public_bucket(prefix)``; every gateway replica watches the bucket into memory,
so a public read does not cross the bus per request (DESIGN §6). The keys:

- ``perfil.<candidacy_id>``: a ``PublicEntry`` (the profile, or the mark of its withdrawal:
  a profile once public and then withdrawn answers 410, one never public 404);
- ``eleccion.<election_id>``: a ``PublicElection`` (names for the filters and the labels);

Each value is the JSON of its model; ``sequence`` orders the changes of one key, so a
writer never replaces a newer value with an older one.
"""

from enum import StrEnum

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from contracts.events.capture import (
    CatalogueEntry,
    CoalitionInfo,
    PartyInfo,
    PublicCurricular,
    PublicFormula,
    PublicIdentity,
)
from contracts.subjects import public_bucket as public_bucket  # the bucket of these keys

PROFILE_KEY = "perfil."
ELECTION_KEY = "eleccion."


def profile_key(candidacy_id: str) -> str:
    return f"{PROFILE_KEY}{candidacy_id}"


def election_key(election_id: str) -> str:
    return f"{ELECTION_KEY}{election_id}"


def photo_path(sha256: str) -> str:
    """The content-addressed URL of a published photo: cached as immutable."""
    return f"/fotos/{sha256}"


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PublicProfile(Frozen):
    """One candidacy's public profile, exactly as the public API answers it: the
    formula (owner and alternate), every public curricular answer that moderation has not
    disabled (a disabled or unanswered field is absent), identity answers only where the
    rules allow (DESIGN §4), the action's type where the profile shows it (002 §II.C)."""

    election_id: str
    candidacy_id: str
    formula: PublicFormula
    capturing_party: str | None = Field(description="None: an independent candidacy.")
    curricular: PublicCurricular
    identity: PublicIdentity = Field(default_factory=PublicIdentity)
    affirmative_action: str | None = None
    photo_url: str | None = Field(
        default=None, description="Content-addressed (photo_path); None without a photo."
    )
    published_at: AwareDatetime
    updated_at: AwareDatetime


class EntryState(StrEnum):
    PUBLIC = "public"
    WITHDRAWN = "withdrawn"


class PublicEntry(Frozen):
    """The value of ``perfil.<candidacy_id>``."""

    candidacy_id: str
    election_id: str
    state: EntryState
    sequence: int = Field(ge=1, description="The change that wrote it (the INE feed's number).")
    profile: PublicProfile | None = Field(default=None, description="None once withdrawn.")
    withdrawn_at: AwareDatetime | None = None


class PublicElection(Frozen):
    """The value of ``eleccion.<election_id>``: what the portal's filters and labels
    need. ``started``: the publication start date has passed (001 §14)."""

    election_id: str
    name: str
    institute: str | None
    time_zone: str
    publication_starts: str | None = Field(description="ISO date; None: not set yet.")
    started: bool
    offices: list[CatalogueEntry]
    districts: list[CatalogueEntry]
    municipalities: list[CatalogueEntry]
    parties: list[PartyInfo]
    coalitions: list[CoalitionInfo]
    shows_action_type: bool = Field(description="The profile shows the action's type.")
    sequence: int = Field(ge=1)


class PhotoRef(Frozen):
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
