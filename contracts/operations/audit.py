"""The activity log's requests: checkpoints, proofs, search and verification."""

from contracts.audit import (
    ConsistencyProof,
    ConsistencyQuery,
    EntryPage,
    EntrySearch,
    InclusionProof,
    InclusionQuery,
    LogVerification,
    PublicKey,
    SignedCheckpoint,
)
from contracts.operations import Operation
from contracts.requests import Empty
from contracts.services import ServiceName

S = ServiceName.AUDIT

CHECKPOINT_LATEST = Operation(S, "checkpoint.latest", Empty, SignedCheckpoint)
KEY_PUBLIC = Operation(S, "key.public", Empty, PublicKey)
PROOF_INCLUSION = Operation(S, "proof.inclusion", InclusionQuery, InclusionProof)
PROOF_CONSISTENCY = Operation(S, "proof.consistency", ConsistencyQuery, ConsistencyProof)
ENTRIES_SEARCH = Operation(S, "entries.search", EntrySearch, EntryPage)
LOG_VERIFY = Operation(S, "log.verify", Empty, LogVerification)
