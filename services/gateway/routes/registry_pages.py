"""The admin's registry import page: choose the election, the file and its format; the
template to fill, one link per election and format.

The import is all or nothing (capture's registry.import): a refused file comes back as a
table of every problem — line, column, reason — so the admin fixes the file and imports
it again; an accepted one as the report of what changed.
"""

from collections.abc import Mapping

from aiohttp import web

from contracts.capture import (
    REGISTRY_COLUMN_LABELS,
    ElectionConfig,
    ImportFormat,
    ImportReport,
    RegistryImport,
    TemplateRequest,
    UploadPurpose,
)
from contracts.errors import ErrorCode, ErrorReply
from contracts.operations import capture as capture_operations
from contracts.roles import Role
from services.gateway.calls import ask, principal_of
from services.gateway.documents import document_response
from services.gateway.forms import DENIED, Problems, contract, status_of, typed, uploaded
from services.gateway.rendering import refusal_page, signed_in
from services.gateway.routes.capture import IMPORT_TIMEOUT_S
from services.gateway.routes.capture_pages import elections, render
from services.gateway.routing import pages
from services.gateway.uploads import send_file
from services.runtime.requests import RequestFailed

REGISTRY = "/consola/registro"
TEMPLATE = f"{REGISTRY}/plantilla"

FORMAT_LABEL = {
    ImportFormat.CSV: "CSV",
    ImportFormat.XLSX: "Excel (XLSX)",
    ImportFormat.JSON: "JSON",
}


async def registry_page(
    request: web.Request,
    *,
    problems: Problems | None = None,
    report: ImportReport | None = None,
    failed_rows: list[dict[str, str]] | None = None,
    status: int = 200,
) -> web.Response:
    known = await elections(request)
    return render(
        request,
        "registro.html",
        {
            "elections": list(known.values()),
            "formats": FORMAT_LABEL,
            "template": TEMPLATE,
            "problems": problems,
            "report": report,
            "failed_rows": failed_rows or [],
        },
        status=status,
    )


def _not_admin(request: web.Request) -> web.Response | None:
    """The page is the admin's; others learn so before any file travels."""
    principal = principal_of(request)
    if principal is not None and principal.role == Role.ADMIN:
        return None
    return refusal_page(
        request,
        ErrorReply.of(
            ErrorCode.FORBIDDEN,
            "El registro de candidaturas lo importa la administración del Instituto.",
        ),
    )


@pages.route("GET", REGISTRY)
@signed_in
async def registry(request: web.Request) -> web.StreamResponse:
    return _not_admin(request) or await registry_page(request)


def _unchosen(
    chosen: Mapping[str, str], known: Mapping[str, ElectionConfig], content: bytes | None
) -> dict[str, list[str]]:
    """What the form still lacks, before the file travels to capture."""
    reasons: dict[str, list[str]] = {}
    if chosen["election_id"] not in known:
        reasons["election_id"] = ["Elija una de las elecciones configuradas."]
    if chosen["formato"] not in FORMAT_LABEL:
        reasons["formato"] = ["Elija el formato del archivo."]
    if content is None:
        reasons["archivo"] = ["Elija el archivo del registro."]
    return reasons


@pages.route("POST", REGISTRY)
@signed_in
async def import_registry(request: web.Request) -> web.StreamResponse:
    if refusal := _not_admin(request):
        return refusal
    form = await request.post()
    chosen = {name: typed(form, name) or "" for name in ("election_id", "formato")}
    content = uploaded(form, "archivo")
    reasons = _unchosen(chosen, await elections(request), content)
    if reasons or content is None:
        problems = Problems("Revise los campos señalados.", reasons, "registro", chosen)
        return await registry_page(request, problems=problems, status=422)
    try:
        order = RegistryImport(
            election_id=chosen["election_id"],
            upload_id=await send_file(
                request, content, UploadPurpose.REGISTRY, chosen["election_id"]
            ),
            format=ImportFormat(chosen["formato"]),
        )
        # A whole registry takes longer than the usual few seconds: the API's wait.
        report = await ask(
            request, capture_operations.REGISTRY_IMPORT, order, timeout_s=IMPORT_TIMEOUT_S
        )
    except RequestFailed as failed:
        if failed.error.code in DENIED:
            raise  # not a form to fix: the refusal page says why
        rows = [
            {
                "line": "—" if p.line is None else str(p.line),
                "field": REGISTRY_COLUMN_LABELS.get(p.field, p.field),
                "reason": p.reason,
            }
            for p in failed.error.fields
        ]
        problems = Problems(failed.error.detail, form="registro", values=chosen)
        return await registry_page(
            request, problems=problems, failed_rows=rows, status=status_of(failed.error)
        )
    return await registry_page(request, report=report)


@pages.route("GET", TEMPLATE)
@signed_in
async def registry_template(request: web.Request) -> web.StreamResponse:
    """``?election_id=…&formato=csv|xlsx``: the file, as a download."""
    if refusal := _not_admin(request):
        return refusal
    order = contract(TemplateRequest, {k: request.query.get(k) for k in ("election_id", "formato")})
    return document_response(await ask(request, capture_operations.REGISTRY_TEMPLATE, order))
