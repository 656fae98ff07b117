"""RFC 6962 / RFC 9162 Merkle trees: hashes, roots, proofs and their verification.

Leaves and nodes are domain-separated (``0x00`` before a leaf, ``0x01`` before two child
hashes) so that a leaf can never pass for a node. Proofs are built from *perfect
subtrees*: a range ``[i·2^l, (i+1)·2^l)`` of leaves, named ``(level l, index i)``, whose
hash never changes once the tree has grown past it. A store keeps those hashes, so any
proof needs O(log n) of them: ``inclusion_proof`` and ``consistency_proof`` take a
function that returns a perfect subtree's hash, and ``needed_subtrees`` tells a store
which ones to read first, in one query.

Verification follows RFC 9162 §2.1.3.2 and §2.1.4.2 exactly; it is what an outside
auditor runs, and it agrees with every vector in ``shared/vectors/merkle``.
"""

import hashlib
from collections.abc import Callable, Mapping, Sequence

HASH_SIZE = 32
LEAF_PREFIX = b"\x00"
NODE_PREFIX = b"\x01"

Subtree = tuple[int, int]  # (level, index)
SubtreeHash = Callable[[int, int], bytes]


class InvalidProof(ValueError):
    """The proof does not prove what it claims."""


def leaf_hash(leaf: bytes) -> bytes:
    return hashlib.sha256(LEAF_PREFIX + leaf).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(NODE_PREFIX + left + right).digest()


EMPTY_ROOT = hashlib.sha256(b"").digest()


def leaf_hashes(leaves: Sequence[bytes]) -> list[bytes]:
    """``leaf_hash`` of each, in one pass: what verifying a million leaves spends most on."""
    sha256 = hashlib.sha256
    return [sha256(LEAF_PREFIX + leaf).digest() for leaf in leaves]


def parent_level(hashes: Sequence[bytes]) -> list[bytes]:
    """The level above ``hashes`` (a level of perfect subtrees, the first at an even
    index): each pair's node; an odd last one has no complete parent yet."""
    sha256 = hashlib.sha256
    pairs = iter(hashes)
    return [
        sha256(NODE_PREFIX + left + right).digest()
        for left, right in zip(pairs, pairs, strict=False)
    ]


def lookup(hashes: Mapping[Subtree, bytes]) -> SubtreeHash:
    """A subtree getter over hashes a store has read."""

    def get(level: int, index: int) -> bytes:
        return hashes[(level, index)]

    return get


def _split(size: int) -> int:
    """The largest power of two smaller than ``size`` (size ≥ 2)."""
    return 1 << ((size - 1).bit_length() - 1)


def perfect_subtrees(start: int, end: int) -> list[Subtree]:
    """The perfect subtrees whose hashes make up MTH(D[start:end]), left to right, for a
    range that RFC 6962's recursion produces (``start`` aligned to the range's split)."""
    subtrees: list[Subtree] = []
    while start < end:
        size = end - start
        if size & (size - 1) == 0 and start % size == 0:
            level = size.bit_length() - 1
            subtrees.append((level, start >> level))
            break
        left = _split(size)
        level = left.bit_length() - 1
        subtrees.append((level, start >> level))
        start += left
    return subtrees


def range_hash(start: int, end: int, subtree: SubtreeHash) -> bytes:
    """MTH(D[start:end]) from the perfect subtrees that compose it (folded right to left)."""
    hashes = [subtree(level, index) for level, index in perfect_subtrees(start, end)]
    result = hashes[-1]
    for left in reversed(hashes[:-1]):
        result = node_hash(left, result)
    return result


def root(size: int, subtree: SubtreeHash) -> bytes:
    return EMPTY_ROOT if size == 0 else range_hash(0, size, subtree)


def inclusion_proof(index: int, size: int, subtree: SubtreeHash) -> list[bytes]:
    """RFC 6962 PATH(index, D[0:size]), leaf side first."""
    if not 0 <= index < size:
        raise ValueError(f"leaf {index} is not in a tree of {size}")
    proof: list[bytes] = []
    start, end = 0, size
    while end - start > 1:
        k = _split(end - start)
        if index - start < k:
            proof.append(range_hash(start + k, end, subtree))
            end = start + k
        else:
            proof.append(range_hash(start, start + k, subtree))
            start += k
    proof.reverse()
    return proof


