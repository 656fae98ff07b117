"""Applying one change the registration system sent (001 §14, 002 §II.C, 003 §20), in
one transaction, once.

Where the election's profile takes the feed, the change's candidacy is checked as a
registry file's rows are (``domain/registry_feed.py``) and saved as the import saves
them (``steps/importing.py``): a substitution or cancellation withdraws the old candidacy
at once through the same ``candidacy.withdrawn`` event, so accounts revokes its account
and sessions. The change's id is kept with the receipt it got, so the same change sent
again changes nothing and is answered the same; another change under a used id is
refused.
"""

from contracts.capture import RegistryChange, RegistryChangeReceipt, RegistryChangeResult
from contracts.envelope import utc_now
from contracts.roles import OutOfScope
from services.capture.domain.errors import Refused
from services.capture.domain.formulas import Standing
from services.capture.domain.registry_feed import (
    FEED_OFF,
    change_hash,
    changes_anything,
    check_same_change,
    checked_formula,
)
from services.capture.steps.finding import election_named
from services.capture.steps.importing import registry_rules, save_formulas
from services.capture.steps.recording import SignedIn, on_election, record
from services.capture.store import candidacies, registry_changes
from services.runtime.connections import Connection
from services.runtime.service_deps import ServiceDeps


async def _standing(conn: Connection, candidacy_id: str | None) -> Standing | None:
    found = (
        None if candidacy_id is None else await candidacies.candidacy_for_update(conn, candidacy_id)
    )
    return None if found is None else Standing(found.election_id, found.status, found.formula)


async def apply_change(
    conn: Connection, deps: ServiceDeps, change: RegistryChange, caller: SignedIn
) -> RegistryChangeReceipt:
    """registry.change: the change applied, or its earlier receipt if it was before."""
    election = await election_named(conn, change.election_id)
    feeds = caller.principal.election_id
    if feeds is not None and feeds != change.election_id:
        raise OutOfScope  # a registration system's account issued for another election
    if not election.profile.capture.registry_feed:
        raise Refused(FEED_OFF)
    sent, now = change_hash(change), utc_now()
    claimed = await registry_changes.claim_change(
        conn,
        change.election_id,
        change.id,
        change.tipo.value,
        sent,
        caller.principal.account_id,
        now,
    )
    if not claimed:
        earlier = await registry_changes.applied_change(conn, change.election_id, change.id)
        assert earlier is not None and earlier.receipt is not None  # committed with it
        check_same_change(sent, earlier.content_hash, change.id)
        return earlier.receipt
    formula = checked_formula(change, election.config, registry_rules(election, utc_now()))
    own = await _standing(conn, formula.key)
    replaced = await _standing(conn, formula.replaces)
    registered: list[str] = []
    withdrawn: list[str] = []
    if changes_anything(change, formula, change.election_id, own, replaced):
        saved = await save_formulas(
            conn, deps.outbox, election.config, [formula], now=now, caller=caller
        )
        registered, withdrawn = saved.registered, saved.withdrawn
    receipt = RegistryChangeReceipt(
        id=change.id,
        tipo=change.tipo,
        candidatura=formula.key,
        resultado=RegistryChangeResult.APPLIED
        if registered or withdrawn
        else RegistryChangeResult.UNCHANGED,
        registradas=registered,
        retiradas=withdrawn,
    )
    await registry_changes.save_receipt(conn, change.election_id, change.id, receipt)
    await record(
        conn,
        deps.outbox,
        caller,
        "registry.change",
        on_election(change.election_id),
        {
            "cambio": change.id,
            "tipo": change.tipo.value,
            "candidatura": formula.key,
            "resultado": receipt.resultado.value,
            "retiradas": len(withdrawn),
        },
    )
    return receipt
