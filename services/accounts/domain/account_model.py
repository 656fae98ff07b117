"""Which accounts a registered candidacy brings, as each profile's account model says
(domain/profiles.md, "account model").

- Estado de México and Zacatecas give every candidacy an account of its own besides the
  party's (001 §9, 002 §I.A.1.III);
- Nuevo León and Durango give accounts to the parties' representations and to the
  independents (000 §3.3, 003 §10): an independent candidacy's account is its own;
- Tabasco's institute issues only one admin account per party and per independent
  candidacy, which creates the rest (004 §10-13): a registration brings none.
"""


def gets_own_account(independent: bool, candidacy_accounts: bool, party_admin: bool) -> bool:
    """A party candidacy, where every candidacy has its own; an independent, unless the
    institute issues it an admin account instead (which then creates the rest)."""
    return not party_admin if independent else candidacy_accounts


class TeamMadeByItsAdmin(Exception):
    """Supervisors named to the institute where it issues only the admin account: the
    party's (or the independent's) admin creates its supervision itself (004 §10-13)."""


def issued_by_the_institute(party: bool, party_admin: bool, supervisors: int) -> list[str]:
    """What the institute issues a party or an independent, by kind: the admin account
    alone where the profile has one (004 §10-13); elsewhere a party's generic capture
    account and one supervisor account per person named (000 §3.3, §4.1)."""
    if party_admin:
        if supervisors:
            raise TeamMadeByItsAdmin
        return ["admin"]
    return (["capture"] if party else []) + ["supervisor"] * supervisors
