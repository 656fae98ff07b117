"""Why a step of capture is refused: the exceptions the rules raise, each message in
Spanish, for the one mapping to replies (handlers/refusals.py).

Who may act at all is said by ``contracts.roles`` (``NotAllowed``, ``OutOfScope``); these
say what else stands in the way.
"""

from contracts.errors import FieldProblem


class NotFound(Exception):
    """What the request names does not exist."""


class Refused(Exception):
    """The step is not possible now; the message says why."""


class Forbidden(Exception):
    """This role may not do this; the message says who may."""


class Invalid(Exception):
    """What was sent cannot be taken as it is; the message, and each field's problem."""

    def __init__(self, message: str, fields: list[FieldProblem] | None = None) -> None:
        super().__init__(message)
        self.fields = fields or []


class QuotaExceeded(Exception):
    """The account would hold more pending bytes than it may."""


NO_CANDIDACY = "No existe esa candidatura."
NO_ELECTION = "No existe esa elección."
MAX_PROBLEMS_LISTED = 2000  # a refusal lists at most these problems of a file
