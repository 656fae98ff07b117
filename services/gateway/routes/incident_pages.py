"""The bitácora's pages (issue 16; 000 §6.2, 003 §34, 004 §36): any signed-in person
reports a failure (when, where, the kind of anomaly, what failed) and follows their own
reports; support and the admin see the whole bitácora, filtered by date, status, module,
origin and reporter, open an incident with the traces it points at, and work it.

Over the same incidents operations as the JSON API (incident_api.py); a refusal comes
back on its page with what was typed. No JavaScript."""

from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from aiohttp import web

from contracts.accounts import AccountIds, Username
from contracts.errors import ErrorCode
from contracts.incidents import (
    ANOMALY_LABEL,
    MODULE_LABEL,
    SCREENSHOTS_PER_REPORT,
    SOURCE_LABEL,
    STATUS_LABEL,
    AssignIncident,
    IncidentExport,
    IncidentQuery,
    IncidentRef,
    IncidentStatus,
    LogFormat,
    MoveIncident,
    NoteIncident,
    ScreenshotRef,
)
from contracts.operations import accounts as account_operations
from contracts.operations import incidents as incident_operations
from contracts.roles import Role
from services.gateway.calls import ask, principal_of
from services.gateway.documents import document_response
from services.gateway.forms import (
    DENIED,
    Problems,
    contract,
    form_action,
    refusal_shown_on,
    refused,
    shown,
    typed,
)
from services.gateway.local_time import typed_moment_in, zone_of_reader
from services.gateway.params import path_parameter
from services.gateway.rendering import render, see_other, signed_in
from services.gateway.routes.capture_pages import closes
from services.gateway.routes.incident_api import Report, send_screenshot, with_last_requests
from services.gateway.routing import pages
from services.runtime.requests import RequestFailed

INCIDENTS = "/incidentes"
NOT_THE_FORMS = (*DENIED, ErrorCode.NOT_FOUND)
DONE = {
    "reportado": "Se registró su reporte. El área de soporte lo atiende (abajo dice cuándo "
    "vence) y usted recibirá un aviso en cada paso.",
    "movido": "Se actualizó el estado del incidente; quien lo reportó recibe un aviso.",
    "asignado": "El incidente queda a su cargo.",
    "anotado": "Se agregó la nota a la bitácora.",
    "sin-periodo": "Para descargar la bitácora indique el primer y el último día del periodo.",
    "capturas": "Se adjuntaron las capturas de pantalla.",
    "captura-rechazada": "Se registró su reporte, pero no todas las capturas de pantalla se "
    "adjuntaron: cada una debe ser una imagen PNG o JPEG de 5 MB a lo más, y un reporte lleva "
    "cinco a lo más. Puede adjuntarlas abajo.",
}
NEXT_STEPS = {
    IncidentStatus.RECEIVED: [IncidentStatus.IN_PROGRESS, IncidentStatus.RESOLVED],
    IncidentStatus.IN_PROGRESS: [IncidentStatus.RESOLVED],
    IncidentStatus.RESOLVED: [IncidentStatus.REPORTED_BACK, IncidentStatus.IN_PROGRESS],
    IncidentStatus.REPORTED_BACK: [],
}
STEP_BUTTON = {
    IncidentStatus.IN_PROGRESS: "En atención",
    IncidentStatus.RESOLVED: "Resuelto",
    IncidentStatus.REPORTED_BACK: "Resuelto e informado a quien lo reportó",
}


def _page(
    request: web.Request, template: str, context: dict[str, Any], status: int = 200
) -> web.Response:
    context = {"due": closes(request), **context}  # «04/12/2026 23:59 h», not the midnight after
    return render(request, template, context, status=status, folder="incidentes")


def _works(request: web.Request) -> bool:
    principal = principal_of(request)
    return principal is not None and principal.role in (Role.SUPPORT, Role.ADMIN)


def _day(typed_day: str | None, zone: str, *, end: bool = False) -> datetime | None:
    """A day of the filter («desde», «hasta» inclusive) as the moment it starts (or the
    next one starts) where the institute is; None when not a day."""
    if not typed_day:
        return None
    try:
        day = datetime.strptime(typed_day, "%Y-%m-%d").date()
    except ValueError:
        return None
    if end:
        day += timedelta(days=1)
    return datetime.combine(day, time(0), tzinfo=ZoneInfo(zone))


async def _reporter(request: web.Request, typed_name: str) -> str | None:
    """The account a filter names by its username (support reads usernames, not ids); a
    name no account has filters to nothing."""
    if not typed_name or not _works(request):
        return None
    try:
        found = await ask(request, account_operations.ACCOUNT_FIND, Username(usuario=typed_name))
    except RequestFailed as failed:
        if failed.error.code is not ErrorCode.NOT_FOUND:
            raise
        return typed_name
    return found.account_id


