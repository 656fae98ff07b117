"""A candidacy's consent to publish its identity answers (000 §3.9): the institute's
decision on the signed document (moderation's events), its revocation at any time via
the supervisor (000 §5.5), and the format to print and sign (000 §3.10).

A verified consent lets identity answers into a validated candidacy's public projection;
a revocation takes them out at once: the projection is announced again without them.
"""

import base64

from contracts.capture import BlankConsentFormat, PersonRef
from contracts.envelope import utc_now
from contracts.events.capture import Person
from contracts.requests import Document, Empty
from services.capture.adapters.consent_pdf import consent_format_pdf
from services.capture.domain.errors import NotFound
from services.capture.domain.formulas import check_has_person
from services.capture.domain.publicity import check_may_revoke
from services.capture.steps.finding import election_named, readable_candidacy
from services.capture.steps.projecting import announce_projection
from services.capture.steps.recording import SignedIn, on_candidacy, record
from services.capture.store import candidacies, consents, elections
from services.runtime.connections import Connection
from services.runtime.service_deps import ServiceDeps


async def _decided_on_file(
    conn: Connection, candidacy_id: str, sha256: str | None, person: Person
) -> bool:
    """The decision concerns the person's document on file (one replaced since by a new
    upload waits for a decision of its own)."""
    if await candidacies.candidacy(conn, candidacy_id) is None:
        return False
    on_file = (await consents.consent(conn, candidacy_id, person)).document_sha256
    return sha256 is None or on_file is None or on_file == sha256


async def note_verified(
    conn: Connection,
    deps: ServiceDeps,
    candidacy_id: str,
    sha256: str | None = None,
    person: Person = Person.OWNER,
) -> None:
    if not await _decided_on_file(conn, candidacy_id, sha256, person):
        return
    await consents.mark_consent_verified(conn, candidacy_id, utc_now(), person)
    await announce_projection(conn, deps, candidacy_id, "consent_verified")


async def note_rejected(
    conn: Connection,
    deps: ServiceDeps,
    candidacy_id: str,
    sha256: str | None = None,
    person: Person = Person.OWNER,
) -> None:
    """A rejection after a verification takes the person's identity answers out of public
    view."""
    if not await _decided_on_file(conn, candidacy_id, sha256, person):
        return
    await consents.mark_consent_rejected(conn, candidacy_id, utc_now(), person)
    await announce_projection(conn, deps, candidacy_id, "consent_rejected")


async def revoke(conn: Connection, deps: ServiceDeps, ref: PersonRef, caller: SignedIn) -> Empty:
    candidacy, election = await readable_candidacy(conn, caller.principal, ref.candidacy_id)
    check_has_person(candidacy.formula, ref.persona)
    check_may_revoke(caller.principal, candidacy.scope, election.profile)
    await consents.mark_consent_revoked(conn, ref.candidacy_id, utc_now(), ref.persona)
    await announce_projection(conn, deps, ref.candidacy_id, "consent_revoked")
    await record(
        conn,
        deps.outbox,
        caller,
        "consent.revoke",
        on_candidacy(ref.candidacy_id),
        {"persona": ref.persona.value},
    )
    return Empty()


async def consent_format(deps: ServiceDeps, ref: PersonRef, caller: SignedIn) -> Document:
    """The format pre-filled with the name of the person who signs it (the owner's or the
    alternate's own), drawn once the connection is back."""
    async with deps.pool.acquire() as conn:
        candidacy, election = await readable_candidacy(conn, caller.principal, ref.candidacy_id)
    check_has_person(candidacy.formula, ref.persona)
    pdf = consent_format_pdf(candidacy.formula, election.config, election.profile, ref.persona)
    suffix = "-suplente" if ref.persona is Person.ALTERNATE else ""
    return _pdf(f"consentimiento-{candidacy.candidacy_id}{suffix}.pdf", pdf)


async def blank_consent_format(deps: ServiceDeps, order: BlankConsentFormat) -> Document:
    """The format with blank lines for the name and the candidacy, of the election named
    or else the one configured last."""
    async with deps.pool.acquire() as conn:
        if order.election_id is not None:
            election = await election_named(conn, order.election_id)
        else:
            latest = await elections.latest_election(conn)
            if latest is None:
                raise NotFound("Aún no hay una elección configurada.")
            election = latest
    pdf = consent_format_pdf(None, election.config, election.profile)
    return _pdf(f"formato-consentimiento-{election.config.election_id}.pdf", pdf)


def _pdf(filename: str, content: bytes) -> Document:
    return Document(
        filename=filename,
        media_type="application/pdf",
        content_base64=base64.b64encode(content).decode(),
    )