def consistency_proof(size1: int, size2: int, subtree: SubtreeHash) -> list[bytes]:
    """RFC 6962 PROOF(size1, D[0:size2])."""
    if not 0 < size1 <= size2:
        raise ValueError(f"no consistency proof from {size1} to {size2}")
    proof: list[bytes] = []
    start, end, whole = 0, size2, True
    while size1 - start != end - start:
        k = _split(end - start)
        if size1 - start <= k:
            proof.append(range_hash(start + k, end, subtree))
            end = start + k
        else:
            proof.append(range_hash(start, start + k, subtree))
            start += k
            whole = False
    if not whole:
        proof.append(range_hash(start, end, subtree))
    proof.reverse()
    return proof


def needed_subtrees(build: Callable[[SubtreeHash], object]) -> set[Subtree]:
    """The perfect subtrees that ``build`` (e.g. a proof) will ask for, so a store can read
    them all in one query before building it for real."""
    asked: set[Subtree] = set()

    def record(level: int, index: int) -> bytes:
        asked.add((level, index))
        return bytes(HASH_SIZE)

    build(record)
    return asked


def _check_hash(value: bytes, what: str) -> None:
    if len(value) != HASH_SIZE:
        raise InvalidProof(f"{what} must be {HASH_SIZE} bytes, not {len(value)}")


def verify_inclusion(
    index: int, size: int, leaf: bytes, proof: Sequence[bytes], expected_root: bytes
) -> None:
    """RFC 9162 §2.1.3.2; raises InvalidProof unless ``leaf`` (a leaf hash) is at
    ``index`` in the tree of ``size`` whose root is ``expected_root``."""
    _check_hash(leaf, "the leaf hash")
    _check_hash(expected_root, "the root")
    for element in proof:
        _check_hash(element, "a proof element")
    if index >= size or index < 0:
        raise InvalidProof(f"leaf {index} is not in a tree of {size}")
    fn, sn, result = index, size - 1, leaf
    for element in proof:
        if sn == 0:
            raise InvalidProof("the proof is longer than the tree is deep")
        if fn & 1 or fn == sn:
            result = node_hash(element, result)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            result = node_hash(result, element)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise InvalidProof("the proof is shorter than the tree is deep")
    if result != expected_root:
        raise InvalidProof("the proof leads to another root")


def verify_consistency(
    size1: int, size2: int, root1: bytes, root2: bytes, proof: Sequence[bytes]
) -> None:
    """RFC 9162 §2.1.4.2; raises InvalidProof unless the tree of ``size2`` with root
    ``root2`` extends the tree of ``size1`` with root ``root1``."""
    _check_hash(root1, "the first root")
    _check_hash(root2, "the second root")
    for element in proof:
        _check_hash(element, "a proof element")
    if size1 < 0 or size2 < size1:
        raise InvalidProof(f"a tree of {size2} cannot extend one of {size1}")
    if size1 == size2:
        if proof:
            raise InvalidProof("equal sizes need an empty proof")
        if root1 != root2:
            raise InvalidProof("equal sizes with different roots")
        return
    if size1 == 0:
        if proof:
            raise InvalidProof("the empty tree needs an empty proof")
        return
    if not proof:
        raise InvalidProof("the proof is empty")
    path = list(proof)
    if size1 & (size1 - 1) == 0:
        path.insert(0, root1)
    fn, sn = size1 - 1, size2 - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    first = second = path[0]
    for element in path[1:]:
        if sn == 0:
            raise InvalidProof("the proof is longer than needed")
        if fn & 1 or fn == sn:
            first = node_hash(element, first)
            second = node_hash(element, second)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            second = node_hash(second, element)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise InvalidProof("the proof is shorter than needed")
    if first != root1:
        raise InvalidProof("the proof does not lead to the first root")
    if second != root2:
        raise InvalidProof("the proof does not lead to the second root")
