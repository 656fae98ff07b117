"""What INE reads over HTTP (000 §5.2, 001 §29, 003 §28, 004 §29): the feed of every
publication change in order, ``GET /api/v1/ine/cambios?desde=N&limite=M`` (INE's
account or the administration; the same signed events its durable consumer receives,
deploy/nats/users.conf), and the key that verifies their signatures,
``GET /api/v1/publico/llave-publicacion`` (anyone: verifying needs no account).

Both only pass the call through to publication; ``siguiente`` in each page is the
``desde`` of the next one.
"""

from contracts.errors import ErrorCode
from contracts.ine import ChangesQuery
from contracts.operations import publication as publication_operations
from services.gateway.forwards import Forward, declare_forwards

TAG = "INE"
UNAVAILABLE = (ErrorCode.SERVICE_UNAVAILABLE, ErrorCode.TIMEOUT)

declare_forwards(
    TAG,
    Forward(
        "get_ine_changes",
        "GET /api/v1/ine/cambios",
        publication_operations.CHANGES_LIST,
        "Cambios de lo publicado, en orden y firmados, desde el número «desde» (INE)",
        (ErrorCode.UNAUTHENTICATED, ErrorCode.FORBIDDEN, ErrorCode.INVALID_REQUEST, *UNAVAILABLE),
        query=ChangesQuery,
    ),
    Forward(
        "get_publication_key",
        "GET /api/v1/publico/llave-publicacion",
        publication_operations.PUBLICATION_KEY,
        "Llave pública Ed25519 que firma cada cambio de lo publicado",
        UNAVAILABLE,
        anonymous=True,
    ),
)
