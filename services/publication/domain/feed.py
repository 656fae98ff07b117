"""Who reads INE's feed of publication changes (000 §5.2, 001 §29, 003 §28, 004 §29):
the INE's own account, and the institute's administration that answers for it."""

from contracts.roles import Role
from services.publication.domain.errors import FEED_ROLES, Forbidden

FEED_READERS = frozenset({Role.INE, Role.ADMIN})


def check_may_read_feed(role: str | None) -> None:
    if role not in FEED_READERS:
        raise Forbidden(FEED_ROLES)
