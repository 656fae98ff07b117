"""What moderation names: the prohibitions of Art. 18 that a flag or a decision cites,
and the kinds of automatic flag.

The prohibitions are those of ``002 §II.A.1`` I-VII (the same list in ``000 §3.15``,
``001 §22``, ``003 §21``, ``004 §22``; reference §1.3), and the photo rule of
reference §1.4. Their codes are stable: events, the activity log and the API carry them;
a person reads the label.
"""

from enum import StrEnum

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from contracts.form_input import FilledByForm
from contracts.formula import Person, person_of
from contracts.questionnaires import CURRICULAR, Publicity


class Prohibition(StrEnum):
    COPIED_PROPOSAL = "copia_propuestas"  # I: copy of other candidacies' proposals
    OFFENSIVE = "contenido_ofensivo"  # II: offensive or discriminatory content
    SEXIST_LANGUAGE = "lenguaje_sexista"  # III: sexist language, political violence
    OTHER_CANDIDACY_CONTENT = "informacion_otra_candidatura"  # IV: others' information
    MENTIONS = "menciones"  # V: mentions of other parties or candidacies
    RESTRICTED_BY_LAW = "contenido_restringido"  # VI: restricted by electoral law
    CAMPAIGN_SLOGANS = "lemas_campana"  # VII: campaign slogans or images
    PHOTO = "fotografia"  # reference §1.4: logos, other candidacies, religious images


PROHIBITION_LABEL: dict[Prohibition, str] = {
    Prohibition.COPIED_PROPOSAL: "Copia de las propuestas de otras candidaturas",
    Prohibition.OFFENSIVE: "Contenido ofensivo o discriminatorio",
    Prohibition.SEXIST_LANGUAGE: "Lenguaje sexista o que puede constituir violencia "
    "política contra las mujeres en razón de género",
    Prohibition.OTHER_CANDIDACY_CONTENT: "Información o imágenes de otra candidatura",
    Prohibition.MENTIONS: "Alusiones o menciones a otro partido político o candidatura",
    Prohibition.RESTRICTED_BY_LAW: "Contenido restringido por la legislación electoral",
    Prohibition.CAMPAIGN_SLOGANS: "Lemas, llamados al voto o imágenes de campaña",
    Prohibition.PHOTO: "Fotografía con logotipos, otras candidaturas, imágenes religiosas o lemas",
}
"""What a person reads for each prohibition (002 §II.A.1 I-VII; reference §1.4)."""


class FlagKind(StrEnum):
    """How the automatic screening found a hit: it orders the queue, never blocks."""

    LEXICON = "lexico"  # a word or phrase of the lexicon, or one of its inflections
    PARTY_MENTION = "mencion_partido"  # another party of the election's catalogue
    CANDIDACY_MENTION = "mencion_candidatura"  # another candidacy's person
    NEAR_DUPLICATE = "propuesta_similar"  # a proposal close to another candidacy's


FLAG_KIND_LABEL: dict[FlagKind, str] = {
    FlagKind.LEXICON: "Léxico",
    FlagKind.PARTY_MENTION: "Mención de otro partido",
    FlagKind.CANDIDACY_MENTION: "Mención de otra candidatura",
    FlagKind.NEAR_DUPLICATE: "Propuesta parecida a la de otra candidatura",
}


# The verifiers' queue and decisions (DESIGN §5) -------------------------------------

PUBLIC_CURRICULAR = {f.name: f.label for f in CURRICULAR.fields if f.publicity is Publicity.PUBLIC}
"""The public curricular fields a decision or a change request names, with their labels."""
WHOLE_PROFILE = "Perfil completo"


def field_label(field: str | None) -> str:
    """What a person reads for a field a decision names: its label, «Suplente: …» for the
    alternate's (``suplente.<campo>``), «Perfil completo» for None."""
    if field is None:
        return WHOLE_PROFILE
    person, name = person_of(field)
    label = PUBLIC_CURRICULAR.get(name, name)
    return label if person is Person.OWNER else f"Suplente: {label}"


PER_PAGE = 25
MAX_PER_PAGE = 200
Narrowing = Field(default=None, min_length=1, max_length=60, description="Su id.")


class ReviewStatus(StrEnum):
    PENDING = "pendiente"  # validated (or changed) since a verifier last looked
    REVIEWED = "revisada"  # a verifier decided on it, or found nothing to object
    RESTRICTED = "restringida"  # something of it is kept from publication now


