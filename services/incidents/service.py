"""Wiring of the incidents service: its requests, event consumers, timers and migrations.

Reports by people and failures the system sees itself (dead-lettered events, server
errors), worked by support and due by the next business day (000 §6.2, 004 §36).
"""

from pathlib import Path

from contracts.operations import incidents as operations
from contracts.services import ServiceName
from services.incidents.consumers import CONSUMERS
from services.incidents.handlers import incident_log
from services.incidents.timers import TIMERS
from services.runtime.requests import RequestRoute
from services.runtime.service_host import ServiceDefinition

definition = ServiceDefinition(
    name=ServiceName.INCIDENTS,
    migrations=Path(__file__).parent / "migrations",
    requests=[
        RequestRoute(operations.REPORT_FILE, incident_log.file_report),
        RequestRoute(operations.SERVER_FAILURE, incident_log.server_failure),
        RequestRoute(operations.INCIDENT_LIST, incident_log.listing),
        RequestRoute(operations.INCIDENT_GET, incident_log.get),
        RequestRoute(operations.INCIDENT_MOVE, incident_log.move),
        RequestRoute(operations.INCIDENT_ASSIGN, incident_log.assign),
        RequestRoute(operations.INCIDENT_NOTE, incident_log.note),
        RequestRoute(operations.INCIDENT_EXPORT, incident_log.export),
        RequestRoute(operations.SCREENSHOT_ADD, incident_log.add_screenshot),
        RequestRoute(operations.SCREENSHOT_GET, incident_log.screenshot),
    ],
    consumers=CONSUMERS,
    timers=TIMERS,
)
