"""Incidents, the bitácora of technical failures (000 §6.2, 001 §36, 002 §II.D, 003 §34,
004 §36; DESIGN §7): what a person reports, what the system opens by itself, and how an
incident is shown to support, the admin and the person who reported it.

A report states when the failure happened, in which module, the kind of anomaly
(003 §34: «el tipo de anomalía presentada») and what failed; the gateway adds the trace
ids of the reporter's last requests, so support starts from what really happened. The
system opens incidents of its own for the failures it sees (an event a consumer gave up
on, a server error at the gateway), one per failure however often it repeats.
"""

from enum import StrEnum

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

TRACE_ID_PATTERN = r"^[0-9a-f]{32}$"
DESCRIPTION_MAX = 4_000
NOTE_MAX = 4_000
LINKED_TRACES_MAX = 20


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class IncidentStatus(StrEnum):
    RECEIVED = "received"
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"
    REPORTED_BACK = "reported_back"
    """The resolution was told to who reported it (000 §6.2: «resuelto … e informado»)."""


STATUS_LABEL: dict[IncidentStatus, str] = {
    IncidentStatus.RECEIVED: "Recibido",
    IncidentStatus.IN_PROGRESS: "En atención",
    IncidentStatus.RESOLVED: "Resuelto",
    IncidentStatus.REPORTED_BACK: "Resuelto e informado",
}


class IncidentSource(StrEnum):
    REPORT = "report"
    DEAD_LETTER = "dead_letter"
    SERVER_ERROR = "server_error"
    HEALTH_CHECK = "health_check"


SOURCE_LABEL: dict[IncidentSource, str] = {
    IncidentSource.REPORT: "Reporte de una persona",
    IncidentSource.DEAD_LETTER: "Evento no procesado",
    IncidentSource.SERVER_ERROR: "Error del servidor",
    IncidentSource.HEALTH_CHECK: "Servicio sin responder",
}


class Module(StrEnum):
    CAPTURE = "captura"
    VALIDATION = "validacion"
    MODERATION = "verificacion"
    PUBLICATION = "publicacion"
    PORTAL = "portal"
    OPEN_DATA = "datos_abiertos"
    ACCOUNTS = "cuentas"
    OTHER = "otro"


MODULE_LABEL: dict[Module, str] = {
    Module.CAPTURE: "Captura de cuestionarios",
    Module.VALIDATION: "Validación del partido",
    Module.MODERATION: "Verificación del Instituto",
    Module.PUBLICATION: "Publicación",
    Module.PORTAL: "Portal público",
    Module.OPEN_DATA: "Datos abiertos",
    Module.ACCOUNTS: "Cuentas y acceso",
    Module.OTHER: "Otro",
}


class AnomalyKind(StrEnum):
    """The kind of anomaly a report names (003 §34)."""

    ERROR_MESSAGE = "mensaje_de_error"
    NOT_SAVED = "no_guarda"
    NO_RESPONSE = "sin_respuesta"
    NO_ACCESS = "sin_acceso"
    WRONG_DATA = "datos_incorrectos"
    DISPLAY = "visualizacion"
    OTHER = "otra"


ANOMALY_LABEL: dict[AnomalyKind, str] = {
    AnomalyKind.ERROR_MESSAGE: "El sistema muestra un mensaje de error",
    AnomalyKind.NOT_SAVED: "La información no se guarda",
    AnomalyKind.NO_RESPONSE: "El sistema está lento o no responde",
    AnomalyKind.NO_ACCESS: "No puedo ingresar",
    AnomalyKind.WRONG_DATA: "La información se ve incorrecta o incompleta",
    AnomalyKind.DISPLAY: "La pantalla no se ve bien",
    AnomalyKind.OTHER: "Otra",
}


class LinkedTrace(Frozen):
    """A trace an incident points at: one of the reporter's last requests as the gateway
    saw it («POST /captura/{candidacy_id}», its status), or the event a consumer gave up
    on. ``conoceles trace`` and the console show its spans."""

    trace_id: str = Field(pattern=TRACE_ID_PATTERN)
    what: str = Field(
        max_length=300,
        description="The request's method and route template (never its query), or the event.",
    )
    status: int | None = Field(default=None, ge=100, le=599)
    failed: bool
    at: AwareDatetime


class FileReport(Frozen):
    """A person's report: when, where, what kind and what failed (000 §6.2: «la fecha,
    hora y falla»). ``on_behalf_of``: support files it for the account that reported it
    another way (the procedures receive reports by e-mail)."""

    happened_at: AwareDatetime
    module: Module
    anomaly: AnomalyKind
    description: str = Field(min_length=10, max_length=DESCRIPTION_MAX)
    on_behalf_of: str | None = Field(default=None, max_length=60)
    traces: list[LinkedTrace] = Field(default_factory=list, max_length=LINKED_TRACES_MAX)
    """Attached by the gateway: the reporter's last requests."""


