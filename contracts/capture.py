"""The capture service's contracts: the election an admin configures.

An election names its profile (contracts/profile.py) and holds what candidacies refer
to: offices, districts and municipalities, parties (name, acronym, emblem), coalitions
and common candidacies with the party that captures for them (000 §3.13),
affirmative-action types, the calendar and the time zone.
"""

import datetime as dt
from enum import StrEnum
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from contracts.errors import FieldProblem, Invalid
from contracts.events.capture import CorrectionOutcome, PartyInfo, Person
from contracts.form_input import FilledByForm
from contracts.questionnaires import (
    CURRICULAR,
    IDENTITY,
    MAX_LIST_ITEMS,
    Questionnaire,
    typed_cap,
)

Identifier = Field(min_length=1, max_length=60, pattern=r"^[a-z0-9][a-z0-9_-]*$")
Persona = Field(
    default=Person.OWNER,
    description="De qué persona de la fórmula: la propietaria (por omisión) o la suplente.",
)


class Named(BaseModel):
    id: str = Identifier
    name: str = Field(min_length=1, max_length=200)


class Office(Named):
    minimum_age: int | None = Field(
        default=None,
        ge=18,
        le=99,
        description="Años cumplidos que la ley pide el día de la elección; sin ella, no se "
        "comprueba la edad mínima.",
    )


class Party(PartyInfo):
    emblem_sha256: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")


class Coalition(Named):
    """A coalition or common candidacy: its parties, and the one that captures (000 §3.13)."""

    parties: list[str] = Field(min_length=2)
    capturing_party: str


class Calendar(BaseModel):
    publication_starts: dt.date
    election_day: dt.date | None = Field(
        default=None, description="La jornada electoral: el día en que se cuentan las edades."
    )
    non_working_days: list[dt.date] = Field(default_factory=list)
    change_requests_until: dt.date | None = Field(
        default=None,
        description="El último día en que se presentan solicitudes de cambio a lo publicado "
        "(el plazo de los Lineamientos); sin él, no hay plazo.",
    )
    campaigns_start: dt.date | None = Field(
        default=None,
        description="El inicio de las campañas electorales: los partidos designan a su "
        "supervisión antes de ese día.",  # 000 §4.1, 001 §24, 002 §II.B.1, 003 §23, 004 §24
    )


class ElectionConfig(BaseModel):
    election_id: str = Identifier
    name: str = Field(min_length=1, max_length=200)
    profile: str = Field(min_length=1, max_length=60, description="deploy/profiles/<name>.toml")
    time_zone: str | None = Field(default=None, description="By default, the profile's.")
    institute: str | None = Field(
        default=None,
        min_length=1,
        max_length=200,
        description="The institute's name on every document; by default, the profile's.",
    )
    offices: list[Office] = Field(min_length=1)
    districts: list[Named] = Field(default_factory=list)
    municipalities: list[Named] = Field(default_factory=list)
    parties: list[Party] = Field(min_length=1)
    coalitions: list[Coalition] = Field(default_factory=list)
    affirmative_actions: list[Named] = Field(default_factory=list)
    calendar: Calendar
    privacy_notice_version: str = Field(
        default="1", max_length=20, description="The privacy notice candidacies accept."
    )

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, zone: str | None) -> str | None:
        if zone is not None:
            try:
                ZoneInfo(zone)
            except (ZoneInfoNotFoundError, ValueError):
                raise Invalid(f"zona horaria desconocida: {zone}") from None
        return zone

    @model_validator(mode="after")
    def _references_hold(self) -> "ElectionConfig":
        for what, items in (
            ("oficinas", self.offices),
            ("distritos", self.districts),
            ("municipios", self.municipalities),
            ("partidos", self.parties),
            ("coaliciones", self.coalitions),
            ("acciones afirmativas", self.affirmative_actions),
        ):
            ids = [item.id for item in items]
            if len(ids) != len(set(ids)):
                raise Invalid(f"hay identificadores repetidos en {what}")
        parties = {party.id for party in self.parties}
        for coalition in self.coalitions:
            unknown = set(coalition.parties) - parties
            if unknown:
                raise Invalid(
                    f"la coalición {coalition.id} nombra partidos que no existen: "
                    f"{', '.join(sorted(unknown))}"
                )
            if coalition.capturing_party not in coalition.parties:
                raise Invalid(f"el partido que captura por {coalition.id} no es de la coalición")
        return self


