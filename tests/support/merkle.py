"""What Merkle tests share: RFC 6962's root by its definition, and the shared vectors."""

from pathlib import Path

from services.audit.domain.merkle import EMPTY_ROOT, leaf_hash, node_hash

# ../shared beside the clone, as CI lays it; never copied into the project
VECTORS = Path(__file__).resolve().parents[3] / "shared" / "vectors" / "merkle"


def reference_root(leaves: list[bytes]) -> bytes:
    """MTH straight from RFC 6962 §2.1, recursively."""
    if not leaves:
        return EMPTY_ROOT
    if len(leaves) == 1:
        return leaf_hash(leaves[0])
    k = 1 << ((len(leaves) - 1).bit_length() - 1)
    return node_hash(reference_root(leaves[:k]), reference_root(leaves[k:]))
