"""Materialising a candidacy's public state: after every change publication hears of
(and when its election's publication starts), the profile is decided again
(domain/visibility.py); where what the public or INE sees differs from what was
published, the profile is saved with its open-data rows (``save``), the change numbered
in the gap-free feed and its signed event added to the outbox — all in the caller's
transaction. Nothing changed, nothing is written: hearing an event twice is harmless."""

from datetime import datetime

from contracts.envelope import Actor
from contracts.events.publication import (
    SPEC_OF_KIND,
    ChangeKind,
    ProfileChanged,
    WithdrawalCause,
)
from contracts.publication import EntryState, PublicProfile
from services.publication.adapters import data_package
from services.publication.adapters.signing import publication_signer
from services.publication.domain import open_data
from services.publication.domain.open_data import ElectionNames
from services.publication.domain.visibility import (
    CandidacyFacts,
    ElectionFacts,
    for_ine,
    public_document,
    same_content,
    verdict,
)
from services.publication.store import (
    candidacies,
    change_log,
    elections,
    open_data_rows,
    photos,
    profiles,
)
from services.publication.store.candidacies import HeardCandidacy
from services.publication.store.elections import KnownElection
from services.publication.store.open_data_rows import ProfileRows
from services.publication.store.profiles import HeldProfile
from services.runtime.connections import Connection
from services.runtime.service_deps import ServiceDeps

PUBLICATION = Actor.system("publication")


def election_facts(election: KnownElection) -> ElectionFacts:
    return ElectionFacts(
        time_zone=election.time_zone,
        publication_starts=election.catalogue.publication_starts,
        rules=election.profile,
        started_at=election.started_at,
    )


async def _facts(conn: Connection, heard: HeardCandidacy) -> CandidacyFacts:
    projection = heard.projection
    photo = None if projection is None else projection.curricular.fotografia
    alternate = None if projection is None else projection.alternate_curricular
    alternate_photo = None if alternate is None else alternate.fotografia
    return CandidacyFacts(
        projection=projection,
        capturing_party=heard.capturing_party,
        authorised=heard.authorised_at is not None,
        withdrawal_reason=heard.withdrawal_reason,
        profile_disabled=heard.profile_disabled,
        disabled_fields=frozenset(heard.disabled_fields),
        photo_stored=photo is not None and await photos.is_stored(conn, photo),
        alternate_photo_stored=alternate_photo is not None
        and await photos.is_stored(conn, alternate_photo),
    )


async def materialise(
    conn: Connection, deps: ServiceDeps, candidacy_id: str, now: datetime
) -> None:
    heard = await candidacies.candidacy(conn, candidacy_id)
    if heard is None:
        return
    election = await elections.election(conn, heard.election_id)
    facts = await _facts(conn, heard)
    known = None if election is None else election_facts(election)
    decided = verdict(facts, known, now)
    held = await profiles.profile(conn, candidacy_id)
    was_public = held is not None and held.state is EntryState.PUBLIC
    if not decided.public:
        if held is None or not was_public:
            return  # never public, or already withdrawn: nothing the public would notice
        await _change(conn, deps, held, None, None, ChangeKind.WITHDRAWN, decided.cause, now, None)
        return
    assert heard.projection is not None and election is not None  # public: validated
    published_at = held.published_at if held is not None and was_public else now
    document = public_document(facts, heard.projection, published_at=published_at, updated_at=now)
    to_ine = for_ine(
        document,
        election.profile,
        heard.projection.identity_by_consent,
        heard.projection.alternate_identity_by_consent,
    )
    if held is not None and was_public:
        last = await change_log.last_of(conn, candidacy_id)
        sent = None if last is None else last.data.profile
        if same_content(held.document, document) and same_content(sent, to_ine):
            return
    kind = ChangeKind.UPDATED if was_public else ChangeKind.PUBLISHED
    base = held or HeldProfile(
        candidacy_id=candidacy_id,
        election_id=heard.election_id,
        state=EntryState.PUBLIC,
        document=None,
        sequence=1,
        published_at=now,
        updated_at=now,
        withdrawn_at=None,
    )
    names = ElectionNames.of(election.parties, election.catalogue)
    await _change(conn, deps, base, document, to_ine, kind, None, now, names)


async def save(conn: Connection, held: HeldProfile, names: ElectionNames | None) -> None:
    """The profile as the public sees it now, and its open-data rows made with ``names``
    (none once withdrawn): what a release joins instead of making them again."""
    await profiles.save_profile(conn, held)
    if held.document is None or names is None:
        await open_data_rows.forget_rows(conn, held.candidacy_id)
        return
    pieces = data_package.profile_pieces(open_data.document(held.document), names)
    rows = ProfileRows(held.candidacy_id, held.election_id, held.sequence, names.digest(), pieces)
    await open_data_rows.save_rows(conn, rows)


async def _change(
    conn: Connection,
    deps: ServiceDeps,
    held: HeldProfile,
    document: PublicProfile | None,
    to_ine: PublicProfile | None,
    kind: ChangeKind,
    cause: WithdrawalCause | None,
    now: datetime,
    names: ElectionNames | None,
) -> None:
    sequence = await change_log.next_sequence(conn)
    signer = publication_signer(deps.settings)
    unsigned = ProfileChanged(
        sequence=sequence,
        kind=kind,
        election_id=held.election_id,
        candidacy_id=held.candidacy_id,
        changed_at=now,
        profile=to_ine,
        cause=cause,
        key_id=signer.key_id,
        signature="",
    )
    signed = unsigned.model_copy(
        update={"signature": signer.sign(unsigned.model_dump(mode="json"))}
    )
    withdrawn = kind is ChangeKind.WITHDRAWN
    await save(
        conn,
        held.model_copy(
            update={
                "state": EntryState.WITHDRAWN if withdrawn else EntryState.PUBLIC,
                "document": document,
                "sequence": sequence,
                "published_at": now if kind is ChangeKind.PUBLISHED else held.published_at,
                "updated_at": now,
                "withdrawn_at": now if withdrawn else None,
            }
        ),
        names,
    )
    envelope = await deps.outbox.add(
        conn,
        SPEC_OF_KIND[kind],
        signed,
        actor=PUBLICATION,
        election_id=held.election_id,
        subject_id=held.candidacy_id,
    )
    await change_log.append_change(conn, envelope.id, signed, signed.model_dump_json(), now)


async def materialise_election(
    conn: Connection, deps: ServiceDeps, election_id: str, now: datetime
) -> None:
    """Every candidacy of the election, decided again (its start passed, its rules changed)."""
    for candidacy_id in await candidacies.of_election(conn, election_id):
        await materialise(conn, deps, candidacy_id, now)