class ElectionRef(BaseModel):
    election_id: str = Identifier


class Elections(BaseModel):
    elections: list[ElectionConfig]


class ImportFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"
    JSON = "json"


class UploadPurpose(StrEnum):
    """What an upload is for: capture authorises its first chunk by it, before storing a
    byte, and only the request of that purpose and target may take the file."""

    REGISTRY = "registry"  # target: the election (administration only)
    PRELOAD = "preload"  # target: the election (where its profile offers the pre-load)
    PHOTO = "photo"  # target: the candidacy (whoever may edit it now)
    CONSENT = "consent"  # target: the candidacy (whoever may edit it now)
    CHANGE_PHOTO = "change_photo"  # target: a validated candidacy (whoever may read it)


class UploadChunk(BaseModel):
    """A piece of a file on its way to a service (files may exceed one bus message)."""

    upload_id: str = Field(pattern=r"^[0-9a-f-]{36}$")
    purpose: UploadPurpose
    target: str = Field(min_length=1, max_length=60)  # the election or the candidacy
    index: int = Field(ge=0, le=1000)
    total: int = Field(ge=1, le=1000)
    content_base64: str = Field(max_length=6 * 1024 * 1024)


class RegistryImport(BaseModel):
    election_id: str = Identifier
    upload_id: str = Field(pattern=r"^[0-9a-f-]{36}$")
    format: ImportFormat


REGISTRY_COLUMN_LABELS = {
    "clave": "Clave",
    "cargo": "Cargo",
    "distrito": "Distrito",
    "municipio": "Municipio",
    "numero_lista": "Número de lista",
    "postulante_tipo": "Tipo de postulación",
    "postulante": "Partido o coalición",
    "calidad": "Calidad",
    "nombres": "Nombre(s)",
    "primer_apellido": "Primer apellido",
    "segundo_apellido": "Segundo apellido",
    "sobrenombre": "Sobrenombre",
    "sexo": "Sexo",
    "fecha_nacimiento": "Fecha de nacimiento",
    "accion_afirmativa": "Acción afirmativa",
    "estatus": "Estatus",
    "sustituye_a": "Sustituye a",
}
"""Each column of a registry file, by its code (what problems name) and as the template
heads it and a person reads it; a file may head a column with either, in any case, with
or without accents."""


class ImportReport(BaseModel):
    rows: int
    candidacies: int
    registered: int
    updated: int
    withdrawn: int
    unchanged: int
    normalised: list[str] = Field(
        default_factory=list,
        description="Lo que se interpretó al leer el archivo (codificación, separador, "
        "encabezados, fechas, valores), en español.",
    )


class QuestionnaireName(StrEnum):
    CURRICULAR = "curricular"
    IDENTITY = "identidad"


class QuestionnaireRef(BaseModel):
    candidacy_id: str = Field(min_length=1, max_length=60)
    cuestionario: QuestionnaireName
    persona: Person = Persona


def bounded_answers(questionnaire: Questionnaire, answers: dict[str, Any]) -> dict[str, Any]:
    """``answers``, if each is a field of ``questionnaire`` holding no more than a draft
    keeps (``typed_cap``); otherwise refused, before anything is stored."""
    fields = {spec.name: spec for spec in questionnaire.fields}
    for key, value in answers.items():
        spec = fields.get(key)
        if spec is None:
            shown = key if len(key) <= 60 else key[:60] + "…"
            raise Invalid(f"El campo «{shown}» no existe en el {questionnaire.title.lower()}.")
        items = value if isinstance(value, list) else [value]
        if len(items) > MAX_LIST_ITEMS:
            raise Invalid(f"«{spec.label}»: se guardan hasta {MAX_LIST_ITEMS} elementos.")
        cap = typed_cap(spec)
        if any(isinstance(item, str) and len(item) > cap for item in items):
            raise Invalid(f"«{spec.label}»: se guardan hasta {cap:,} caracteres por respuesta.")
    return answers


