"""Events the capture service publishes about the election and its candidacies.

Defined before capture exists so that accounts (and audit's transparency view) can
consume them: a candidacy's registration creates its candidate account, a withdrawal
(substitution or cancellation, 000 §3.14) revokes it.
"""

from datetime import date
from enum import StrEnum
from typing import Annotated

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from contracts.catalog import EventSpec, register
from contracts.formula import ALTERNATE_PREFIX as ALTERNATE_PREFIX  # re-exported
from contracts.formula import Person as Person
from contracts.formula import of_person as of_person
from contracts.formula import person_of as person_of
from contracts.profile import InstituteProfile
from contracts.services import ServiceName


class PartyInfo(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str = Field(min_length=1, max_length=60)
    name: str = Field(min_length=1, max_length=200)
    acronym: str = Field(min_length=1, max_length=20)


class AccountRules(BaseModel):
    """The profile's knobs that shape accounts (domain/profiles.md, "account model")."""

    model_config = ConfigDict(frozen=True)

    candidacy_accounts: bool = Field(
        default=False,
        description="Each party candidacy gets an account of its own (001 §9, 002 §I.A.1.III).",
    )
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


class CatalogueEntry(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    name: str


class CoalitionInfo(CatalogueEntry):
    parties: list[str]
    capturing_party: str


class ElectionCatalogue(BaseModel):
    """What candidacies refer to, by id and name, and the calendar other services count
    business days and publication with."""

    model_config = ConfigDict(frozen=True)

    offices: list[CatalogueEntry] = Field(default_factory=list)
    districts: list[CatalogueEntry] = Field(default_factory=list)
    municipalities: list[CatalogueEntry] = Field(default_factory=list)
    coalitions: list[CoalitionInfo] = Field(default_factory=list)
    affirmative_actions: list[CatalogueEntry] = Field(
        default_factory=list, description="Their names, that a public profile shows (002 §II.C)."
    )
    publication_starts: date | None = None
    non_working_days: list[date] = Field(default_factory=list)
    change_requests_until: date | None = Field(
        default=None,
        description="The last day change requests may be filed (000 §5.4, 001 §32: the "
        "Lineamientos' period); None: no period.",
    )


class ElectionConfigured(BaseModel):
    model_config = ConfigDict(frozen=True)

    election_id: str = Field(min_length=1, max_length=60)
    name: str = Field(min_length=1, max_length=200)
    time_zone: str = Field(description="IANA time zone of the institute.")
    institute: str | None = Field(default=None, description="The institute's name.")
    accounts: AccountRules = Field(default_factory=AccountRules)
    parties: list[PartyInfo] = Field(default_factory=list)
    profile: str | None = Field(default=None, description="The institute profile's name.")
    rules: InstituteProfile | None = Field(
        default=None,
        description="The profile as the election was configured with it: the knobs other "
        "services read (moderation, publication). None in events older than it.",
    )
    catalogue: ElectionCatalogue = Field(default_factory=lambda: ElectionCatalogue())
    campaigns_start: date | None = Field(
        default=None,
        description="The calendar's start of the campaigns: parties designate their "
        "supervisor before it (000 §4.1). None where the calendar does not say.",
    )


class CandidacyRegistered(BaseModel):
    model_config = ConfigDict(frozen=True)

    election_id: str
    candidacy_id: str = Field(min_length=1, max_length=60)
    capturing_party_id: str | None = Field(
        description="The party that captures it (for a coalition, the one the agreement "
        "names, 000 §3.13); None for an independent candidacy."
    )
    owner_name: str = Field(description="The owner (propietaria) of the formula.")
    alternate_name: str | None = Field(
        default=None, description="The alternate (suplente) of the formula; None: none."
    )
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
    model_config = ConfigDict(frozen=True)

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


def _unanswered(value: object) -> bool:
    return value is None


Answer = Annotated[str | None, Field(exclude_if=_unanswered)]
"""One answer; left out of the JSON when it was not answered (or does not apply)."""
Answers = Annotated[list[str] | None, Field(exclude_if=_unanswered)]
"""A list answer; left out of the JSON when it was not answered."""


class PublicPerson(BaseModel):
    """What of a person of the formula is public: the name and sex, never the birth date."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    names: str
    first_surname: str
    second_surname: str | None
    nickname: str | None
    sex: str
    age: int | None = Field(
        default=None, description="Whole years on the day of the projection (reference §2.1)."
    )


class PublicFormula(BaseModel):
    """What of the registry's formula is public: every key present, null where empty."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str
    office: str
    district: str | None
    municipality: str | None
    list_position: int | None
    postulant_kind: str
    postulant: str | None
    status: str
    owner: PublicPerson
    alternate: PublicPerson | None


class PublicCurricular(BaseModel):
    """The curricular answers marked public (contracts/questionnaires.py, ``PUBLIC``),
    one field each; an unanswered one is absent from the JSON."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    fotografia: Answer = None
    facebook: Answer = None
    x_twitter: Answer = None
    youtube: Answer = None
    instagram: Answer = None
    tiktok: Answer = None
    otra_red: Answer = None
    pagina_web: Answer = None
    correos_publicos: Answers = None
    telefonos_publicos: Answers = None
    domicilios_casa_campana: Answers = None
    grado_maximo_estudios: Answer = None
    estatus_grado: Answer = None
    cursos: Answers = None
    historia_profesional_laboral: Answer = None
    trayectoria_politica: Answer = None
    motivo_cargo_publico: Answer = None
    propuesta_1: Answer = None
    propuesta_2: Answer = None
    propuesta_genero_grupo: Answer = None


class PublicIdentity(BaseModel):
    """The identity answers that may be public where the rules allow (``IF_CONSENTED``),
    one field each; an unanswered one, or one that does not apply, is absent. Answers
    meant for statistics have no field here: they never leave capture."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    indigena: Answer = None
    lengua_indigena: Answer = None
    pueblo_indigena: Answer = None
    discapacidad: Answer = None
    afromexicana: Answer = None
    lgbtttiq: Answer = None
    migrante: Answer = None
    entidad_nacimiento: Answer = None
    poblacion_joven: Answer = None
    persona_mayor: Answer = None

    def any_answer(self) -> bool:
        """Whether any identity answer is public."""
        return bool(self.model_dump())


class PublicProjection(BaseModel):
    """What of a validated candidacy may be public now: the formula's public data, the
    public curricular answers, and identity answers only where the rules allow (consent
    given — verified by the institute where the profile requires it — or an affirmative
    action where the profile makes it public, DESIGN §4). ``affirmative_action``: the
    action's type, only where the profile shows it (002 §II.C)."""

    model_config = ConfigDict(frozen=True)

    election_id: str
    candidacy_id: str
    formula: PublicFormula
    curricular: PublicCurricular
    identity: PublicIdentity = Field(default_factory=PublicIdentity)
    affirmative_action: str | None = None
    identity_by_consent: bool = Field(
        default=False,
        description="The identity answers are public because consent was given (verified "
        "where the profile requires it); False: public only as an affirmative action "
        "(001 §19), or none public.",
    )
    alternate_curricular: PublicCurricular | None = Field(
        default=None,
        description="The alternate's public curricular answers (001 §3.III-V); None: the "
        "formula has no alternate.",
    )
    alternate_identity: PublicIdentity = Field(
        default_factory=PublicIdentity,
        description="The alternate's identity answers, by the same rules and the "
        "alternate's own consent.",
    )
    alternate_identity_by_consent: bool = False


class CandidacyValidated(BaseModel):
    model_config = ConfigDict(frozen=True)

    projection: PublicProjection
    capturing_party: str | None = Field(
        default=None, description="The party that captures it; None: an independent candidacy."
    )


class ProjectionUpdated(BaseModel):
    model_config = ConfigDict(frozen=True)

    projection: PublicProjection
    cause: str = Field(description="consent_verified, consent_revoked, …")


class ReviewRequested(BaseModel):
    """Moderation's private notice: a validated candidacy to screen, and a consent
    document to verify where the profile asks for it. Carries no identity answer."""

    model_config = ConfigDict(frozen=True)

    election_id: str
    candidacy_id: str
    consent_document_sha256: str | None = None
    consent_needs_verification: bool = False
    consent_kept_by_institute: bool = Field(
        default=False,
        description="The institute receives and keeps the document rather than verifying "
        "it (an independent's, 002 §II.B.3).",
    )
    alternate_consent_document_sha256: str | None = Field(
        default=None, description="The alternate's own consent document, where there is one."
    )


class CandidacySubmitted(BaseModel):
    """The one chance was taken: the questionnaires await the supervisor's validation."""

    model_config = ConfigDict(frozen=True)

    election_id: str
    candidacy_id: str


CANDIDACY_SUBMITTED = register(
    EventSpec(
        event_type="candidacy.submitted",
        version=1,
        producer=ServiceName.CAPTURE,
        data_model=CandidacySubmitted,
        summary="Se enviaron los cuestionarios de una candidatura (su única oportunidad).",
    )
)


class SupervisorEdited(BaseModel):
    """The supervisor changed a submitted candidacy's answers, co-responsibly: the party
    is warned (002 §II.B.1). Field names only, never values."""

    model_config = ConfigDict(frozen=True)

    election_id: str
    candidacy_id: str
    questionnaire: str
    fields: list[str]


SUPERVISOR_EDITED = register(
    EventSpec(
        event_type="candidacy.supervisor_edited",
        version=1,
        producer=ServiceName.CAPTURE,
        data_model=SupervisorEdited,
        summary="La supervisión modificó respuestas de una candidatura enviada (solo campos).",
    )
)


class PartyWarned(BaseModel):
    """The supervisor warned the party's capture and the candidacy that the fields named
    are incomplete or do not follow the rules (002 §II.B.1.II). Field names and the
    supervisor's note, never answers."""

    model_config = ConfigDict(frozen=True)

    election_id: str
    candidacy_id: str
    capturing_party: str | None = Field(description="None: an independent candidacy.")
    fields: list[str]
    note: str


PARTY_WARNED = register(
    EventSpec(
        event_type="candidacy.party_warned",
        version=1,
        producer=ServiceName.CAPTURE,
        data_model=PartyWarned,
        summary="La supervisión advirtió a la captura del partido de campos incompletos o "
        "que no se apegan a las reglas.",
    )
)
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


class CorrectionRequested(BaseModel):
    """A party's supervisor asks the institute to correct a submitted candidacy (000 §4.3)."""

    model_config = ConfigDict(frozen=True)

    election_id: str
    candidacy_id: str
    fields: list[str]
    note: str


class WindowExtended(BaseModel):
    """The institute extended the capture window of some candidacies of one party (or of
    one independent candidacy), with its reason: their people are told."""

    model_config = ConfigDict(frozen=True)

    election_id: str
    capturing_party: str | None = Field(description="None: an independent candidacy.")
    candidacy_ids: list[str]
    deadline_at: AwareDatetime
    reason: str


WINDOW_EXTENDED = register(
    EventSpec(
        event_type="candidacy.window_extended",
        version=1,
        producer=ServiceName.CAPTURE,
        data_model=WindowExtended,
        summary="El Instituto amplió el plazo de captura de candidaturas, con su motivo.",
    )
)
CORRECTION_REQUESTED = register(
    EventSpec(
        event_type="candidacy.correction_requested",
        version=1,
        producer=ServiceName.CAPTURE,
        data_model=CorrectionRequested,
        summary="La supervisión pidió al Instituto corregir una candidatura enviada (000 §4.3).",
    )
)


class CorrectionOutcome(StrEnum):
    APPLIED = "applied"  # the institute changed the named fields
    DECLINED = "declined"  # the institute did not, and says why


class CorrectionDecided(BaseModel):
    """The institute decided a supervisor's correction request (000 §4.3): it applied it,
    or declined it with its reason. The party's people and the candidacy hear of it."""

    model_config = ConfigDict(frozen=True)

    election_id: str
    candidacy_id: str
    capturing_party: str | None = Field(description="None: an independent candidacy.")
    correction_id: str
    fields: list[str]
    outcome: CorrectionOutcome
    reason: str | None = Field(default=None, description="Why it was declined.")


CORRECTION_DECIDED = register(
    EventSpec(
        event_type="candidacy.correction_decided",
        version=1,
        producer=ServiceName.CAPTURE,
        data_model=CorrectionDecided,
        summary="El Instituto aplicó o rechazó, con su motivo, una corrección pedida por la "
        "supervisión.",
    )
)


class ConsentUploaded(BaseModel):
    """A signed consent document was attached to a candidacy, before or after its
    validation: where the institute acts on it (``needs_verification``: it verifies it,
    000 §3.9, or receives and keeps it, ``kept_by_institute``, 002 §II.B.3), it joins the
    verifiers' consent queue, and whatever was said of an earlier document no longer
    holds. Carries the document's address, never an identity answer."""

    model_config = ConfigDict(frozen=True)

    election_id: str
    candidacy_id: str
    document_sha256: str
    uploaded_at: AwareDatetime
    needs_verification: bool
    kept_by_institute: bool = False
    persona: Person = Field(default=Person.OWNER, description="Whose consent of the formula.")


CONSENT_UPLOADED = register(
    EventSpec(
        event_type="consent.uploaded",
        version=1,
        producer=ServiceName.CAPTURE,
        data_model=ConsentUploaded,
        summary="Se cargó el documento de consentimiento expreso de una candidatura.",
    )
)


# Change requests to a published candidacy (000 §5.4, 002 §II.C): moderation owns the
# request (contracts/events/moderation.py), capture applies what the admin approved.


class ChangeWindowOpened(BaseModel):
    """The fields an approved change request named are open to the party until
    ``closes_at``, to re-capture and validate again (001 §32, 002 §II.C)."""

    model_config = ConfigDict(frozen=True)

    election_id: str
    candidacy_id: str
    capturing_party: str | None = Field(description="None: an independent candidacy.")
    request_id: str
    fields: list[str]
    filed_by: str = Field(description="The account that filed the request: it hears of it.")
    closes_at: AwareDatetime


CHANGE_WINDOW_OPENED = register(
    EventSpec(
        event_type="candidacy.change_window_opened",
        version=1,
        producer=ServiceName.CAPTURE,
        data_model=ChangeWindowOpened,
        summary="Se habilitaron al partido los campos de una solicitud de cambio aprobada, "
        "hasta el cierre que se indica.",
    )
)


class ChangeOutcome(StrEnum):
    APPLIED = "applied"  # the new text is in the candidacy's public projection
    LAPSED = "lapsed"  # the window closed with nothing validated: nothing changed
    NOT_APPLIED = "not_applied"  # the approved text did not pass the questionnaire's checks


class ChangeCompleted(BaseModel):
    """Capture is done with an approved change request: applied (by the institute, or
    re-captured and validated by the party), or its window closed unused."""

    model_config = ConfigDict(frozen=True)

    election_id: str
    candidacy_id: str
    capturing_party: str | None = Field(description="None: an independent candidacy.")
    request_id: str
    fields: list[str]
    outcome: ChangeOutcome
    reason: str | None = Field(default=None, description="Why it was not applied.")
    filed_by: str = Field(description="The account that filed the request: it hears of it.")
    completed_at: AwareDatetime


CHANGE_COMPLETED = register(
    EventSpec(
        event_type="candidacy.change_completed",
        version=1,
        producer=ServiceName.CAPTURE,
        data_model=ChangeCompleted,
        summary="Se aplicó el cambio aprobado a una candidatura publicada, o se cerraron sin "
        "cambios los campos habilitados.",
    )
)


class PhotoValidated(BaseModel):
    """The photo of a validated candidacy, for publication to serve at its
    content-addressed URL: sent with every validation whose curricular answers name a
    photo, so that the public read model is fed by events alone."""

    model_config = ConfigDict(frozen=True)

    election_id: str
    candidacy_id: str
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    media_type: str
    content_base64: str


PHOTO_VALIDATED = register(
    EventSpec(
        event_type="photo.validated",
        version=1,
        producer=ServiceName.CAPTURE,
        data_model=PhotoValidated,
        summary="La fotografía de una candidatura validada, para publicarla.",
    )
)
