"""Near-duplicate proposals (002 §II.A.1 I: no copy of other candidacies' proposals):
each proposal's MinHash signature (datasketch), and the LSH band keys under which an
index finds the proposals that may be close to it, in any election's size.

A proposal is read as the set of its overlapping three-word runs (shingles) of stemmed,
unaccented words, so that a copy with its verbs conjugated otherwise, its accents
dropped or a word changed here and there stays close. The signature estimates the
Jaccard similarity of two such sets; the bands (datasketch's optimal split of the
signature for the configured threshold) are what an index looks up: two proposals share
a band key only if that whole slice of their signatures is equal, which pairs above the
threshold almost always do and unrelated pairs almost never. A candidate found by its
bands is then confirmed on the whole signature against the threshold.

Any number of replicas computes the same signature and keys for the same text: the
permutations come from a fixed seed, and the keys from a keyed hash of the election, the
band's place and its values.
"""

import hashlib
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from datasketch import MinHash, MinHashLSH

from contracts.events.capture import Person, person_of
from contracts.moderation import FlagKind, Prohibition
from services.moderation.domain.findings import Flag
from services.moderation.domain.words import stems

PROPOSAL_FIELDS = ("propuesta_1", "propuesta_2", "propuesta_genero_grupo")
PROPOSAL_NAME = {
    "propuesta_1": "la propuesta 1",
    "propuesta_2": "la propuesta 2",
    "propuesta_genero_grupo": "la propuesta en materia de género o de grupo",
}
SHINGLE_WORDS = 3
MIN_WORDS = 12
"""A proposal of fewer words is not compared: a handful of shingles makes the estimate
noisy, and short generic sentences («Más seguridad para todas y todos») coincide without
anyone copying."""
MOST_ALIKE = 5
"""At most this many other proposals are named per proposal, the closest first."""
SEED = 14
SCHEME = "affine32"


@dataclass(frozen=True, eq=False)
class Sketching:
    """How signatures are cut into bands for a threshold: datasketch's optimal split."""

    threshold: float
    permutations: int
    bands: int
    rows: int
    parameters: tuple[np.ndarray, np.ndarray]  # the permutations' (a, b)


@lru_cache(maxsize=8)
def sketching(threshold: float, permutations: int) -> Sketching:
    lsh = MinHashLSH(threshold=threshold, num_perm=permutations)
    parameters = MinHash(num_perm=permutations, seed=SEED, scheme=SCHEME).permutations
    return Sketching(threshold, permutations, int(lsh.b), int(lsh.r), parameters)


@dataclass(frozen=True)
class Fingerprint:
    """One proposal's signature and its band keys."""

    field: str
    signature: bytes  # the MinHash values, little-endian uint32
    bands: tuple[int, ...]  # signed 64-bit band keys, one per band


@dataclass(frozen=True)
class OtherProposal:
    candidacy_id: str
    owner_name: str
    field: str
    signature: bytes


def shingles(its_stems: list[str]) -> set[bytes]:
    return {
        " ".join(its_stems[at : at + SHINGLE_WORDS]).encode()
        for at in range(len(its_stems) - SHINGLE_WORDS + 1)
    }


def fingerprint(election_id: str, field: str, text: str, how: Sketching) -> Fingerprint | None:
    """The proposal's fingerprint, or None if it is too short to compare."""
    its_stems = stems(text)
    if len(its_stems) < MIN_WORDS:
        return None
    minhash = MinHash(
        num_perm=how.permutations, seed=SEED, permutations=how.parameters, scheme=SCHEME
    )
    minhash.update_batch(sorted(shingles(its_stems)))
    values = np.asarray(minhash.hashvalues, dtype="<u4")
    return Fingerprint(field, values.tobytes(), band_keys(election_id, values, how))


def band_keys(election_id: str, values: np.ndarray, how: Sketching) -> tuple[int, ...]:
    keys = []
    for band in range(how.bands):
        place = f"{election_id}\x1f{band}\x1f{how.rows}\x1f{how.permutations}\x1f".encode()
        cut = values[band * how.rows : (band + 1) * how.rows].tobytes()
        digest = hashlib.blake2b(place + cut, digest_size=8, person=b"conoceles-lsh").digest()
        keys.append(int.from_bytes(digest, "big", signed=True))
    return tuple(keys)


def proposal_of(other: OtherProposal) -> str:
    """Whose proposal it is, as a verifier reads it: «la propuesta 1 de Ana López», or
    «la propuesta 1 de la suplente de Ana López»."""
    person, name = person_of(other.field)
    whose = "" if person is Person.OWNER else "la suplente de "
    return f"{PROPOSAL_NAME.get(name, name)} de {whose}{other.owner_name}"


def similarity(one: bytes, other: bytes) -> float:
    """The estimated Jaccard similarity of two proposals: the share of equal values."""
    a, b = np.frombuffer(one, dtype="<u4"), np.frombuffer(other, dtype="<u4")
    if len(a) != len(b) or len(a) == 0:
        return 0.0
    return float(np.count_nonzero(a == b)) / len(a)


def copies(
    text: str, own: Fingerprint, candidates: list[OtherProposal], threshold: float
) -> list[Flag]:
    """The other candidacies' proposals at least ``threshold`` alike to this one, the
    closest first (at most MOST_ALIKE); the span is the whole proposal."""
    alike = [
        (score, other)
        for other in candidates
        if (score := similarity(own.signature, other.signature)) >= threshold
    ]
    alike.sort(key=lambda pair: (-pair[0], pair[1].owner_name, pair[1].candidacy_id))
    return [
        Flag(
            kind=FlagKind.NEAR_DUPLICATE,
            prohibition=Prohibition.COPIED_PROPOSAL,
            field=own.field,
            start=0,
            end=len(text),
            evidence=text,
            detail=f"Muy parecida a {proposal_of(other)} ({round(score * 100)} %)",
            other_candidacy_id=other.candidacy_id,
        )
        for score, other in alike[:MOST_ALIKE]
    ]