async def _names(request: web.Request, account_ids: list[str | None]) -> dict[str, str]:
    """How the accounts the page shows are named («usuario (nombre)»), as far as the
    reader may know them; an id the reader may not name is shown as it is."""
    wanted = sorted({a for a in account_ids if a})
    if not wanted:
        return {}
    known = await ask(request, account_operations.ACCOUNT_NAMES, AccountIds(ids=wanted[:100]))
    return known.names


def _choice(value: str | None, labels: dict[Any, str]) -> Any:
    return next((known for known in labels if known.value == value), None)


@pages.route("GET", INCIDENTS)
@signed_in
async def incident_list(request: web.Request) -> web.StreamResponse:
    """Support and the admin: the bitácora, filtered; anyone else: their own reports."""
    zone = zone_of_reader(request)
    asked = request.query
    try:
        page = max(1, int(asked.get("pagina", "1")))
    except ValueError:
        page = 1
    query = IncidentQuery(
        status=_choice(asked.get("estado"), STATUS_LABEL),
        module=_choice(asked.get("modulo"), MODULE_LABEL),
        source=_choice(asked.get("origen"), SOURCE_LABEL),
        reporter=await _reporter(request, (asked.get("reporta") or "").strip()[:60]),
        since=_day(asked.get("desde"), zone),
        until=_day(asked.get("hasta"), zone, end=True),
        page=page,
    )
    listing = await ask(request, incident_operations.INCIDENT_LIST, query)
    pages_total = max(1, -(-listing.total // listing.per_page))
    kept = {k: v for k, v in asked.items() if k != "pagina" and v}
    shown_ids = [i.reporter for i in listing.incidents] if _works(request) else []
    context = {
        "names": await _names(request, shown_ids),
        "listing": listing,
        "works": _works(request),
        "filters": kept,
        "statuses": STATUS_LABEL,
        "modules": MODULE_LABEL,
        "sources": SOURCE_LABEL,
        "page": page,
        "pages_total": pages_total,
        "done": DONE.get(asked.get("hecho", "")),
    }
    return _page(request, "lista.html", context)


async def _report_page(
    request: web.Request, problems: Problems | None = None, status: int = 200
) -> web.Response:
    context = {
        "problems": problems,
        "modules": MODULE_LABEL,
        "anomalies": ANOMALY_LABEL,
        "works": _works(request),
        "now": datetime.now(ZoneInfo(zone_of_reader(request))).strftime("%Y-%m-%dT%H:%M"),
    }
    return _page(request, "nuevo.html", context, status)


@pages.route("GET", INCIDENTS + "/nuevo")
@signed_in
async def new_report(request: web.Request) -> web.StreamResponse:
    return await _report_page(request)


@pages.route("POST", INCIDENTS)
@signed_in
@form_action
async def file_report(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    names = ("happened_at", "module", "anomaly", "description", "on_behalf_of")

    async def shown_again(request: web.Request, problems: Problems, status: int) -> web.Response:
        return await _report_page(request, problems, status)

    shots = _screenshots_in(form)
    with refusal_shown_on(shown_again, "reporte", shown(form, *names), passes=DENIED):
        zone = zone_of_reader(request)
        happened = typed_moment_in(typed(form, "happened_at") or "", zone)
        on_behalf_of = None
        if username := typed(form, "on_behalf_of"):  # support, for a report sent by e-mail
            found = await ask(request, account_operations.ACCOUNT_FIND, Username(usuario=username))
            on_behalf_of = found.account_id
        data = {
            "happened_at": happened,
            "module": typed(form, "module"),
            "anomaly": typed(form, "anomaly"),
            "description": typed(form, "description"),
            "on_behalf_of": on_behalf_of,
        }
        report = contract(Report, data)
        filed = await ask(
            request, incident_operations.REPORT_FILE, with_last_requests(request, report)
        )
    done = "reportado"
    for content in shots[:SCREENSHOTS_PER_REPORT]:
        try:
            await send_screenshot(request, filed.incident_id, content)
        except RequestFailed as failed:
            if failed.error.code in DENIED:
                raise
            done = "captura-rechazada"
    if len(shots) > SCREENSHOTS_PER_REPORT:
        done = "captura-rechazada"
    return see_other(f"{INCIDENTS}/{filed.incident_id}?hecho={done}")


def _screenshots_in(form: Any) -> list[bytes]:
    """The files chosen in the form's «capturas» (none chosen: an empty part, skipped)."""
    chosen = []
    for part in form.getall("capturas", []):
        if isinstance(part, web.FileField):
            content = part.file.read()
            if content:
                chosen.append(content)
    return chosen


@pages.route("GET", INCIDENTS + "/descarga")
@signed_in
async def download_log(request: web.Request) -> web.StreamResponse:
    """The period's bitácora (the days typed, inclusive, where the institute is)."""
    zone = zone_of_reader(request)
    asked = request.query
    since, until = _day(asked.get("desde"), zone), _day(asked.get("hasta"), zone, end=True)
    if since is None or until is None or until <= since:
        return see_other(f"{INCIDENTS}?hecho=sin-periodo")
    export = IncidentExport(
        format=_choice(asked.get("formato"), {f: f.value for f in LogFormat}) or LogFormat.CSV,
        since=since,
        until=until,
        time_zone=zone,
    )
    document = await ask(request, incident_operations.INCIDENT_EXPORT, export)
    return document_response(document)


def _incident_id(request: web.Request) -> str:
    return path_parameter(request, "incident_id")


async def _incident_page(
    request: web.Request, problems: Problems | None = None, status: int = 200
) -> web.Response:
    ref = IncidentRef.model_construct(incident_id=_incident_id(request))
    view = await ask(request, incident_operations.INCIDENT_GET, ref)
    people = [view.reporter, view.filed_by, view.assignee, *(n.author for n in view.notes)]
    context = {
        "names": await _names(request, people),
        "view": view,
        "works": _works(request),
        "steps": [(to.value, STEP_BUTTON[to]) for to in NEXT_STEPS[view.status]],
        "more_screenshots": SCREENSHOTS_PER_REPORT - len(view.screenshots),
        "problems": problems,
        "done": DONE.get(request.query.get("hecho", "")),
    }
    return _page(request, "detalle.html", context, status)


@pages.route("GET", INCIDENTS + "/{incident_id}")
@signed_in
async def incident_page(request: web.Request) -> web.StreamResponse:
    return await _incident_page(request)


async def _shown_again(request: web.Request, problems: Problems, status: int) -> web.Response:
    return await _incident_page(request, problems, status)


@pages.route("POST", INCIDENTS + "/{incident_id}/capturas")
@signed_in
@form_action
async def add_screenshots(request: web.Request) -> web.StreamResponse:
    iid, form = _incident_id(request), await request.post()
    shots = _screenshots_in(form)
    with refusal_shown_on(_shown_again, "capturas", passes=NOT_THE_FORMS):
        if not shots:
            raise refused(ErrorCode.INVALID_REQUEST, "Elija al menos una captura de pantalla.")
        for content in shots:
            await send_screenshot(request, iid, content)
    return see_other(f"{INCIDENTS}/{iid}?hecho=capturas")


@pages.route("GET", INCIDENTS + "/{incident_id}/capturas/{sha256}")
@signed_in
async def screenshot(request: web.Request) -> web.StreamResponse:
    ref = ScreenshotRef.model_construct(
        incident_id=_incident_id(request), sha256=path_parameter(request, "sha256")
    )
    return document_response(await ask(request, incident_operations.SCREENSHOT_GET, ref))


@pages.route("POST", INCIDENTS + "/{incident_id}/estado")
@signed_in
@form_action
async def move_incident(request: web.Request) -> web.StreamResponse:
    iid, form = _incident_id(request), await request.post()
    with refusal_shown_on(_shown_again, "estado", shown(form, "note"), passes=NOT_THE_FORMS):
        data = {"incident_id": iid, "to": typed(form, "to"), "note": typed(form, "note")}
        await ask(request, incident_operations.INCIDENT_MOVE, contract(MoveIncident, data))
    return see_other(f"{INCIDENTS}/{iid}?hecho=movido")


@pages.route("POST", INCIDENTS + "/{incident_id}/asignar")
@signed_in
@form_action
async def assign_incident(request: web.Request) -> web.StreamResponse:
    iid, form = _incident_id(request), await request.post()
    with refusal_shown_on(_shown_again, "asignar", shown(form, "assignee"), passes=NOT_THE_FORMS):
        data = {"incident_id": iid, "assignee": typed(form, "assignee")}
        await ask(request, incident_operations.INCIDENT_ASSIGN, contract(AssignIncident, data))
    return see_other(f"{INCIDENTS}/{iid}?hecho=asignado")


@pages.route("POST", INCIDENTS + "/{incident_id}/nota")
@signed_in
@form_action
async def note_incident(request: web.Request) -> web.StreamResponse:
    iid, form = _incident_id(request), await request.post()
    with refusal_shown_on(_shown_again, "nota", shown(form, "note"), passes=NOT_THE_FORMS):
        data = {"incident_id": iid, "note": typed(form, "note")}
        await ask(request, incident_operations.INCIDENT_NOTE, contract(NoteIncident, data))
    return see_other(f"{INCIDENTS}/{iid}?hecho=anotado")
