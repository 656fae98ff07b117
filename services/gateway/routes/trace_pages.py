"""One trace's spans in the console (issue 16 item 5): from an incident, the tree of what a
linked request did in every service, as ``conoceles trace TRACE_ID`` shows it in a
terminal. Only the admin and technical support read it, as they read the logs: names and
routes show how the house is built. Of each span only a few attributes are shown
(``SHOWN_ATTRIBUTES`` in services/runtime/trace_tree.py), never a statement's text or an
address's query, where a person's name could be.

The spans are those this deployment's processes wrote to their local span files
(services/runtime/telemetry.py); when traces go to an OTLP collector instead, the page
says to look there.
"""

import asyncio
from datetime import datetime

from aiohttp import web

from contracts.errors import ErrorCode
from contracts.roles import Role
from contracts.spanish_dates import local, zone_name
from services.gateway.calls import principal_of
from services.gateway.forms import refused
from services.gateway.local_time import zone_of_reader
from services.gateway.rendering import render, signed_in
from services.gateway.routing import pages
from services.gateway.state import SETTINGS
from services.runtime.telemetry import traces_dir
from services.runtime.trace_tree import MAX_SPANS, SpanNode, read_trace, well_formed

TRACE = "/consola/trazas/{trace_id}"
READERS = (Role.ADMIN, Role.SUPPORT)
NOT_A_READER = "Las trazas las consultan la administración y el soporte técnico."
NOT_A_TRACE = (
    "No existe una traza con ese identificador: uno válido tiene 32 dígitos hexadecimales."
)
KIND_LABEL = {
    "SERVER": "servidor",
    "CLIENT": "cliente",
    "PRODUCER": "productor",
    "CONSUMER": "consumidor",
    "INTERNAL": "interno",
}
ATTRIBUTE_LABEL = {
    "http.route": "ruta",
    "http.response.status_code": "respuesta HTTP",
    "messaging.destination.name": "asunto",
    "db.statement.kind": "sentencia",
}


def lasted(duration_ms: float) -> str:
    """«5.00 ms», as the terminal writes it, never split from its unit."""
    return f"{duration_ms:.2f}\u00a0ms"


def beyond_its_name(node: SpanNode) -> list[tuple[str, str]]:
    """The attributes a span's name does not already say (a subject, a statement's kind)."""
    return [(name, value) for name, value in node.attributes if value not in node.name]


def started_at(moment: datetime, time_zone: str) -> str:
    """«16/12/2026 23:59:07 h (hora del centro de México)»: to the second, so that it can be
    matched with a log line."""
    return f"{local(moment, time_zone):%d/%m/%Y %H:%M:%S} h ({zone_name(time_zone)})"


@pages.route("GET", TRACE)
@signed_in
async def trace_page(request: web.Request) -> web.StreamResponse:
    principal = principal_of(request)
    if principal is None or principal.role not in READERS:
        raise refused(ErrorCode.FORBIDDEN, NOT_A_READER)
    trace_id = request.match_info["trace_id"].lower()
    if not well_formed(trace_id):
        raise refused(ErrorCode.NOT_FOUND, NOT_A_TRACE)
    settings = request.app[SETTINGS]
    # The span files can be large: read in a thread, so the other requests go on.
    tree = await asyncio.to_thread(read_trace, traces_dir(settings), trace_id)
    zone = zone_of_reader(request)
    return render(
        request,
        "traza.html",
        {
            "tree": tree,
            "max_spans": MAX_SPANS,
            "collector": bool(settings.otlp_endpoint),
            "started_at": lambda moment: started_at(moment, zone),
            "lasted": lasted,
            "kind_label": KIND_LABEL,
            "beyond_its_name": beyond_its_name,
            "attribute_label": ATTRIBUTE_LABEL,
        },
        folder="trazas",
    )
