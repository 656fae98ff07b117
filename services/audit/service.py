"""Wiring of the audit service: its requests, event consumers, timers and migrations.

Activity entries as leaves of an RFC 6962 Merkle tree with signed checkpoints,
inclusion and consistency proofs (000 §3.7, DESIGN §7).
"""

from pathlib import Path

from contracts.services import ServiceName
from services.runtime.service_host import ServiceDefinition

definition = ServiceDefinition(
    name=ServiceName.AUDIT,
    migrations=Path(__file__).parent / "migrations",
)
