"""``GET /``: the public portal's front page; ``GET /formato-consentimiento``: the blank
consent format, for anyone (000 §3.11)."""

import aiohttp_jinja2
from aiohttp import web

from contracts.capture import BlankConsentFormat
from contracts.operations import capture as capture_operations
from services.gateway.calls import ask
from services.gateway.documents import document_response
from services.gateway.middlewares import REQUEST_ID
from services.gateway.routes.health import system_health
from services.gateway.routing import pages


@pages.route("GET", "/")
async def home(request: web.Request) -> web.Response:
    health = await system_health(request.app, request[REQUEST_ID])
    return aiohttp_jinja2.render_template("portal.html", request, {"health": health})


@pages.route("GET", "/formato-consentimiento")
async def blank_consent_format(request: web.Request) -> web.StreamResponse:
    order = BlankConsentFormat.model_construct(election_id=None)
    blank = await ask(request, capture_operations.CONSENT_BLANK_FORMAT, order, anonymous=True)
    return document_response(blank)
