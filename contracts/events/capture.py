"""Events the capture service publishes about the election and its candidacies.

Defined before capture exists so that accounts (and audit's transparency view) can
consume them: a candidacy's registration creates its candidate account, a withdrawal
(substitution or cancellation, 000 §3.14) revokes it.
"""

from enum import StrEnum
from typing import Any

from pydantic import AwareDatetime, BaseModel, Field

from contracts.catalog import EventSpec, register
from contracts.services import ServiceName


class PartyInfo(BaseModel):
    id: str = Field(min_length=1, max_length=60)
    name: str = Field(min_length=1, max_length=200)
    acronym: str = Field(min_length=1, max_length=20)


class AccountRules(BaseModel):
    """The profile's knobs that shape accounts (domain/profiles.md, "account model")."""

    party_admin_accounts: bool = Field(
        default=False,
        description="One admin account per party and per independent candidacy that "
        "creates and revokes its own sub-accounts (004 §10-13).",
    )
    credentials_delivery_days: int | None = Field(
        default=None,
        ge=1,
        description="Days after a candidacy's approval within which its accounts must be "
        "delivered (002 §II.A: 3); None when the procedure sets no deadline.",
    )


class ElectionConfigured(BaseModel):
    election_id: str = Field(min_length=1, max_length=60)
    name: str = Field(min_length=1, max_length=200)
    time_zone: str = Field(description="IANA time zone of the institute.")
    accounts: AccountRules = Field(default_factory=AccountRules)
    parties: list[PartyInfo] = Field(default_factory=list)
    profile: str | None = Field(default=None, description="The institute profile's name.")


class CandidacyRegistered(BaseModel):
    election_id: str
    candidacy_id: str = Field(min_length=1, max_length=60)
    capturing_party_id: str | None = Field(
        description="The party that captures it (for a coalition, the one the agreement "
        "names, 000 §3.13); None for an independent candidacy."
    )
    owner_name: str = Field(description="The owner (propietaria) of the formula.")
    office: str
    approved_at: AwareDatetime
    replaces: str | None = Field(default=None, description="The candidacy it substitutes.")

    @property
    def independent(self) -> bool:
        return self.capturing_party_id is None


class WithdrawalReason(StrEnum):
    SUBSTITUTED = "substituted"
    CANCELLED = "cancelled"


class CandidacyWithdrawn(BaseModel):
    election_id: str
    candidacy_id: str
    reason: WithdrawalReason
    replaced_by: str | None = None


ELECTION_CONFIGURED = register(
    EventSpec(
        event_type="election.configured",
        version=1,
        producer=ServiceName.CAPTURE,
        data_model=ElectionConfigured,
        summary="Se configuró (o cambió) una elección: perfil de cuentas y partidos.",
    )
)
CANDIDACY_REGISTERED = register(
    EventSpec(
        event_type="candidacy.registered",
        version=1,
        producer=ServiceName.CAPTURE,
        data_model=CandidacyRegistered,
        summary="Se registró una candidatura (o la sustituta de otra).",
    )
)
CANDIDACY_WITHDRAWN = register(
    EventSpec(
        event_type="candidacy.withdrawn",
        version=1,
        producer=ServiceName.CAPTURE,
        data_model=CandidacyWithdrawn,
        summary="Una candidatura fue sustituida o cancelada; su perfil sale de la vista pública.",
    )
)


class PublicProjection(BaseModel):
    """What of a validated candidacy may be public now: the formula's public data, the
    public curricular answers, and identity answers only where the rules allow (consent
    given — verified by the institute where the profile requires it — or an affirmative
    action, DESIGN §4)."""

    election_id: str
    candidacy_id: str
    formula: dict[str, Any]
    curricular: dict[str, Any]
    identity: dict[str, Any] = Field(default_factory=dict)
    affirmative_action: str | None = None


class CandidacyValidated(BaseModel):
    projection: PublicProjection


class ProjectionUpdated(BaseModel):
    projection: PublicProjection
    cause: str = Field(description="consent_verified, consent_revoked, …")


class ReviewRequested(BaseModel):
    """Moderation's private notice: a validated candidacy to screen, and a consent
    document to verify where the profile asks for it. Carries no identity answer."""

    election_id: str
    candidacy_id: str
    consent_document_sha256: str | None = None
    consent_needs_verification: bool = False


class ConsentDecision(BaseModel):
    election_id: str
    candidacy_id: str
    reason: str | None = None


CANDIDACY_VALIDATED = register(
    EventSpec(
        event_type="candidacy.validated",
        version=1,
        producer=ServiceName.CAPTURE,
        data_model=CandidacyValidated,
        summary="La supervisión (o la candidatura independiente) validó los cuestionarios: "
        "su proyección pública.",
    )
)
PROJECTION_UPDATED = register(
    EventSpec(
        event_type="candidacy.projection_updated",
        version=1,
        producer=ServiceName.CAPTURE,
        data_model=ProjectionUpdated,
        summary="Cambió lo que puede ser público de una candidatura validada.",
    )
)
REVIEW_REQUESTED = register(
    EventSpec(
        event_type="candidacy.review_requested",
        version=1,
        producer=ServiceName.CAPTURE,
        data_model=ReviewRequested,
        summary="Aviso privado a moderación: una candidatura validada por revisar.",
    )
)
CONSENT_VERIFIED = register(
    EventSpec(
        event_type="consent.verified",
        version=1,
        producer=ServiceName.MODERATION,
        data_model=ConsentDecision,
        summary="El Instituto verificó el consentimiento expreso de una candidatura (000 §3.9).",
    )
)
CONSENT_REJECTED = register(
    EventSpec(
        event_type="consent.rejected",
        version=1,
        producer=ServiceName.MODERATION,
        data_model=ConsentDecision,
        summary="El Instituto no aceptó el documento de consentimiento de una candidatura.",
    )
)


class CorrectionRequested(BaseModel):
    """A party's supervisor asks the institute to correct a submitted candidacy (000 §4.3)."""

    election_id: str
    candidacy_id: str
    fields: list[str]
    note: str


CORRECTION_REQUESTED = register(
    EventSpec(
        event_type="candidacy.correction_requested",
        version=1,
        producer=ServiceName.CAPTURE,
        data_model=CorrectionRequested,
        summary="La supervisión pidió al Instituto corregir una candidatura enviada (000 §4.3).",
    )
)