class QuestionnaireSave(QuestionnaireRef):
    respuestas: dict[str, Any] = Field(description="Only the fields being saved.")

    @field_validator("respuestas")
    @classmethod
    def _bounded(cls, answers: dict[str, Any], info: ValidationInfo) -> dict[str, Any]:
        """Only the questionnaire's own fields, and no more text than a draft keeps: an
        unknown or huge key, or a huge answer, is refused before anything is stored (the
        key would otherwise reach the record of saves and the activity log)."""
        name = info.data.get("cuestionario")
        if name is None:
            return answers  # already refused for the questionnaire's name
        questionnaire = CURRICULAR if name is QuestionnaireName.CURRICULAR else IDENTITY
        return bounded_answers(questionnaire, answers)


class SaveRecord(BaseModel):
    saved_at: dt.datetime
    saved_by: str
    fields: list[str]


class QuestionnaireView(BaseModel):
    candidacy_id: str
    cuestionario: QuestionnaireName
    persona: Person = Person.OWNER
    respuestas: dict[str, Any]
    completeness: dict[str, int]
    missing: list[str]
    problems: list[FieldProblem]
    saves: list[SaveRecord]
    editable: bool = Field(default=True, description="The caller may save it now.")
    not_editable: str | None = Field(
        default=None, description="Why the caller may not save it now, in Spanish."
    )


class CandidacyRef(BaseModel):
    candidacy_id: str = Field(min_length=1, max_length=60)


class PersonRef(CandidacyRef):
    """One person of a candidacy's formula: whose consent, whose photo."""

    persona: Person = Persona


class Submit(CandidacyRef):
    confirmar: bool = Field(default=False, description="Falso: solo muestra lo que falta.")


class SubmitPreview(BaseModel):
    candidacy_id: str
    submitted: bool
    missing: dict[str, list[str]]
    problems: dict[str, list[FieldProblem]]
    may_submit: bool = Field(default=True, description="Whether the caller may submit it now.")


class CorrectionRequest(CandidacyRef):
    campos: list[str] = Field(min_length=1, max_length=40)
    nota: str = Field(min_length=1, max_length=2000)

    @field_validator("campos")
    @classmethod
    def _known(cls, fields: list[str]) -> list[str]:
        """Only fields of the questionnaires: the institute is shown each one to correct."""
        unknown = [name[:60] for name in fields if questionnaire_of(name) is None]
        if unknown:
            raise Invalid(f"No existen en los cuestionarios: {', '.join(unknown[:5])}.")
        return sorted(set(fields))


class PartyWarning(CorrectionRequest):
    """The supervisor warns the party's capture (and the candidacy's own account) that
    the fields named are incomplete or do not follow the rules (002 §II.B.1.II)."""


class BlankConsentFormat(BaseModel):
    election_id: str | None = Field(
        default=None, min_length=1, max_length=60, description="By default, the latest."
    )


class WindowExtension(BaseModel):
    """The institute extends a capture window: one candidacy's, or every candidacy of a
    party in an election. ``hasta`` is the last day of capture, where the institute is."""

    election_id: str = Field(min_length=1, max_length=60)
    candidacy_id: str | None = Field(default=None, min_length=1, max_length=60)
    partido: str | None = Field(default=None, min_length=1, max_length=60)
    hasta: dt.date
    motivo: str = Field(min_length=10, max_length=1000)

    @model_validator(mode="after")
    def one_target(self) -> "WindowExtension":
        if (self.candidacy_id is None) == (self.partido is None):
            raise Invalid("indique una candidatura o un partido (uno de los dos)")
        return self


class WindowsExtended(BaseModel):
    candidacies: list[str] = Field(description="Whose window now closes at deadline_at.")
    deadline_at: dt.datetime


