"""Locating what a request names: the party or independent candidacy in its election,
and the account; each refuses when it is not there."""

from dataclasses import dataclass

from contracts.accounts import Scope, ScopeKind
from services.accounts.store import accounts, candidacies, elections
from services.accounts.store.accounts import Account
from services.accounts.store.elections import Election
from services.runtime.connections import Connection


@dataclass
class UnknownElection(Exception):
    election_id: str


@dataclass
class UnknownParty(Exception):
    party_id: str


@dataclass
class NotIndependent(Exception):
    """No such candidacy, or its accounts are its party's (only independents have their own)."""

    candidacy_id: str


class UnknownAccount(Exception):
    pass


@dataclass(frozen=True)
class KnownScope:
    election: Election
    name: str  # as a receipt prints it: "Partido Acción Nacional (PAN)", or the person
    short: str  # as user names start: the acronym, or the person


async def known_scope(conn: Connection, election_id: str, scope: Scope) -> KnownScope:
    """The scope in its election; refuses an unknown election, party or candidacy."""
    election = await elections.election(conn, election_id)
    if election is None:
        raise UnknownElection(election_id)
    if scope.kind is ScopeKind.PARTY:
        for party in election.parties:
            if party.id == scope.id:
                return KnownScope(election, f"{party.name} ({party.acronym})", party.acronym)
        raise UnknownParty(scope.id)
    candidacy = await candidacies.candidacy(conn, scope.id)
    if candidacy is None or candidacy.capturing_party_id is not None:
        raise NotIndependent(scope.id)
    return KnownScope(election, candidacy.owner_name, candidacy.owner_name)


async def known_account(conn: Connection, account_id: str, *, lock: bool = False) -> Account:
    found = await accounts.account(conn, account_id, lock=lock)
    if found is None:
        raise UnknownAccount
    return found