class QueueFilters(FilledByForm):
    """Which page of an election's queue, and what narrows it (each filter optional, a
    blank one the same as none). The flagged come first, most flags first."""

    model_config = ConfigDict(str_strip_whitespace=True)

    eleccion: str = Field(min_length=1, max_length=60)
    pagina: int = Field(default=1, ge=1, le=100_000, description="Desde 1.")
    por_pagina: int = Field(default=PER_PAGE, ge=1, le=MAX_PER_PAGE)
    partido: str | None = Field(
        default=None, min_length=1, max_length=60, description="El partido que captura."
    )
    cargo: str | None = Field(default=None, min_length=1, max_length=200)
    distrito: str | None = Narrowing
    senal: FlagKind | None = Field(default=None, description="Un tipo de señal automática.")
    estado: ReviewStatus | None = None


class QueueItem(BaseModel):
    candidacy_id: str
    election_id: str
    owner_name: str
    office: str
    district: str | None
    municipality: str | None
    capturing_party: str | None = Field(description="None: an independent candidacy.")
    flag_count: int
    flag_kinds: list[FlagKind]
    status: ReviewStatus
    validated_at: AwareDatetime


class ReviewQueue(BaseModel):
    items: list[QueueItem]
    total: int = Field(description="Cuántas coinciden con los filtros, en todas las páginas.")
    pagina: int
    por_pagina: int
    paginas: int = Field(description="Cuántas páginas hay (0 si ninguna coincide).")


class ReviewRef(BaseModel):
    candidacy_id: str = Field(min_length=1, max_length=60)


class FlagView(BaseModel):
    kind: FlagKind
    prohibition: Prohibition
    field: str
    start: int
    end: int
    evidence: str
    detail: str
    other_candidacy_id: str | None


class DecisionView(BaseModel):
    decision_id: str
    field: str | None = Field(description="None: the whole profile.")
    disabled: bool = Field(description="True: kept from publication; False: enabled again.")
    prohibition: Prohibition | None
    note: str
    reverses: str | None = Field(description="The decision this one reverses.")
    decided_at: AwareDatetime
    in_force: bool = Field(description="No later decision reversed it.")


class CandidacyReview(BaseModel):
    """One candidacy as a verifier reviews it: its public text field by field, the photo,
    every flag with its span, and every decision with its history."""

    item: QueueItem
    texts: dict[str, str] = Field(
        description="Each answered public field's text: the owner's, then the alternate's "
        "named ``suplente.<campo>``."
    )
    photo_sha256: str | None
    alternate_name: str | None = Field(
        default=None, description="The alternate's name; None: no alternate's answers."
    )
    flags: list[FlagView]
    decisions: list[DecisionView]
    profile_disabled: bool
    disabled_fields: list[str]


DecisionNote = Field(
    min_length=10, max_length=2000, description="El motivo, como lo leerá el enlace."
)


class Decide(ReviewRef, FilledByForm):
    """Disable publication of one field (``campo``) or of the whole profile (no ``campo``),
    citing the prohibition and a note the party's liaison will read."""

    model_config = ConfigDict(str_strip_whitespace=True)

    campo: str | None = Field(default=None, min_length=1, max_length=60)
    prohibicion: Prohibition
    nota: str = DecisionNote


class Reverse(ReviewRef):
    """Reverse one decision in force, with the reason."""

    model_config = ConfigDict(str_strip_whitespace=True)

    decision_id: str = Field(min_length=1, max_length=60)
    motivo: str = DecisionNote


class Observations(BaseModel):
    """What the institute observed on the caller's own candidacies, with the history."""

    candidacies: list["ObservedCandidacy"]


class ObservedCandidacy(BaseModel):
    candidacy_id: str
    owner_name: str
    office: str
    profile_disabled: bool
    disabled_fields: list[str]
    decisions: list[DecisionView]


# The Cédula de Evaluación (001 §6; 004 §46-47; reference §3.2, §7.4) -----------------


class CedulaRef(BaseModel):
    """One person's Cédula of a candidacy: each of the formula is scored (004 §46)."""

    candidacy_id: str = Field(min_length=1, max_length=60)
    persona: Person = Field(default=Person.OWNER, description="De qué persona de la fórmula.")


class CedulaScore(CedulaRef):
    """The verifier's marks on one candidacy's Cédula: the variables ticked as met
    (``cumple``, their ids); every other variable the verifier scores is marked as not
    met — a form's unticked boxes are not sent. The mechanical ones are not the
    verifier's to mark."""

    cumple: list[str] = Field(default_factory=list, max_length=200)