CAPTURE_STATUS_LABEL = {"draft": "borrador", "submitted": "enviada", "validated": "validada"}
"""Where a candidacy's questionnaires stand, as a person reads it."""


class CandidacySummary(BaseModel):
    candidacy_id: str
    election_id: str
    owner_name: str
    alternate_name: str | None = Field(
        default=None, description="The formula's alternate (suplente); None: it has none."
    )
    office: str
    capturing_party: str | None
    status: str
    capture_status: str = Field(description="draft, submitted or validated: a stable code.")
    capture_status_label: str = Field(description="The same, as a person reads it.")
    completeness: dict[str, dict[str, int]]
    deadline_at: dt.datetime | None = Field(description="When the capture window closes.")
    overdue: bool = Field(description="The window closed before the questionnaires were sent.")
    warns_party: bool = Field(
        default=False,
        description="The reader may warn the party's capture of this candidacy "
        "(the profile's supervisor_warns_party); said by the one candidacy's summary.",
    )
    asks_institute: bool = Field(
        default=False,
        description="The reader — the party's capture, the candidacy's own account or an "
        "independent — may ask the institute to correct these submitted questionnaires "
        "(002 §I.B.1.IX, §I.C.1.V); only in a candidacy's own summary.",
    )


PER_PAGE = 50
MAX_PER_PAGE = 200
Narrowing = Field(default=None, min_length=1, max_length=60, description="Su id.")


class CandidacyFilters(FilledByForm):
    """Which page of a list of candidacies, and what narrows it (each filter optional, a
    blank one the same as none). The principal's scope applies on top: a filter narrows
    what it may see, never widens it."""

    model_config = ConfigDict(str_strip_whitespace=True)

    pagina: int = Field(default=1, ge=1, le=100_000, description="Desde 1.")
    por_pagina: int = Field(default=PER_PAGE, ge=1, le=MAX_PER_PAGE)
    eleccion: str | None = Narrowing
    cargo: str | None = Narrowing
    distrito: str | None = Narrowing
    municipio: str | None = Narrowing
    partido: str | None = Field(
        default=None, min_length=1, max_length=60, description="El partido que captura."
    )
    estatus: Literal["registrada", "sustituida", "cancelada"] | None = Field(
        default=None, description="En el registro de candidaturas."
    )
    q: str | None = Field(
        default=None,
        max_length=120,
        description="Parte del nombre o de la clave, sin importar acentos ni mayúsculas.",
    )


class CandidacyQuery(CandidacyFilters):
    """The candidacy list's page and filters; ``estado``: where the questionnaires stand."""

    estado: Literal["draft", "submitted", "validated"] | None = Field(
        default=None, description="draft (borrador), submitted (enviada) o validated (validada)."
    )


class CandidacyList(BaseModel):
    candidacies: list[CandidacySummary]
    total: int = Field(description="Cuántas coinciden con los filtros, en todas las páginas.")
    pagina: int
    por_pagina: int
    paginas: int = Field(description="Cuántas páginas hay (0 si ninguna coincide).")


class Attach(PersonRef):
    """A file already uploaded in chunks, attached to a person of a candidacy."""

    upload_id: str = Field(pattern=r"^[0-9a-f-]{36}$")


class Attached(BaseModel):
    sha256: str
    media_type: str
    url: str


class FileRef(BaseModel):
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")


class PrivacyAcceptance(CandidacyRef):
    version: str = Field(min_length=1, max_length=20)


class TemplateRequest(BaseModel):
    election_id: str = Identifier
    formato: ImportFormat


class PreloadImport(BaseModel):
    election_id: str = Identifier
    upload_id: str = Field(pattern=r"^[0-9a-f-]{36}$")
    format: ImportFormat


class PreloadReport(BaseModel):
    rows: int
    candidacies: int


class StatisticsRequest(BaseModel):
    election_id: str = Identifier


