"""``GET /formato-consentimiento``: the blank consent format, for anyone (000 §3.11).
The front page, ``/``, is the public search (public_pages.py); the services' health
table it once showed is ``/salud`` in a browser."""

from aiohttp import web

from contracts.capture import BlankConsentFormat
from contracts.operations import capture as capture_operations
from services.gateway.calls import ask
from services.gateway.documents import document_response
from services.gateway.routing import pages


@pages.route("GET", "/formato-consentimiento")
async def blank_consent_format(request: web.Request) -> web.StreamResponse:
    order = BlankConsentFormat.model_construct(election_id=None)
    blank = await ask(request, capture_operations.CONSENT_BLANK_FORMAT, order, anonymous=True)
    return document_response(blank)
