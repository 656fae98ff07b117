"""What the automatic screening reads and what it finds (DESIGN §5).

A ``Submission`` is one validated candidacy's public curricular text, field by field; the
``Catalogue`` is the election's own: its parties (and coalitions, so that a candidacy's
own partners are not "other parties") and every other candidacy's owner. Each hit is a
``Flag``: the prohibition it may infringe, the field, and the exact span of the text, so
that the verifier sees the evidence in context. A flag never blocks: it orders the queue.
"""

from dataclasses import dataclass, field

from contracts.moderation import FlagKind, Prohibition


@dataclass(frozen=True)
class PartyName:
    party_id: str
    name: str
    acronym: str


@dataclass(frozen=True)
class CoalitionName:
    coalition_id: str
    name: str
    party_ids: tuple[str, ...]


@dataclass(frozen=True)
class PersonName:
    candidacy_id: str
    name: str
    party_id: str | None  # None: an independent candidacy


@dataclass(frozen=True)
class Catalogue:
    parties: tuple[PartyName, ...] = ()
    coalitions: tuple[CoalitionName, ...] = ()
    people: tuple[PersonName, ...] = ()


@dataclass(frozen=True)
class Submission:
    election_id: str
    candidacy_id: str
    capturing_party: str | None  # None: an independent candidacy
    texts: dict[str, str] = field(default_factory=dict)  # curricular field → its public text


@dataclass(frozen=True)
class Flag:
    kind: FlagKind
    prohibition: Prohibition
    field: str
    start: int  # the span [start, end) in the field's text, in characters
    end: int
    evidence: str  # the text of the span, exactly as written
    detail: str  # what a verifier reads: the word's category, the party, the other proposal
    other_candidacy_id: str | None = None  # the candidacy mentioned or copied