SUPPRESSION_NOTE = (
    "Cada combinación de grupo, cargo, partido y sexo del proceso aparece, aunque sea cero. "
    "«menos de 5» reserva la cifra cuando menos de 5 personas respondieron «Sí» o menos de "
    "5 de esa combinación no lo hicieron; un cero se muestra igual. No se publican totales."
)


class AggregateCell(BaseModel):
    grupo: str
    cargo: str
    postulante: str
    sexo: str
    personas: int | None = Field(description="None: cifra reservada (véase la nota).")
    texto: str = Field(description="La cifra, o «menos de 5» si está reservada.")


class Aggregates(BaseModel):
    """A fixed grid (every combination of the election, zeros included) and no margins."""

    election_id: str
    minimum_cell: int
    note: str
    cells: list[AggregateCell]
    counted: list[Person] = Field(
        default_factory=lambda: [Person.OWNER],
        description="Whose answers the cells count: the owners' (by default), or the "
        "alternates' too; publication checks each cell against the same people.",
    )


class DataMatrix(BaseModel):
    election_id: str
    rows: list[dict[str, Any]]


class RegistryChangeKind(StrEnum):
    """What the registration system says happened to a candidacy (001 §14, 002 §II.C)."""

    REGISTRATION = "registro"
    SUBSTITUTION = "sustitucion"
    CANCELLATION = "cancelacion"
    CORRECTION = "correccion"


class RegistryPerson(BaseModel):
    """One person of a formula, with the person columns of a registry file's row."""

    nombres: str | None = None
    primer_apellido: str | None = None
    segundo_apellido: str | None = None
    sobrenombre: str | None = None
    sexo: str | None = Field(default=None, description="Mujer, Hombre o No binario.")
    fecha_nacimiento: str | None = Field(default=None, description="AAAA-MM-DD.")


class RegistryCandidacy(BaseModel):
    """A formula as the registration system sends it: the formula columns of a registry
    file's rows, and its persons. Capture checks it as it checks a file's rows, so a
    candidacy means the same whether it came by file or by the feed."""

    clave: str | None = None
    cargo: str | None = None
    distrito: str | None = None
    municipio: str | None = None
    numero_lista: int | None = None
    postulante_tipo: str | None = Field(
        default=None, description="partido, coalicion o independiente."
    )
    postulante: str | None = None
    accion_afirmativa: str | None = None
    sustituye_a: str | None = Field(
        default=None, description="En una sustitución: la clave sustituida."
    )
    propietaria: RegistryPerson
    suplente: RegistryPerson | None = None


class RegistryChangeBody(BaseModel):
    """One change of the registry, as the registration system sends it."""

    id: str = Field(
        min_length=1,
        max_length=100,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$",
        description="The change's own id: the same change sent again changes nothing.",
    )
    tipo: RegistryChangeKind
    candidatura: RegistryCandidacy


class RegistryChange(RegistryChangeBody):
    election_id: str = Identifier


class RegistryChangeResult(StrEnum):
    APPLIED = "aplicado"
    UNCHANGED = "sin_cambios"


class RegistryChangeReceipt(BaseModel):
    """What one change did; the same change sent again gets the same receipt."""

    id: str
    tipo: RegistryChangeKind
    candidatura: str = Field(description="The clave of the candidacy the change names.")
    resultado: RegistryChangeResult
    registradas: list[str] = Field(description="Candidacies registered, or their data updated.")
    retiradas: list[str] = Field(description="Candidacies withdrawn from public view.")


QUESTIONNAIRES: dict[QuestionnaireName, Questionnaire] = {
    QuestionnaireName.CURRICULAR: CURRICULAR,
    QuestionnaireName.IDENTITY: IDENTITY,
}


def questionnaire_of(field_name: str) -> QuestionnaireName | None:
    """The questionnaire a field belongs to (no field name is in both), or None."""
    for name, questionnaire in QUESTIONNAIRES.items():
        if any(spec.name == field_name for spec in questionnaire.fields):
            return name
    return None


CorrectionId = Field(pattern=r"^[0-9a-f-]{36}$")


class CorrectionRef(BaseModel):
    correction_id: str = CorrectionId


