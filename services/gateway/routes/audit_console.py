"""The activity log's console page: filters, the entries, the latest signed checkpoint,
an export of the selection as CSV and a "verificar ahora" for admins and support.

Parties and candidates reach the same page and see only the entries about their own
candidacies (the transparency view): the audit service decides, from the principal.
"""

import contextlib
from typing import Any
from urllib.parse import urlencode

from aiohttp import web
from pydantic import ValidationError

from contracts.audit import EntryPage, EntrySearch, LogVerification
from contracts.operations import audit as audit_operations
from contracts.requests import Empty
from contracts.roles import Role
from contracts.validation_messages import field_problems
from services.gateway.calls import ask, principal_of
from services.gateway.local_time import typed_moment_in, zone_of_reader
from services.gateway.rendering import render, signed_in
from services.gateway.routes.audit import VERIFY_TIMEOUT_S
from services.gateway.routing import pages
from services.runtime.requests import RequestFailed

CONSOLE = "/consola/bitacora"
FILTERS = (
    "desde",
    "hasta",
    "cuenta",
    "rol",
    "servicio",
    "accion",
    "objetivo_tipo",
    "objetivo_id",
    "resultado",
    "orden",
)
MOMENTS = ("desde", "hasta")
OUTCOME_LABEL = {"ok": "correcta", "denied": "denegada", "invalid": "inválida", "error": "error"}


def _typed_filters(request: web.Request) -> dict[str, str]:
    return {name: value.strip() for name in FILTERS if (value := request.query.get(name, ""))}


async def _page(request: web.Request, verification: LogVerification | None = None) -> web.Response:
    typed = _typed_filters(request)
    zone = zone_of_reader(request)
    sought = {  # datetime-local carries no zone: the labels say it is the institute's
        name: typed_moment_in(value, zone) if name in MOMENTS else value
        for name, value in typed.items()
    }
    problems: dict[str, list[str]] = {}
    page: EntryPage | None = None
    try:
        search = EntrySearch.model_validate({**sought, "pagina": request.query.get("pagina", 1)})
    except ValidationError as error:
        for problem in field_problems(error):
            problems.setdefault(problem.field, []).append(problem.reason)
    else:
        page = await ask(request, audit_operations.ENTRIES_SEARCH, search)
    checkpoint = None
    with contextlib.suppress(RequestFailed):  # an empty log has no checkpoint yet
        checkpoint = await ask(request, audit_operations.CHECKPOINT_LATEST, Empty())
    principal = principal_of(request)
    assert principal is not None
    context: dict[str, Any] = {
        "outcome_label": OUTCOME_LABEL,
        "filters": typed,
        "problems": problems,
        "page": page,
        "checkpoint": checkpoint,
        "verification": verification,
        "whole_log": principal.role in (Role.ADMIN, Role.SUPPORT),
        "csv_url": "/api/v1/auditoria/entradas.csv?" + urlencode(sought),
        "page_url": lambda n: CONSOLE + "?" + urlencode({**typed, "pagina": n}),
    }
    status = 422 if problems else 200
    return render(request, "consola.html", context, status=status, folder="auditoria")


@pages.route("GET", CONSOLE)
@signed_in
async def console(request: web.Request) -> web.StreamResponse:
    return await _page(request)


@pages.route("POST", "/consola/bitacora/verificar")
@signed_in
async def verify(request: web.Request) -> web.StreamResponse:
    """Recomputing a large log takes seconds: this call waits longer than others."""
    verification = await ask(
        request, audit_operations.LOG_VERIFY, Empty(), timeout_s=VERIFY_TIMEOUT_S
    )
    return await _page(request, verification)
