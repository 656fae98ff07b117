"""Events the incidents service publishes (DESIGN §7): an incident opened, and each step
of its lifecycle. Accounts hears them to tell the reporter and the admin (000 §6.2:
«resuelto … e informado»). They name the incident and its people, never what the report
says (a description is a person's words; it stays in the bitácora)."""

from pydantic import AwareDatetime, BaseModel, ConfigDict

from contracts.catalog import EventSpec, register
from contracts.incidents import IncidentSource, IncidentStatus, Module
from contracts.services import ServiceName


class IncidentOpened(BaseModel):
    model_config = ConfigDict(frozen=True)

    incident_id: str
    folio: str
    source: IncidentSource
    module: Module
    reporter: str | None
    filed_by: str | None
    due_at: AwareDatetime | None
    time_zone: str
    """Where the institute is: the due day is said as its day there."""


INCIDENT_OPENED = register(
    EventSpec(
        event_type="incident.opened",
        version=1,
        producer=ServiceName.INCIDENTS,
        data_model=IncidentOpened,
        summary="Se abrió un incidente en la bitácora: un reporte o una falla que el "
        "sistema vio (000 §6.2).",
    )
)


class IncidentMoved(BaseModel):
    model_config = ConfigDict(frozen=True)

    incident_id: str
    folio: str
    status_from: IncidentStatus
    status_to: IncidentStatus
    reporter: str | None
    assignee: str | None
    by: str
    """The support or admin account that moved it."""


INCIDENT_MOVED = register(
    EventSpec(
        event_type="incident.moved",
        version=1,
        producer=ServiceName.INCIDENTS,
        data_model=IncidentMoved,
        summary="Un incidente cambió de estado (recibido, en atención, resuelto, informado).",
    )
)


class IncidentAssigned(BaseModel):
    model_config = ConfigDict(frozen=True)

    incident_id: str
    folio: str
    assignee: str
    by: str


INCIDENT_ASSIGNED = register(
    EventSpec(
        event_type="incident.assigned",
        version=1,
        producer=ServiceName.INCIDENTS,
        data_model=IncidentAssigned,
        summary="Un incidente se asignó a una cuenta de soporte.",
    )
)


class IncidentOverdue(BaseModel):
    model_config = ConfigDict(frozen=True)

    incident_id: str
    folio: str
    due_at: AwareDatetime
    assignee: str | None
    time_zone: str


INCIDENT_OVERDUE = register(
    EventSpec(
        event_type="incident.overdue",
        version=1,
        producer=ServiceName.INCIDENTS,
        data_model=IncidentOverdue,
        summary="Un incidente venció sin resolverse (a más tardar el día hábil siguiente a "
        "su recepción, 000 §6.2).",
    )
)
