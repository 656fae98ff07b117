"""The tree grows by appending leaves, in any batch sizes, to the same tree."""

import pytest

from services.audit.domain.log import GrowingTree, grown_subtrees, spine_of
from services.audit.domain.merkle import leaf_hash, root
from tests.support.merkle import reference_root


@pytest.mark.parametrize("batches", [[1] * 20, [3, 5, 8, 1, 13], [64, 1, 2], [100]])
def test_appending_in_batches_stores_every_perfect_subtree(batches: list[int]) -> None:
    stored: dict[tuple[int, int], bytes] = {}
    leaves: list[bytes] = []
    for count in batches:
        new = [f"entrada {len(leaves) + n}".encode() for n in range(count)]
        spine = {key: stored[key] for key in spine_of(len(leaves))}
        stored.update(grown_subtrees(len(leaves), spine, [leaf_hash(x) for x in new]))
        leaves += new
        assert root(len(leaves), lambda level, index: stored[(level, index)]) == reference_root(
            leaves
        )


def test_the_streaming_root_is_the_trees_root() -> None:
    growing = GrowingTree()
    leaves = [f"e{n}".encode() for n in range(37)]
    for count, leaf in enumerate(leaves, start=1):
        growing.append(leaf_hash(leaf))
        assert growing.root() == reference_root(leaves[:count])
