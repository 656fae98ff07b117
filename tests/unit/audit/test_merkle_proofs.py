"""Proofs built from stored perfect subtrees verify, and match RFC 6962's definitions."""

import pytest

from services.audit.domain.merkle import (
    InvalidProof,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    needed_subtrees,
    root,
    verify_consistency,
    verify_inclusion,
)
from tests.support.merkle import reference_root


class Tree:
    """Leaves in memory with the perfect-subtree lookup a store provides."""

    def __init__(self, count: int) -> None:
        self.leaves = [f"entrada {n}".encode() for n in range(count)]
        self.reads = 0

    def subtree(self, level: int, index: int) -> bytes:
        self.reads += 1
        start, end = index << level, (index + 1) << level
        assert end <= len(self.leaves), "only complete subtrees exist in a store"
        return reference_root(self.leaves[start:end])


SIZES = [1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 33, 64, 100]


@pytest.mark.parametrize("size", [0, *SIZES])
def test_the_root_is_rfc_6962s(size: int) -> None:
    tree = Tree(size)
    assert root(size, tree.subtree) == reference_root(tree.leaves)


@pytest.mark.parametrize("size", SIZES)
def test_every_leaf_has_an_inclusion_proof_that_verifies(size: int) -> None:
    tree = Tree(size)
    expected = root(size, tree.subtree)
    for index in range(size):
        proof = inclusion_proof(index, size, tree.subtree)
        verify_inclusion(index, size, leaf_hash(tree.leaves[index]), proof, expected)
        with pytest.raises(InvalidProof):
            verify_inclusion(index, size, leaf_hash(b"otra cosa"), proof, expected)


@pytest.mark.parametrize("size2", SIZES)
def test_every_earlier_size_has_a_consistency_proof_that_verifies(size2: int) -> None:
    tree = Tree(size2)
    root2 = root(size2, tree.subtree)
    for size1 in range(1, size2 + 1):
        root1 = reference_root(tree.leaves[:size1])
        proof = consistency_proof(size1, size2, tree.subtree)
        verify_consistency(size1, size2, root1, root2, proof)
        if size1 < size2:
            with pytest.raises(InvalidProof):
                verify_consistency(size1, size2, leaf_hash(b"reescrita"), root2, proof)


def test_a_proof_in_a_million_leaves_reads_few_subtrees() -> None:
    size = 1_000_000
    inclusion = needed_subtrees(lambda get: inclusion_proof(123_457, size, get))
    consistency = needed_subtrees(lambda get: consistency_proof(654_321, size, get))
    assert len(inclusion) <= 2 * size.bit_length()
    assert len(consistency) <= 2 * size.bit_length()
