"""``GET /``: the public portal's front page."""

import aiohttp_jinja2
from aiohttp import web

from services.gateway.middlewares import REQUEST_ID
from services.gateway.routes.health import system_health
from services.gateway.routing import pages


@pages.route("GET", "/")
async def home(request: web.Request) -> web.Response:
    health = await system_health(request.app, request[REQUEST_ID])
    return aiohttp_jinja2.render_template("portal.html", request, {"health": health})
