"""Events the moderation service publishes: the institute's word on a candidacy between
its party's validation and the public (DESIGN §5).

- ``consent.verified`` / ``consent.rejected``: the institute's decision on a consent
  document (000 §3.9); capture honours them in the public projection.
- ``moderation.decided``: a verifier disabled (or enabled again) the publication of one
  field or of the whole profile, citing a prohibition (002 §II.A.1); it carries the
  candidacy's restrictions as they stand after it, so that publication honours the
  latest whatever order it reads them in (``revision`` grows by one per decision), and
  accounts tells the party's liaison (000 §4.5).
- ``moderation.publication_authorised``: the institute authorised a validated
  candidacy's publication, where the profile asks for it (002 §II.C).
- ``moderation.completeness_reminded``: the institute asked a party's liaison to capture
  or complete candidacies (000 §5.6).

None carries an identity answer.
"""

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from contracts.catalog import EventSpec, register
from contracts.events.capture import Person
from contracts.moderation import Prohibition
from contracts.profile import ChangeRequestMode
from contracts.services import ServiceName


class ConsentDecision(BaseModel):
    model_config = ConfigDict(frozen=True)

    election_id: str
    candidacy_id: str
    reason: str | None = None
    document_sha256: str | None = Field(
        default=None,
        description="The document decided on: a decision on one that another has replaced "
        "since holds nothing for the new one (None: whichever is on file).",
    )
    persona: Person = Field(default=Person.OWNER, description="Whose consent of the formula.")


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


class Restrictions(BaseModel):
    """What of a candidacy may not be public, by the institute's decisions."""

    model_config = ConfigDict(frozen=True)

    profile_disabled: bool = Field(
        default=False, description="The whole profile is kept from publication."
    )
    disabled_fields: list[str] = Field(
        default_factory=list,
        description="Curricular fields kept from publication, sorted; the alternate's "
        "prefixed (``suplente.propuesta_1``, contracts/events/capture.py ``of_person``).",
    )
    revision: int = Field(default=0, ge=0, description="Grows by one with each decision.")


class ModerationDecided(BaseModel):
    """One decision of a verifier on one candidacy, and its restrictions after it."""

    model_config = ConfigDict(frozen=True)

    election_id: str
    candidacy_id: str
    capturing_party: str | None = Field(description="None: an independent candidacy.")
    decision_id: str
    field: str | None = Field(description="The field it concerns; None: the whole profile.")
    disabled: bool = Field(description="True: kept from publication; False: enabled again.")
    prohibition: Prohibition | None = Field(
        description="What it infringes (002 §II.A.1); None when enabled again."
    )
    note: str = Field(description="The verifier's reason, as the liaison reads it.")
    decided_at: AwareDatetime
    restrictions: Restrictions


MODERATION_DECIDED = register(
    EventSpec(
        event_type="moderation.decided",
        version=1,
        producer=ServiceName.MODERATION,
        data_model=ModerationDecided,
        summary="El Instituto deshabilitó (o volvió a habilitar) la publicación de un campo o "
        "de un perfil, con la prohibición y su motivo.",
    )
)


class PublicationAuthorised(BaseModel):
    """The institute authorised a validated candidacy's publication (002 §II.C: "una vez
    validados y autorizados por los PP … así como, por la Instancia Responsable"). Where
    the profile says ``publication.institute_authorises``, publication (a later issue)
    waits for this event before it shows the candidacy; elsewhere it waits for nobody's.
    Once given it holds: what is published can still be disabled by a decision
    (``moderation.decided``)."""

    model_config = ConfigDict(frozen=True)

    election_id: str
    candidacy_id: str
    authorised_at: AwareDatetime


PUBLICATION_AUTHORISED = register(
    EventSpec(
        event_type="moderation.publication_authorised",
        version=1,
        producer=ServiceName.MODERATION,
        data_model=PublicationAuthorised,
        summary="El Instituto autorizó publicar una candidatura validada (002 §II.C).",
    )
)


class CompletenessReminded(BaseModel):
    """The institute asked one party's liaison (or one independent) to capture or
    complete some candidacies (000 §5.6, 002 §I.A.IX)."""

    model_config = ConfigDict(frozen=True)

    election_id: str
    capturing_party: str | None = Field(description="None: an independent candidacy.")
    candidacy_ids: list[str] = Field(min_length=1)
    note: str


COMPLETENESS_REMINDED = register(
    EventSpec(
        event_type="moderation.completeness_reminded",
        version=1,
        producer=ServiceName.MODERATION,
        data_model=CompletenessReminded,
        summary="El Instituto pidió a un partido capturar o completar candidaturas.",
    )
)


class ChangeRequestFiled(BaseModel):
    """A party (or an independent) asked, once, to change its published candidacy
    (000 §5.4): the fields it names, and when the institute's decision is due. The admin
    hears of it at once. Curricular fields only: no identity answer travels here."""

    model_config = ConfigDict(frozen=True)

    election_id: str
    candidacy_id: str
    capturing_party: str | None = Field(description="None: an independent candidacy.")
    request_id: str
    fields: list[str]
    filed_by: str = Field(description="The filing account.")
    due_at: AwareDatetime


CHANGE_REQUEST_FILED = register(
    EventSpec(
        event_type="change_request.filed",
        version=1,
        producer=ServiceName.MODERATION,
        data_model=ChangeRequestFiled,
        summary="Un partido o una candidatura independiente presentó su única solicitud de "
        "cambio a la información publicada (000 §5.4).",
    )
)


class ChangeRequestDecided(BaseModel):
    """The admin approved or rejected a change request. Approved, capture applies the text
    (``changes``, where the institute applies it) or enables the named fields to the party
    (the profile's mode, 002 §II.C); rejected, the filer's side reads the reason."""

    model_config = ConfigDict(frozen=True)

    election_id: str
    candidacy_id: str
    capturing_party: str | None = Field(description="None: an independent candidacy.")
    request_id: str
    fields: list[str]
    approved: bool
    mode: ChangeRequestMode
    changes: dict[str, str] = Field(
        default_factory=dict,
        description="Field → the text the institute applies (approved, admin_applies only).",
    )
    reason: str | None = Field(default=None, description="Why it was rejected.")
    filed_by: str = Field(description="The filing account, which hears of the decision.")
    decided_at: AwareDatetime


CHANGE_REQUEST_DECIDED = register(
    EventSpec(
        event_type="change_request.decided",
        version=1,
        producer=ServiceName.MODERATION,
        data_model=ChangeRequestDecided,
        summary="El Instituto aprobó o rechazó, con su motivo, una solicitud de cambio.",
    )
)
