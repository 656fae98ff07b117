"""Wiring of the publication service: its requests, event consumers, timers and migrations.

Public profiles and the contest view, statistics with small cells suppressed, open
data releases with manifests, signed events for INE and weekly backups (000 §5.7).
"""

from pathlib import Path

from contracts.services import ServiceName
from services.runtime.service_host import ServiceDefinition

definition = ServiceDefinition(
    name=ServiceName.PUBLICATION,
    migrations=Path(__file__).parent / "migrations",
)
