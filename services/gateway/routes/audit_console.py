"""The activity log's console page: filters, the entries, the latest signed checkpoint,
an export of the selection as CSV and a "verificar ahora" for admins and support.

Parties and candidates reach the same page and see only the entries about their own
candidacies (the transparency view): the audit service decides, from the principal.
"""

import contextlib
from typing import Any
from urllib.parse import urlencode

import aiohttp_jinja2
from aiohttp import web
from pydantic import ValidationError

from contracts.audit import EntryPage, EntrySearch, LogVerification, SignedCheckpoint
from contracts.requests import Empty
from contracts.roles import ROLE_LABEL, Role
from contracts.services import ServiceName
from services.gateway.calls import ask, principal_of
from services.gateway.routes.account_pages import signed_in, when
from services.gateway.routes.audit import verify_now
from services.gateway.sessions import CSRF_TOKEN
from services.runtime.requests import RequestFailed
from services.runtime.validation_messages import field_problems

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
OUTCOME_LABEL = {"ok": "correcta", "denied": "denegada", "invalid": "inválida", "error": "error"}


def _typed_filters(request: web.Request) -> dict[str, str]:
    return {name: value.strip() for name in FILTERS if (value := request.query.get(name, ""))}


async def _page(request: web.Request, verification: LogVerification | None = None) -> web.Response:
    typed = _typed_filters(request)
    problems: dict[str, list[str]] = {}
    page: EntryPage | None = None
    try:
        search = EntrySearch.model_validate({**typed, "pagina": request.query.get("pagina", 1)})
    except ValidationError as error:
        for problem in field_problems(error):
            problems.setdefault(problem.field, []).append(problem.reason)
    else:
        page = EntryPage.model_validate(
            await ask(request, ServiceName.AUDIT, "entries.search", search)
        )
    checkpoint = None
    with contextlib.suppress(RequestFailed):  # an empty log has no checkpoint yet
        checkpoint = SignedCheckpoint.model_validate(
            await ask(request, ServiceName.AUDIT, "checkpoint.latest", Empty())
        )
    principal = principal_of(request)
    assert principal is not None
    context: dict[str, Any] = {
        "csrf": request[CSRF_TOKEN],
        "principal": principal,
        "when": when,
        "role_label": lambda role: ROLE_LABEL.get(role, role),
        "outcome_label": OUTCOME_LABEL,
        "filters": typed,
        "problems": problems,
        "page": page,
        "checkpoint": checkpoint,
        "verification": verification,
        "whole_log": principal.role in (Role.ADMIN, Role.SUPPORT),
        "csv_url": "/api/v1/auditoria/entradas.csv?" + urlencode(typed),
        "page_url": lambda n: CONSOLE + "?" + urlencode({**typed, "pagina": n}),
    }
    return aiohttp_jinja2.render_template(
        "auditoria/consola.html", request, context, status=422 if problems else 200
    )


@signed_in
async def console(request: web.Request) -> web.StreamResponse:
    return await _page(request)


@signed_in
async def verify(request: web.Request) -> web.StreamResponse:
    verification = LogVerification.model_validate(await verify_now(request))
    return await _page(request, verification)
