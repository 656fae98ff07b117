"""Wiring of the audit service: the activity log that no one can rewrite unnoticed.

Activity entries from every service become leaves of an RFC 6962 Merkle tree with signed
checkpoints; inclusion and consistency proofs let anyone check it (000 §3.7, DESIGN §7).
"""

from pathlib import Path

from contracts.audit import ConsistencyQuery, EntrySearch, InclusionQuery
from contracts.requests import Empty
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
        RequestRoute("checkpoint.latest", Empty, handlers.latest_checkpoint),
        RequestRoute("key.public", Empty, handlers.public_key),
        RequestRoute("proof.inclusion", InclusionQuery, handlers.prove_inclusion),
        RequestRoute("proof.consistency", ConsistencyQuery, handlers.prove_consistency),
        RequestRoute("entries.search", EntrySearch, handlers.search_entries),
        RequestRoute("log.verify", Empty, handlers.verify_now),
    ],
    consumers=[*activity_consumers(), CANDIDACY_CONSUMER],
    timers=[CHECKPOINT_TIMER],
)
