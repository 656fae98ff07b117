"""Wiring of the incidents service: its requests, event consumers, timers and migrations.

Reports by people and failures the system sees itself (dead-lettered events, server
errors), worked by support and due by the next business day (000 §6.2, 004 §36).
"""

from pathlib import Path

from contracts.services import ServiceName
from services.runtime.service_host import ServiceDefinition

definition = ServiceDefinition(
    name=ServiceName.INCIDENTS,
    migrations=Path(__file__).parent / "migrations",
)