class CedulaVariable(BaseModel):
    variable_id: str
    name: str
    description: str
    points: int = Field(description="The points it gives when met.")
    mechanical: bool = Field(description="True: scored from the answers by its rule.")
    rule: str | None = Field(description="The rule, in words, for a mechanical variable.")
    met: bool | None = Field(description="None: the verifier has not marked it yet.")
    gated: bool = Field(description="Not met because the rubro's first variable is not.")
    scored: int = Field(description="The points it gives now.")
    marked_by: str | None
    marked_at: AwareDatetime | None


class CedulaRubro(BaseModel):
    rubro_id: str
    title: str
    description: str
    max_points: int
    points: int
    variables: list[CedulaVariable]


class Cedula(BaseModel):
    """One candidacy's Cédula de Evaluación: each rubro with its variables, the automatic
    marks and the verifier's, the total and the percentage (total / maximum × 100)."""

    candidacy_id: str
    election_id: str
    owner_name: str
    persona: Person = Person.OWNER
    person_name: str = Field(default="", description="Whose Cédula: the person's name.")
    has_alternate: bool = Field(
        default=False, description="The formula has an alternate, with a Cédula of its own."
    )
    office: str
    capturing_party: str | None = Field(description="None: an independent candidacy.")
    party_name: str = Field(description="The party's name, or «Candidaturas independientes».")
    rubric: str = Field(description="The rubric's name (e.g. «IEEN 2024»).")
    rubros: list[CedulaRubro]
    total: int
    maximum: int
    percentage: float
    pending: int = Field(description="Variables the verifier still has to mark.")
    complete: bool
    scorings: int = Field(description="How many times a verifier scored it.")


class CedulaQuery(FilledByForm):
    """An election's Cédula results; ``partido`` narrows the candidacies listed (and an
    export) to the ones that party captures."""

    model_config = ConfigDict(str_strip_whitespace=True)

    eleccion: str = Field(min_length=1, max_length=60)
    partido: str | None = Field(default=None, min_length=1, max_length=60)


class PartyCedulas(BaseModel):
    """One party's results (``party`` None: the independent candidacies), over its
    complete Cédulas only."""

    party: str | None
    party_name: str
    candidacies: int = Field(
        description="The people of its validated candidacies: owners and alternates."
    )
    scored: int = Field(description="Those whose Cédula is complete.")
    average: float | None = Field(description="Average percentage; None when none scored.")
    lowest: float | None
    highest: float | None


class CandidacyCedula(BaseModel):
    """One person's Cédula of a candidacy, in the results' list."""

    candidacy_id: str
    owner_name: str
    persona: Person = Person.OWNER
    person_name: str = ""
    office: str
    capturing_party: str | None
    total: int
    percentage: float
    pending: int
    complete: bool


class CedulaResults(BaseModel):
    election_id: str
    rubric: str
    maximum: int
    parties: list[PartyCedulas]
    candidacies: list[CandidacyCedula] = Field(
        description="By owner, each owner then its alternate; of the party if named."
    )


class RubroAverage(BaseModel):
    rubro_id: str
    title: str
    max_points: int
    average: float | None = Field(description="Average points over complete Cédulas.")


class PartyQuality(BaseModel):
    """One party's curricular quality (004 §47; ``party`` None: the independent
    candidacies), counted in people — the owners and the alternates of its candidacies
    (004 §46): whether each met the capture and the average of their complete Cédulas per
    rubro and in total."""

    party: str | None
    party_name: str
    candidacies: int = Field(
        description="The people of its live candidacies: owners and the alternates known."
    )
    captured: int = Field(
        description="Those that met the capture: an owner of a validated candidacy, an "
        "alternate of one with answers of its own."
    )
    not_captured: int
    scored: int = Field(description="Those whose Cédula is complete.")
    rubros: list[RubroAverage]
    average_points: float | None
    average_percentage: float | None


class CedulaQuality(BaseModel):
    election_id: str
    rubric: str
    maximum: int
    parties: list[PartyQuality] = Field(description="By name, the independents last.")


class ExportFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


class CedulaExport(CedulaQuery):
    """The Cédulas of an election (of one party when named), one row a candidacy."""

    formato: ExportFormat


# Consent verification (000 §3.9; Zacatecas keeps the independents', 002 §II.B.3) --------


class ElectionOf(BaseModel):
    """Which election a queue or a tally is of."""

    election_id: str = Field(min_length=1, max_length=60)


class ConsentStatus(StrEnum):
    PENDING = "pendiente"  # uploaded, the institute has not acted on it yet
    VERIFIED = "verificado"  # verified (000 §3.9), or received and kept (002 §II.B.3)
    REJECTED = "rechazado"  # not accepted, with the reason


