"""The Cédula de Evaluación's console pages (001 §6): the elections, an election's results
per party with the CSV and XLSX downloads, and one candidacy's Cédula — its rubros and
variables, the automatic marks shown as such and the verifier's boxes to tick, with the
total and the percentage. Each person of the formula has a Cédula of its own (004 §46):
the page is the owner's, or with ``?persona=suplente`` the alternate's, and shows both
people's scores side by side.

Server-rendered in Spanish, usable without JavaScript, over the same moderation
operations as the JSON API (cedula_api.py). The verifier scores; the admin reads. An
election whose profile has no Cédula is refused by the service, with its reason.
"""

from typing import Any
from urllib.parse import quote

from aiohttp import web

from contracts.capture import ElectionConfig
from contracts.errors import ErrorCode
from contracts.events.capture import Person
from contracts.moderation import (
    Cedula,
    CedulaExport,
    CedulaQuery,
    CedulaRef,
    CedulaScore,
    ExportFormat,
)
from contracts.operations import capture as capture_operations
from contracts.operations import moderation as moderation_operations
from contracts.requests import Empty, Principal
from contracts.roles import Role
from services.gateway.calls import ask, principal_of
from services.gateway.documents import document_response
from services.gateway.forms import Problems, contract, form_action, refusal_shown_on, refused
from services.gateway.params import path_parameter
from services.gateway.rendering import render, see_other, signed_in
from services.gateway.routing import pages

CEDULA = "/consola/cedula"
STAFF = (Role.VERIFIER, Role.ADMIN)
NOT_STAFF = "La Cédula de Evaluación es del personal verificador y de la administración."
DONE = {"calificada": "Se guardó la calificación."}
FORMATS = {ExportFormat.CSV: "CSV", ExportFormat.XLSX: "Excel (XLSX)"}


def staff(request: web.Request) -> Principal:
    principal = principal_of(request)
    if principal is None or principal.role not in STAFF:
        raise refused(ErrorCode.FORBIDDEN, NOT_STAFF)
    return principal


def percent(value: float | None) -> str:
    """«85.71 %»; a dash where there is nothing to average yet."""
    return "—" if value is None else f"{value:.2f}\u00a0%"  # never split from its sign


def cedula_render(
    request: web.Request, template: str, context: dict[str, Any], status: int = 200
) -> web.Response:
    common = {
        "percent": percent,
        "formats": FORMATS,
        "done": DONE.get(request.query.get("hecho", "")),
    }
    return render(request, template, {**common, **context}, status=status, folder="moderacion")


@pages.route("GET", CEDULA)
@signed_in
async def cedula_elections(request: web.Request) -> web.StreamResponse:
    principal = staff(request)
    listing = await ask(request, capture_operations.ELECTION_LIST, Empty())
    reached: list[ElectionConfig] = [
        e for e in listing.elections if principal.election_id in (None, e.election_id)
    ]
    return cedula_render(request, "cedula.html", {"elections": reached})


@pages.route("GET", CEDULA + "/{election_id}")
@signed_in
async def cedula_results(request: web.Request) -> web.StreamResponse:
    staff(request)
    election_id = path_parameter(request, "election_id")
    party = request.query.get("partido", "").strip()[:60] or None
    query = contract(CedulaQuery, {"eleccion": election_id, "partido": party})
    results = await ask(request, moderation_operations.CEDULA_PARTY_RESULTS, query)
    names = {p.party: p.party_name for p in results.parties}
    return cedula_render(
        request,
        "cedula_resultados.html",
        {"results": results, "party": party, "party_names": names},
    )


@pages.route("GET", CEDULA + "/{election_id}/descarga")
@signed_in
async def cedula_download(request: web.Request) -> web.StreamResponse:
    staff(request)
    party = request.query.get("partido", "").strip()[:60] or None
    order = contract(
        CedulaExport,
        {
            "eleccion": path_parameter(request, "election_id"),
            "partido": party,
            "formato": request.query.get("formato", ""),
        },
    )
    return document_response(await ask(request, moderation_operations.CEDULA_EXPORT, order))


def whose(request: web.Request) -> dict[str, str]:
    """Whose Cédula the page is of: ``?persona=suplente``, else the owner's."""
    persona = request.query.get("persona", "").strip()
    return {"persona": persona} if persona else {}


def address_of(cedula: Cedula) -> str:
    """The page of this person's Cédula."""
    address = f"{CEDULA}/candidatura/{quote(cedula.candidacy_id)}"
    return address + ("?persona=suplente" if cedula.persona is Person.ALTERNATE else "")


async def candidacy_page(
    request: web.Request, problems: Problems | None = None, status: int = 200
) -> web.Response:
    cid = path_parameter(request, "candidacy_id")
    ref = contract(CedulaRef, {"candidacy_id": cid, **whose(request)})
    cedula: Cedula = await ask(request, moderation_operations.CEDULA_GET, ref)
    principal = staff(request)
    formula = [cedula]
    if cedula.has_alternate:
        other = Person.OWNER if cedula.persona is Person.ALTERNATE else Person.ALTERNATE
        other_ref = CedulaRef(candidacy_id=cedula.candidacy_id, persona=other)
        formula.append(await ask(request, moderation_operations.CEDULA_GET, other_ref))
        formula.sort(key=lambda c: c.persona is Person.ALTERNATE)
    return cedula_render(
        request,
        "cedula_candidatura.html",
        {
            "cedula": cedula,
            "formula": formula,
            "address_of": address_of,
            "scores": principal.role == Role.VERIFIER,
            "problems": problems,
        },
        status=status,
    )


@pages.route("GET", CEDULA + "/candidatura/{candidacy_id}")
@signed_in
async def cedula_of_candidacy(request: web.Request) -> web.StreamResponse:
    staff(request)
    return await candidacy_page(request)


@pages.route("POST", CEDULA + "/candidatura/{candidacy_id}")
@signed_in
@form_action
async def score_cedula(request: web.Request) -> web.StreamResponse:
    staff(request)
    cid = path_parameter(request, "candidacy_id")
    form = await request.post()
    ticked = [value for value in form.getall("cumple", []) if isinstance(value, str)]
    with refusal_shown_on(candidacy_page, "calificar"):
        order = contract(CedulaScore, {"candidacy_id": cid, "cumple": ticked, **whose(request)})
        scored = await ask(request, moderation_operations.CEDULA_SCORE, order)
    address = address_of(scored)
    return see_other(address + ("&" if "?" in address else "?") + "hecho=calificada")
