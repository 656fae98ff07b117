"""Why a request to publication is refused: the exceptions its steps raise, each message
in Spanish, for the one mapping to replies (handlers/refusals.py)."""


class NotFound(Exception):
    """What the request names is not public, or does not exist."""


class Forbidden(Exception):
    """This role may not do this; the message says who may."""


NO_PHOTO = "No hay una fotografía publicada con esa huella."
FEED_ROLES = "Solo el INE y la administración del Instituto consultan los cambios publicados."
