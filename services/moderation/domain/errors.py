"""Why a step of moderation is refused: the exceptions the rules raise, each message in
Spanish, for the one mapping to replies (handlers/refusals.py). Who may act at all is
said by ``contracts.roles`` (``NotAllowed``, ``OutOfScope``)."""


class NotFound(Exception):
    """What the request names does not exist, or not for this caller."""


class Refused(Exception):
    """The step is not possible now; the message says why."""


class Forbidden(Exception):
    """This role may not do this; the message says who may."""


NO_CANDIDACY = "No existe esa candidatura validada en la elección."
NO_ELECTION = "No existe esa elección."
