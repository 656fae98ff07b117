"""The audit log's rules: the Merkle tree, its proofs, and signed checkpoints."""
