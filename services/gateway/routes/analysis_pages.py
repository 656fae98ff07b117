"""The analysis area's page (004 §4.V, §45-48): an election's capture-progress reports —
the scheduled cut-offs, the reports made with their PDF and CSV, and one made on demand —
the curricular quality per party with its CSV, and the identity data matrix as CSV
without names (004 §6). For the analysis area and the admin; server-rendered in Spanish,
usable without JavaScript, over the same operations as the JSON API (analysis_api.py)."""

from typing import Any
from urllib.parse import quote

from aiohttp import web

from contracts.analysis import REPORT_KIND_LABEL, ReportDownload, ReportRequest
from contracts.capture import StatisticsRequest
from contracts.errors import ErrorCode
from contracts.moderation import CedulaQuality, ElectionOf
from contracts.operations import capture as capture_operations
from contracts.operations import moderation as moderation_operations
from contracts.requests import Principal
from contracts.roles import Role
from contracts.spanish_dates import cutoff_moment
from services.gateway.calls import ask, principal_of
from services.gateway.documents import document_response
from services.gateway.forms import (
    DENIED,
    Problems,
    contract,
    form_action,
    refusal_shown_on,
    refused,
    typed,
)
from services.gateway.local_time import written, zone_of_election
from services.gateway.params import path_parameter
from services.gateway.rendering import render, see_other, signed_in
from services.gateway.routes.consent_review_pages import chosen_election
from services.gateway.routing import pages
from services.runtime.requests import RequestFailed

ANALYSIS = "/analisis"
READERS = (Role.ANALYST, Role.ADMIN)
NOT_READER = "El análisis es del área de análisis y de la administración del Instituto."
DONE = {"informe": "Se elaboró el informe de avance."}


def reader(request: web.Request) -> Principal:
    principal = principal_of(request)
    if principal is None or principal.role not in READERS:
        raise refused(ErrorCode.FORBIDDEN, NOT_READER)
    return principal


def number(value: float | None) -> str:
    """«12.50»; a dash where there is nothing to average yet."""
    return "—" if value is None else f"{value:.2f}"


async def _quality(request: web.Request, election_id: str) -> tuple[CedulaQuality | None, str]:
    """The quality per party, or why the election has none (its profile has no Cédula)."""
    try:
        quality = await ask(
            request, moderation_operations.CEDULA_QUALITY, ElectionOf(election_id=election_id)
        )
    except RequestFailed as failed:
        if failed.error.code is not ErrorCode.CONFLICT:
            raise
        return None, failed.error.detail or ""
    return quality, ""


async def analysis_page(
    request: web.Request, problems: Problems | None = None, status: int = 200
) -> web.Response:
    reader(request)
    election, choices = await chosen_election(request)
    election_id = election.election_id
    reports = await ask(
        request,
        capture_operations.PROGRESS_REPORT_LIST,
        ReportRequest(election_id=election_id),
    )
    quality, no_quality = await _quality(request, election_id)
    zone = zone_of_election(request, election_id)
    context: dict[str, Any] = {
        "election": election,
        "choices": choices,
        "reports": reports,
        "kinds": REPORT_KIND_LABEL,
        "quality": quality,
        "no_quality": no_quality,
        "number": number,
        "at": lambda moment: written(moment, zone),
        "told": lambda moment: cutoff_moment(moment, zone),
        "done": DONE.get(request.query.get("hecho", "")),
        "problems": problems,
    }
    return render(request, "analisis.html", context, status=status, folder="analisis")


@pages.route("GET", ANALYSIS)
@signed_in
async def analysis(request: web.Request) -> web.StreamResponse:
    return await analysis_page(request)


@pages.route("POST", ANALYSIS + "/informes")
@signed_in
@form_action
async def make_report(request: web.Request) -> web.StreamResponse:
    reader(request)
    form = await request.post()
    election = typed(form, "eleccion") or ""
    with refusal_shown_on(analysis_page, "informe", passes=(*DENIED, ErrorCode.NOT_FOUND)):
        order = contract(ReportRequest, {"election_id": election})
        await ask(request, capture_operations.PROGRESS_REPORT_MAKE, order)
    return see_other(f"{ANALYSIS}?eleccion={quote(election)}&hecho=informe")


@pages.route("GET", ANALYSIS + "/informes/{report_id}")
@signed_in
async def report_download(request: web.Request) -> web.StreamResponse:
    reader(request)
    order = contract(
        ReportDownload,
        {
            "report_id": path_parameter(request, "report_id"),
            "formato": request.query.get("formato", ""),
        },
    )
    return document_response(await ask(request, capture_operations.PROGRESS_REPORT_GET, order))


@pages.route("GET", ANALYSIS + "/calidad")
@signed_in
async def quality_download(request: web.Request) -> web.StreamResponse:
    reader(request)
    election, _ = await chosen_election(request)
    ref = ElectionOf(election_id=election.election_id)
    return document_response(await ask(request, moderation_operations.CEDULA_QUALITY_EXPORT, ref))


@pages.route("GET", ANALYSIS + "/matriz")
@signed_in
async def matrix_download(request: web.Request) -> web.StreamResponse:
    reader(request)
    election, _ = await chosen_election(request)
    ref = StatisticsRequest(election_id=election.election_id)
    return document_response(await ask(request, capture_operations.STATISTICS_MATRIX_EXPORT, ref))