CONSENT_STATUS_LABEL: dict[ConsentStatus, str] = {
    ConsentStatus.PENDING: "Pendiente",
    ConsentStatus.VERIFIED: "Verificado",
    ConsentStatus.REJECTED: "Rechazado",
}


Whose = Field(default=Person.OWNER, description="De qué persona de la fórmula.")


class ConsentRef(ReviewRef):
    """One person's consent document of a candidacy: the owner's, or the alternate's."""

    persona: Person = Whose


class ConsentItem(BaseModel):
    """One person's signed consent document as the verifier sees it, beside the
    candidacy's name and whose it is (the owner's or the alternate's, verified apart)."""

    candidacy_id: str
    election_id: str
    owner_name: str
    persona: Person = Person.OWNER
    person_name: str = Field(
        default="", description="Whose document: the owner's or the alternate's name."
    )
    office: str
    capturing_party: str | None = Field(description="None: an independent candidacy.")
    document_sha256: str
    uploaded_at: AwareDatetime
    kept_by_institute: bool = Field(
        description="The institute receives and keeps it rather than verifying it "
        "(an independent's, 002 §II.B.3)."
    )
    status: ConsentStatus
    reason: str | None = Field(description="Why it was rejected.")
    decided_at: AwareDatetime | None


class ConsentQueue(BaseModel):
    """An election's consent documents: those awaiting the institute first, the oldest
    first; then those decided, the latest first."""

    election_id: str
    pending: list[ConsentItem]
    decided: list[ConsentItem]


class ConsentReject(ConsentRef):
    """Reject a consent document, with the reason the party's liaison reads."""

    model_config = ConfigDict(str_strip_whitespace=True)

    motivo: str = DecisionNote


# Authorisation before publication (002 §II.C) and review of what is published ----------


class AuthorisationItem(BaseModel):
    candidacy_id: str
    owner_name: str
    office: str
    district: str | None
    municipality: str | None
    capturing_party: str | None = Field(description="None: an independent candidacy.")
    validated_at: AwareDatetime
    authorised_at: AwareDatetime | None


class AuthorisationQueue(BaseModel):
    """The validated candidacies still awaiting the institute's authorisation, the oldest
    first. ``required``: this election's profile asks for it (002 §II.C); elsewhere the
    queue is empty and publication waits for nobody's authorisation."""

    election_id: str
    required: bool
    items: list[AuthorisationItem]


class CheckView(BaseModel):
    checked_at: AwareDatetime
    note: str


class PublishedItem(BaseModel):
    """A candidacy whose information is public (validated, authorised where the profile
    asks for it), with what the institute checked of it and when."""

    candidacy_id: str
    owner_name: str
    office: str
    capturing_party: str | None = Field(description="None: an independent candidacy.")
    validated_at: AwareDatetime
    authorised_at: AwareDatetime | None
    restricted: bool = Field(description="A decision keeps a field or the profile from view.")
    checks: list[CheckView] = Field(description="The latest first.")


class PublishedReview(BaseModel):
    """What is published, for the institute's review after publication (000 §5.6,
    001 §33, 003 §31, 004 §32); in Tabasco its own phase (004 §4.IV, §34). The not yet
    checked first."""

    election_id: str
    verification_phase: bool
    items: list[PublishedItem]


class CheckPublished(ReviewRef):
    """The verifier checked a published candidacy against the guidelines: what it checked."""

    model_config = ConfigDict(str_strip_whitespace=True)

    nota: str = Field(
        default="Se verificó que la información publicada cumple los Lineamientos.",
        min_length=5,
        max_length=2000,
    )


# Completeness monitoring (000 §5.6, 002 §I.A.IX) ----------------------------------------


class Remind(FilledByForm):
    """Tell one party's liaison (or one independent) that these candidacies are not
    captured or incomplete: one click, the standard text unless a note is given."""

    model_config = ConfigDict(str_strip_whitespace=True)

    election_id: str = Field(min_length=1, max_length=60)
    partido: str | None = Field(
        default=None, min_length=1, max_length=60, description="None: an independent."
    )
    candidaturas: list[str] = Field(min_length=1, max_length=500)
    nota: str | None = Field(default=None, min_length=10, max_length=2000)


class ReminderView(BaseModel):
    reminder_id: str
    election_id: str
    capturing_party: str | None
    candidacy_ids: list[str]
    note: str
    sent_at: AwareDatetime


class Reminders(BaseModel):
    """The notices an election's liaisons were sent, the latest first."""

    items: list[ReminderView]
