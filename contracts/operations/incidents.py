"""Incidents' requests: reporting a failure, the bitácora, and working an incident."""

from contracts.incidents import (
    AddScreenshot,
    AssignIncident,
    FileReport,
    IncidentExport,
    IncidentList,
    IncidentQuery,
    IncidentRef,
    IncidentView,
    MoveIncident,
    NoteIncident,
    ScreenshotRef,
    ServerFailure,
)
from contracts.operations import Operation
from contracts.requests import Document, Empty
from contracts.services import ServiceName

S = ServiceName.INCIDENTS

REPORT_FILE = Operation(S, "report.file", FileReport, IncidentView)
SERVER_FAILURE = Operation(S, "server_failure.note", ServerFailure, Empty)
INCIDENT_LIST = Operation(S, "incident.list", IncidentQuery, IncidentList)
INCIDENT_GET = Operation(S, "incident.get", IncidentRef, IncidentView)
INCIDENT_MOVE = Operation(S, "incident.move", MoveIncident, IncidentView)
INCIDENT_ASSIGN = Operation(S, "incident.assign", AssignIncident, IncidentView)
INCIDENT_NOTE = Operation(S, "incident.note", NoteIncident, IncidentView)
INCIDENT_EXPORT = Operation(S, "incident.export", IncidentExport, Document)
SCREENSHOT_ADD = Operation(S, "screenshot.add", AddScreenshot, IncidentView)
SCREENSHOT_GET = Operation(S, "screenshot.get", ScreenshotRef, Document)
