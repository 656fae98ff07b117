"""Wiring of the audit service: the activity log that no one can rewrite unnoticed.

Activity entries from every service become leaves of an RFC 6962 Merkle tree with signed
checkpoints; inclusion and consistency proofs let anyone check it (000 §3.7, DESIGN §7).
"""

from pathlib import Path

from contracts.operations import audit as audit_operations
from contracts.services import ServiceName
from services.audit.commands import COMMANDS
from services.audit.consumers import CONSUMERS
from services.audit.handlers import checkpoint, entries, proof
from services.audit.timers import CHECKPOINT_TIMER
from services.runtime.requests import RequestRoute
from services.runtime.service_host import ServiceDefinition

definition = ServiceDefinition(
    name=ServiceName.AUDIT,
    migrations=Path(__file__).parent / "migrations",
    requests=[
        RequestRoute(audit_operations.CHECKPOINT_LATEST, checkpoint.latest_checkpoint),
        RequestRoute(audit_operations.KEY_PUBLIC, checkpoint.public_key),
        RequestRoute(audit_operations.PROOF_INCLUSION, proof.prove_inclusion),
        RequestRoute(audit_operations.PROOF_CONSISTENCY, proof.prove_consistency),
        RequestRoute(audit_operations.ENTRIES_SEARCH, entries.search),
        RequestRoute(audit_operations.LOG_VERIFY, entries.verify_now),
    ],
    consumers=CONSUMERS,
    timers=[CHECKPOINT_TIMER],
    commands=COMMANDS,
)
