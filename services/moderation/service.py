"""Wiring of the moderation service: its requests, event consumers, timers and migrations.

Automatic screening against the prohibitions of 002 §II.A.1, verifiers' decisions per
field or profile, consent verification (000 §3.9) and the Cédula de Evaluación (001 §6).
"""

from pathlib import Path

from contracts.services import ServiceName
from services.runtime.service_host import ServiceDefinition

definition = ServiceDefinition(
    name=ServiceName.MODERATION,
    migrations=Path(__file__).parent / "migrations",
)