class CorrectionSummary(BaseModel):
    """A supervisor's request that the institute correct a submitted candidacy
    (000 §4.3), and the institute's decision once there is one."""

    correction_id: str
    candidacy_id: str
    election_id: str
    owner_name: str
    capturing_party: str | None
    campos: list[str] = Field(description="The fields the supervisor named.")
    nota: str = Field(description="What the supervisor wrote.")
    requested_by: str
    requested_at: dt.datetime
    decided_by: str | None = None
    decided_at: dt.datetime | None = None
    outcome: CorrectionOutcome | None = Field(default=None, description="None: pending.")
    motivo: str | None = Field(default=None, description="Why it was declined.")


class PendingCorrections(BaseModel):
    corrections: list[CorrectionSummary]


class CorrectedField(BaseModel):
    """A field a correction names, with its answer as saved now."""

    campo: str
    etiqueta: str
    cuestionario: QuestionnaireName
    valor: Any = Field(default=None, description="None: not answered.")


class CorrectionView(BaseModel):
    correction: CorrectionSummary
    fields: list[CorrectedField]


class CorrectionApply(CorrectionRef):
    """The institute's new answers for fields the request named (and no others)."""

    respuestas: dict[str, Any] = Field(min_length=1, max_length=40)

    @field_validator("respuestas")
    @classmethod
    def _bounded(cls, answers: dict[str, Any]) -> dict[str, Any]:
        for name in answers:
            if questionnaire_of(name) is None:
                shown = name if len(name) <= 60 else name[:60] + "…"
                raise Invalid(f"El campo «{shown}» no existe en los cuestionarios.")
        for name, part in cls.by_questionnaire(answers).items():
            bounded_answers(QUESTIONNAIRES[name], part)
        return answers

    @staticmethod
    def by_questionnaire(answers: dict[str, Any]) -> dict[QuestionnaireName, dict[str, Any]]:
        """The answers grouped by the questionnaire they belong to (unknown ones left out)."""
        grouped: dict[QuestionnaireName, dict[str, Any]] = {}
        for name, value in answers.items():
            questionnaire = questionnaire_of(name)
            if questionnaire is not None:
                grouped.setdefault(questionnaire, {})[name] = value
        return grouped


class CorrectionDecline(CorrectionRef):
    motivo: str = Field(min_length=10, max_length=1000)


# Completeness monitoring (000 §5.6, 002 §I.A.IX) ----------------------------------------


class Progress(StrEnum):
    """How far a live candidacy's questionnaires came, as the institute monitors it."""

    NOT_CAPTURED = "sin_captura"  # nothing saved yet
    INCOMPLETE = "incompleta"  # saved, with required answers still missing
    COMPLETE = "completa"  # every required answer saved, not sent yet
    SUBMITTED = "enviada"
    VALIDATED = "validada"


PROGRESS_LABEL: dict[Progress, str] = {
    Progress.NOT_CAPTURED: "Sin captura",
    Progress.INCOMPLETE: "Incompleta",
    Progress.COMPLETE: "Completa, sin enviar",
    Progress.SUBMITTED: "Enviada",
    Progress.VALIDATED: "Validada",
}


class LaggingCandidacy(BaseModel):
    """A candidacy not captured or incomplete: whom a completeness notice names."""

    candidacy_id: str
    owner_name: str
    progress: Progress
    completeness: dict[str, dict[str, int]] = Field(
        description="Per questionnaire, each section's percentage (empty: never saved)."
    )


class CompletenessGroup(BaseModel):
    """One party's candidacies for one office (or the independents' for it), counted by
    progress; ``lagging`` lists those not captured or incomplete."""

    capturing_party: str | None = Field(description="None: independent candidacies.")
    office: str
    total: int
    counts: dict[Progress, int] = Field(description="Every progress, zeros included.")
    lagging: list[LaggingCandidacy]


class CompletenessReport(BaseModel):
    election_id: str
    groups: list[CompletenessGroup] = Field(description="By party (independents last), office.")
