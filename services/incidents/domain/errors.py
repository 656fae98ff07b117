"""Why a step of the incidents service is refused: the exceptions the rules raise, each
message in Spanish, for the one mapping to replies (handlers/refusals.py)."""


class NotFound(Exception):
    """What the request names does not exist, or not for this caller."""


class Refused(Exception):
    """The step is not possible now; the message says why."""


class Invalid(Exception):
    """What was sent cannot be taken as it is (a screenshot that is no image); the
    message says why."""


class Forbidden(Exception):
    """This role may not do this; the message says who may."""


NO_INCIDENT = "No existe ese incidente en la bitácora."
