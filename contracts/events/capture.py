"""Events the capture service publishes about the election and its candidacies.

Defined before capture exists so that accounts (and audit's transparency view) can
consume them: a candidacy's registration creates its candidate account, a withdrawal
(substitution or cancellation, 000 §3.14) revokes it.
"""

from enum import StrEnum

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
