"""Wiring of the audit service: the activity log that no one can rewrite unnoticed.

Activity entries from every service become leaves of an RFC 6962 Merkle tree with signed
checkpoints; inclusion and consistency proofs let anyone check it (000 §3.7, DESIGN §7).
"""

from pathlib import Path

from contracts.operations import audit as audit_operations
from contracts.services import ServiceName
from services.audit import handlers
from services.audit.checkpointer import CHECKPOINT_TIMER
from services.audit.consumers import CANDIDACY_CONSUMER, activity_consumers
from services.runtime.requests import RequestRoute
from services.runtime.service_host import ServiceDefinition

definition = ServiceDefinition(
    name=ServiceName.AUDIT,
    migrations=Path(__file__).parent / "migrations",
    requests=[
        RequestRoute(audit_operations.CHECKPOINT_LATEST, handlers.latest_checkpoint),
        RequestRoute(audit_operations.KEY_PUBLIC, handlers.public_key),
        RequestRoute(audit_operations.PROOF_INCLUSION, handlers.prove_inclusion),
        RequestRoute(audit_operations.PROOF_CONSISTENCY, handlers.prove_consistency),
        RequestRoute(audit_operations.ENTRIES_SEARCH, handlers.search_entries),
        RequestRoute(audit_operations.LOG_VERIFY, handlers.verify_now),
    ],
    consumers=[*activity_consumers(), CANDIDACY_CONSUMER],
    timers=[CHECKPOINT_TIMER],
)
