"""Events the publication service publishes: every change of what the public sees, on
its own stream, for INE (000 §5.2, 001 §29, 003 §28, 004 §29) and for the gateway's
copy of the public documents.

- ``profile.published``: a profile became public (validated, authorised where the
  profile asks for it, the publication start date passed, not disabled);
- ``profile.updated``: a public profile changed (a field disabled or enabled, a consent
  verified or revoked, a change request applied);
- ``profile.withdrawn``: a public profile left public view (a substitution, a
  cancellation, moderation disabled it whole).

Each carries only public data, numbered in one gap-free order (``sequence``, the INE
feed's ``desde``), signed with the institute's Ed25519 publication key: ``signature`` is
over the RFC 8785 canonical JSON of every other field, and the public key is served
(``GET /api/v1/publico/llave-publicacion``). Where the profile says so (003 §28), the
identity answers of a candidacy without consent never reach them.
"""

from enum import StrEnum

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from contracts.catalog import EventSpec, register
from contracts.events.capture import PublicCurricular, PublicFormula, PublicIdentity
from contracts.services import ServiceName


class PublicProfile(BaseModel):
    """One candidacy's public profile, exactly as the public API answers it: the
    formula (owner and alternate), every public curricular answer of each person that
    moderation has not disabled (a disabled or unanswered field is absent), identity
    answers only where the rules allow (DESIGN §4), the action's type where the profile
    shows it (002 §II.C). What the public bucket's ``perfil.<id>`` holds
    (contracts/publication.py) and what each change event carries."""

    model_config = ConfigDict(frozen=True, extra="forbid")

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
    alternate_curricular: PublicCurricular | None = Field(
        default=None,
        description="The alternate's public curricular answers, by the same rules as the "
        "owner's (001 §3.III-V); None: the formula has no alternate.",
    )
    alternate_identity: PublicIdentity = Field(
        default_factory=PublicIdentity,
        description="The alternate's identity answers where the rules allow, by the "
        "alternate's own consent (for INE, under consent-only replication, only then).",
    )
    alternate_photo_url: str | None = Field(
        default=None, description="The alternate's photo, content-addressed; None without one."
    )
    published_at: AwareDatetime
    updated_at: AwareDatetime


class ChangeKind(StrEnum):
    PUBLISHED = "published"
    UPDATED = "updated"
    WITHDRAWN = "withdrawn"


class WithdrawalCause(StrEnum):
    SUBSTITUTED = "substituted"
    CANCELLED = "cancelled"
    DISABLED = "disabled"  # moderation kept the whole profile from publication


class ProfileChanged(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    sequence: int = Field(ge=1, description="Gap-free order of every change (the feed's).")
    kind: ChangeKind
    election_id: str
    candidacy_id: str
    changed_at: AwareDatetime
    profile: PublicProfile | None = Field(description="What is public now; None: withdrawn.")
    cause: WithdrawalCause | None = Field(default=None, description="Why it was withdrawn.")
    key_id: str = Field(description="Which publication key signed it (its fingerprint).")
    signature: str = Field(description="Base64 Ed25519 signature (see the module docstring).")


def _spec(event_type: str, summary: str) -> EventSpec:
    return register(
        EventSpec(
            event_type=event_type,
            version=1,
            producer=ServiceName.PUBLICATION,
            data_model=ProfileChanged,
            summary=summary,
        )
    )


PROFILE_PUBLISHED = _spec("profile.published", "Un perfil se hizo público.")
PROFILE_UPDATED = _spec("profile.updated", "Cambió lo público de un perfil.")
PROFILE_WITHDRAWN = _spec("profile.withdrawn", "Un perfil salió de la vista pública.")
SPEC_OF_KIND = {
    ChangeKind.PUBLISHED: PROFILE_PUBLISHED,
    ChangeKind.UPDATED: PROFILE_UPDATED,
    ChangeKind.WITHDRAWN: PROFILE_WITHDRAWN,
}
