"""``GET /aviso-de-privacidad``: the privacy notices (integral and simplified), by version.

They are versioned documents (``deploy/avisos/<tipo>-v<version>.txt``); each acceptance
records the version accepted (capture), so what a candidacy accepted can be read again.
"""

import re
from pathlib import Path

import aiohttp_jinja2
from aiohttp import web

from services.gateway.known_elections import KNOWN_ELECTIONS, election_of_reader
from services.gateway.public_short_way import public_read
from services.gateway.routes.public_pages import viewer_of
from services.gateway.routing import pages
from services.gateway.state import SETTINGS

NOTICES = Path(__file__).resolve().parents[3] / "deploy" / "avisos"
KINDS = {
    "integral": "Aviso de privacidad integral",
    "simplificado": "Aviso de privacidad simplificado",
}
VERSION = re.compile(r"^[0-9A-Za-z.-]{1,20}$")


@public_read
@pages.route("GET", "/aviso-de-privacidad")
async def privacy_notice(request: web.Request) -> web.Response:
    kind = request.query.get("tipo", "integral")
    version = request.query.get("version", "1")
    path = NOTICES / f"{kind}-v{version}.txt"
    if kind not in KINDS or not VERSION.match(version) or not path.is_file():
        raise web.HTTPNotFound
    known = request.app[KNOWN_ELECTIONS].institute_for(election_of_reader(request))
    institute = known or request.app[SETTINGS].institute_name
    paragraphs = [
        p.strip().format(institute=institute)
        for p in path.read_text(encoding="utf-8").split("\n\n")
        if p.strip()
    ]
    other = "simplificado" if kind == "integral" else "integral"
    context = {
        "title": KINDS[kind],
        "version": version,
        "paragraphs": paragraphs,
        "other": other,
        "kinds": KINDS,
        "viewer": viewer_of(request),
    }
    return aiohttp_jinja2.render_template("publico/aviso.html", request, context)
