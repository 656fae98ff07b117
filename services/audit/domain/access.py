"""Who may read the activity log, and how much of it.

The institute's administration reads it all (000 §3.7: the responsible unit keeps the
history) and so does support, which investigates incidents with it. A party's accounts
see the entries about the candidacies their party captures, and a candidate or an
independent those about its own candidacy: the transparency view. Nobody else reads it.
"""

from dataclasses import dataclass

from contracts.requests import Principal
from contracts.roles import PARTY_ROLES, Role

READS_WHOLE_LOG = frozenset({Role.ADMIN, Role.SUPPORT})
OWN_CANDIDACY_ROLES = frozenset({Role.CANDIDATE, Role.INDEPENDENT})


class LogReadRefused(Exception):
    """The caller may not read the log."""


@dataclass(frozen=True)
class LogView:
    """What part of the log a caller reads: all of it, or entries about candidacies."""

    principal: Principal
    party_id: str | None = None
    candidacy_id: str | None = None

    @property
    def whole(self) -> bool:
        return self.party_id is None and self.candidacy_id is None


def authorize_log_read(principal: Principal | None) -> LogView:
    if principal is None:
        raise LogReadRefused("sin sesión")
    if principal.role in READS_WHOLE_LOG:
        return LogView(principal)
    if principal.role in PARTY_ROLES and principal.party_id is not None:
        return LogView(principal, party_id=principal.party_id)
    if principal.candidacy_id is not None and (
        principal.role in OWN_CANDIDACY_ROLES or principal.role in PARTY_ROLES
    ):
        return LogView(principal, candidacy_id=principal.candidacy_id)
    raise LogReadRefused(principal.role)


def may_verify(principal: Principal | None) -> bool:
    return principal is not None and principal.role in READS_WHOLE_LOG
