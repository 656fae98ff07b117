"""Wiring of the capture service: its requests, event consumers, timers and migrations.

The election and its profile, the candidacy registry, the curricular and identity
questionnaires (two stores, 001 §5), one-chance submission (000 §3.16), party-side
validation and the capture windows (000 §3.2, §3.14).
"""

from pathlib import Path

from contracts.services import ServiceName
from services.runtime.service_host import ServiceDefinition

definition = ServiceDefinition(
    name=ServiceName.CAPTURE,
    migrations=Path(__file__).parent / "migrations",
)
