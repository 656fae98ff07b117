"""What moderation names: the prohibitions of Art. 18 that a flag or a decision cites,
and the kinds of automatic flag.

The prohibitions are those of ``002 §II.A.1`` I-VII (the same list in ``000 §3.15``,
``001 §22``, ``003 §21``, ``004 §22``; reference §1.3), and the photo rule of
reference §1.4. Their codes are stable: events, the activity log and the API carry them;
a person reads the label.
"""

from enum import StrEnum
from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator


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

PER_PAGE = 25
MAX_PER_PAGE = 200
Narrowing = Field(default=None, min_length=1, max_length=60, description="Su id.")


class ReviewStatus(StrEnum):
    PENDING = "pendiente"  # validated (or changed) since a verifier last looked
    REVIEWED = "revisada"  # a verifier decided on it, or found nothing to object
    RESTRICTED = "restringida"  # something of it is kept from publication now


class QueueFilters(BaseModel):
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

    @model_validator(mode="before")
    @classmethod
    def _blank_is_none(cls, sent: Any) -> Any:
        """A form sends every field, the ones left blank too."""
        if isinstance(sent, dict):
            return {k: v for k, v in sent.items() if not (isinstance(v, str) and not v.strip())}
        return sent


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
    texts: dict[str, str] = Field(description="Each answered public field's text.")
    photo_sha256: str | None
    flags: list[FlagView]
    decisions: list[DecisionView]
    profile_disabled: bool
    disabled_fields: list[str]


DecisionNote = Field(
    min_length=10, max_length=2000, description="El motivo, como lo leerá el enlace."
)


class Decide(ReviewRef):
    """Disable publication of one field (``campo``) or of the whole profile (no ``campo``),
    citing the prohibition and a note the party's liaison will read."""

    model_config = ConfigDict(str_strip_whitespace=True)

    campo: str | None = Field(default=None, min_length=1, max_length=60)
    prohibicion: Prohibition
    nota: str = DecisionNote

    @model_validator(mode="before")
    @classmethod
    def _blank_is_none(cls, sent: Any) -> Any:
        campo = sent.get("campo") if isinstance(sent, dict) else None
        if isinstance(campo, str) and not campo.strip():
            return {k: v for k, v in sent.items() if k != "campo"}
        return sent


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
