"""Who may read the activity log.

The institute's administration reads it all (000 §3.7: the responsible unit keeps the
history) and so does support, which investigates incidents with it. Candidates and
parties will see the entries about their own candidacies once the log knows which
candidacies are theirs (the capture issue's events); until then they see nothing.
"""

from contracts.requests import Principal

READS_WHOLE_LOG = frozenset({"admin", "support"})


class LogReadRefused(Exception):
    """The caller may not read the log."""


def authorize_log_read(principal: Principal | None) -> Principal:
    if principal is None:
        raise LogReadRefused("sin sesión")
    if principal.role not in READS_WHOLE_LOG:
        raise LogReadRefused(principal.role)
    return principal
