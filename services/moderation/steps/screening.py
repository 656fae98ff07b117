"""Screening one validated submission against the prohibitions of Art. 18 (002 §II.A.1;
000 §3.15, 001 §22, 003 §21, 004 §22): the lexicon's words and phrases (sexist or
discriminatory language, possible gender-based political violence, calls to vote and
slogans, offensive words), mentions of the election's other parties and candidacies, and
proposals close to another candidacy's. Each hit is a flag with the field and the exact
span; the flags order the verifiers' queue and never block by themselves.

The lexicon is read when the service starts (this module is imported by its consumers):
a malformed file stops it at once, with the reason.
"""

from dataclasses import replace

from contracts.events.capture import Person, of_person
from services.moderation.adapters.lexicon_file import shipped_lexicon
from services.moderation.domain.findings import Catalogue, Flag, PersonName, Submission
from services.moderation.domain.mentions import mentions, written_pairs
from services.moderation.domain.near_duplicates import (
    PROPOSAL_FIELDS,
    OtherProposal,
    copies,
    fingerprint,
    sketching,
)
from services.moderation.store import owner_names, proposals
from services.runtime.connections import Connection
from services.runtime.service_deps import ServiceDeps
from services.runtime.settings import Settings

LEXICON = shipped_lexicon()


async def screen_submission(
    conn: Connection, deps: ServiceDeps, submission: Submission, catalogue: Catalogue
) -> list[Flag]:
    """Every flag of the submission, field by field in its order, each by its place.
    Keeps the submission's proposals for the election's later candidacies to meet."""
    found: list[Flag] = []
    for field, text in submission.texts.items():
        found += LEXICON.hits(field, text)
    found += mentions(submission, await with_people_named(conn, submission, catalogue))
    found += await near_duplicates(conn, deps.settings, submission)
    order = {field: place for place, field in enumerate(submission.texts)}
    return sorted(found, key=lambda f: (order.get(f.field, len(order)), f.start, f.end))


async def with_people_named(
    conn: Connection, submission: Submission, catalogue: Catalogue
) -> Catalogue:
    """The catalogue with, for people, the election's live owners whose names the
    submission may hold (two of their words, capitalised, close together): fetched by an
    index, so that
    an election of 100,000 candidacies is not read whole for every submission. The
    people the caller's catalogue carries, if any, are not needed."""
    named = await owner_names.owners_named(
        conn, submission.election_id, sorted(written_pairs(submission))
    )
    people = tuple(PersonName(o.candidacy_id, o.owner_name, o.capturing_party) for o in named)
    return replace(catalogue, people=people)


async def near_duplicates(
    conn: Connection, settings: Settings, submission: Submission
) -> list[Flag]:
    """The submission's proposals (the owner's and the alternate's, each kept under its
    own name) close to another live candidacy's of its election; its own signatures
    replace those of its last validation. The formula's two people are not compared with
    each other: an alternate may well share the owner's proposals."""
    how = sketching(
        settings.moderation_similarity_threshold, settings.moderation_minhash_permutations
    )
    texts = submission.texts
    prints = [
        found
        for person in Person
        for field in (of_person(person, name) for name in PROPOSAL_FIELDS)
        if field in texts
        and (found := fingerprint(submission.election_id, field, texts[field], how))
    ]
    candidates: list[OtherProposal] = []
    if prints:
        await proposals.hold_election(conn, submission.election_id)
        keys = sorted({key for p in prints for key in p.bands})
        candidates = [
            OtherProposal(row.candidacy_id, row.owner_name, row.field, row.signature)
            for row in await proposals.alike(
                conn, submission.election_id, submission.candidacy_id, keys
            )
        ]
    await proposals.replace_prints(conn, submission.election_id, submission.candidacy_id, prints)
    flags: list[Flag] = []
    for own in prints:
        flags += copies(texts[own.field], own, candidates, how.threshold)
    return flags


async def forget_proposals(conn: Connection, candidacy_id: str) -> None:
    """A withdrawn candidacy (substituted or cancelled, 000 §3.14) is no longer an
    original others could copy: its proposals leave the index. (Until this is called, a
    withdrawn candidacy is already left out of every lookup by its ``withdrawn_at``.)"""
    await proposals.forget_prints(conn, candidacy_id)
