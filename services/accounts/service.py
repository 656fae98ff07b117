"""Wiring of the accounts service: its requests, event consumers, timers and migrations.

Staff, party, candidate and INE accounts; activation codes, passwords (argon2id),
TOTP for staff, access and refresh tokens, and the scope every permission carries
(DESIGN §1, 000 §4.1, 004 §10-13).
"""

from pathlib import Path

from contracts.services import ServiceName
from services.runtime.service_host import ServiceDefinition

definition = ServiceDefinition(
    name=ServiceName.ACCOUNTS,
    migrations=Path(__file__).parent / "migrations",
)