class ServerFailure(Frozen):
    """A server error at the gateway: grouped by ``fingerprint`` (the route and the kind
    of exception), one incident counting its occurrences."""

    fingerprint: str = Field(min_length=1, max_length=200)
    route: str = Field(max_length=300)
    error: str = Field(max_length=200, description="The exception's class, never its text.")
    at: AwareDatetime
    trace: LinkedTrace | None = None
    """None for an anonymous public read the short way did not trace."""


class IncidentQuery(Frozen):
    status: IncidentStatus | None = None
    module: Module | None = None
    source: IncidentSource | None = None
    reporter: str | None = Field(default=None, max_length=60)
    since: AwareDatetime | None = None
    until: AwareDatetime | None = None
    page: int = Field(default=1, ge=1)
    per_page: int = Field(default=50, ge=1, le=500)


class LogFormat(StrEnum):
    CSV = "csv"
    PDF = "pdf"


class IncidentExport(Frozen):
    """The bitácora of a period, for the admin (004 §36: «consultado … y descargado») or
    for the report to the transparency commission (003 §34)."""

    format: LogFormat = LogFormat.CSV
    since: AwareDatetime
    until: AwareDatetime
    time_zone: str = Field(default="America/Mexico_City", max_length=60)
    """Where the report's moments are written."""


class IncidentRef(Frozen):
    incident_id: str = Field(min_length=1, max_length=60)


class MoveIncident(Frozen):
    """A step of the incident's lifecycle, with what support says of it (a resolution
    and what was told to the reporter must be said)."""

    incident_id: str = Field(min_length=1, max_length=60)
    to: IncidentStatus
    note: str | None = Field(default=None, max_length=NOTE_MAX)


class AssignIncident(Frozen):
    incident_id: str = Field(min_length=1, max_length=60)
    assignee: str = Field(min_length=1, max_length=60, description="A support account.")


class NoteIncident(Frozen):
    incident_id: str = Field(min_length=1, max_length=60)
    note: str = Field(min_length=1, max_length=NOTE_MAX)


SCREENSHOTS_PER_REPORT = 5
SCREENSHOT_MAX_BYTES = 5 * 1024 * 1024
SCREENSHOT_BASE64_MAX = 7_000_000
"""A 5 MB screenshot in base64 (the screenshot's own limit is checked on its bytes)."""


class AddScreenshot(Frozen):
    """One screenshot of a report (up to five), by the reporter or support."""

    incident_id: str = Field(min_length=1, max_length=60)
    content_base64: str = Field(min_length=1, max_length=SCREENSHOT_BASE64_MAX)


class ScreenshotRef(Frozen):
    incident_id: str = Field(min_length=1, max_length=60)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")


class ScreenshotInfo(Frozen):
    sha256: str
    media_type: str
    size: int
    at: AwareDatetime


class IncidentNote(Frozen):
    at: AwareDatetime
    author: str | None
    """The account that wrote it; None for the system."""
    text: str
    status_from: IncidentStatus | None = None
    status_to: IncidentStatus | None = None


class IncidentView(Frozen):
    incident_id: str
    folio: str
    """What people call it: «INC-000123»."""
    source: IncidentSource
    status: IncidentStatus
    module: Module
    anomaly: AnomalyKind | None
    description: str
    happened_at: AwareDatetime
    received_at: AwareDatetime
    reporter: str | None
    """The account that reported it (None: the system opened it)."""
    filed_by: str | None
    """Who filed it, when not the reporter (support, for a report received by e-mail)."""
    assignee: str | None
    due_at: AwareDatetime | None
    """None: «lo más pronto posible» (003 §34), no fixed day."""
    overdue: bool
    occurrences: int
    last_seen_at: AwareDatetime
    traces: list[LinkedTrace]
    notes: list[IncidentNote] = Field(default_factory=list)
    screenshots: list[ScreenshotInfo] = Field(default_factory=list)

    @property
    def status_label(self) -> str:
        return STATUS_LABEL[self.status]

    @property
    def source_label(self) -> str:
        return SOURCE_LABEL[self.source]

    @property
    def module_label(self) -> str:
        return MODULE_LABEL[self.module]

    @property
    def anomaly_label(self) -> str:
        return "" if self.anomaly is None else ANOMALY_LABEL[self.anomaly]


class IncidentList(Frozen):
    incidents: list[IncidentView]
    total: int
    page: int
    per_page: int
    reported_to_commission: bool = Field(
        default=False,
        description="The institute reports this bitácora to its transparency commission (003 §34).",
    )


def folio(number: int) -> str:
    return f"INC-{number:06d}"
