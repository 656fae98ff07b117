"""The party or independent candidacy a request names, as the election knows it."""

from dataclasses import dataclass

import asyncpg

from contracts.accounts import Scope, ScopeKind
from contracts.errors import ErrorCode
from services.accounts import store
from services.accounts.handlers.refusals import refuse


@dataclass(frozen=True)
class KnownScope:
    election: asyncpg.Record
    name: str  # as a receipt prints it: "Partido Acción Nacional (PAN)", or the person
    short: str  # as user names start: the acronym, or the person


async def known_scope(conn: asyncpg.Connection, election_id: str, scope: Scope) -> KnownScope:
    """The scope in its election; refuses an unknown election, party or candidacy."""
    election = await store.election(conn, election_id)
    if election is None:
        raise refuse(ErrorCode.NOT_FOUND, f"La elección «{election_id}» no está configurada.")
    if scope.kind is ScopeKind.PARTY:
        for party in store.parties_of(election):
            if party["id"] == scope.id:
                name = f"{party['name']} ({party['acronym']})"
                return KnownScope(election, name, str(party["acronym"]))
        raise refuse(ErrorCode.NOT_FOUND, f"El partido «{scope.id}» no está en la elección.")
    candidacy = await store.candidacy(conn, scope.id)
    if candidacy is None or candidacy["capturing_party_id"] is not None:
        raise refuse(ErrorCode.NOT_FOUND, f"«{scope.id}» no es una candidatura independiente.")
    owner = str(candidacy["owner_name"])
    return KnownScope(election, owner, owner)
