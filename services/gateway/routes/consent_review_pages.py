"""The verifiers' consent review (000 §3.9; Zacatecas keeps the independents' consents,
002 §II.B.3): an election's documents awaiting the institute, and one document beside
its candidacy's name — an image shown, a PDF opened — to accept, or to reject with a
reason. The alternate's document is its own, verified apart from the owner's: its pages
say ``?persona=suplente``. Over the same moderation operations as the JSON API
(consent_review_api.py).

Every moderation page names its election in ``?eleccion=``; without one it is the
reader's own (a staff account bound to an election) or the first configured.
"""

from typing import Any
from urllib.parse import quote

from aiohttp import web

from contracts.capture import ElectionConfig, FileRef
from contracts.errors import ErrorCode
from contracts.moderation import CONSENT_STATUS_LABEL, ConsentRef, ConsentReject, ElectionOf
from contracts.operations import capture as capture_operations
from contracts.operations import moderation as moderation_operations
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
from services.gateway.local_time import written, zone_of_election
from services.gateway.params import path_parameter
from services.gateway.rendering import render as account_render
from services.gateway.rendering import see_other, signed_in
from services.gateway.routes.capture_pages import elections
from services.gateway.routing import pages

CONSENTS = "/moderacion/consentimientos"
NOT_THE_FORMS = (*DENIED, ErrorCode.NOT_FOUND)
DONE = {
    "verificado": "Se verificó el consentimiento: sus respuestas de identidad pueden publicarse.",
    "resguardado": "Se registró el consentimiento como recibido y resguardado por el Instituto.",
    "rechazado": "Se rechazó el documento; el motivo queda registrado.",
}


def render(
    request: web.Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    status: int = 200,
) -> web.Response:
    """A page of moderacion/, saying what was just done when a redirect names it."""
    return account_render(request, template, context, status=status, folder="moderacion")


async def chosen_election(request: web.Request) -> tuple[ElectionConfig, list[ElectionConfig]]:
    """The election the page is of (``?eleccion=``, else the reader's, else the first
    configured), and those the reader may choose from."""
    known = await elections(request)
    principal = principal_of(request)
    bound = principal.election_id if principal else None
    choices = [e for eid, e in known.items() if bound is None or eid == bound]
    if not choices:
        raise refused(ErrorCode.NOT_FOUND, "Aún no hay una elección configurada.")
    wanted = request.query.get("eleccion") or bound or choices[0].election_id
    chosen = next((e for e in choices if e.election_id == wanted), None)
    if chosen is None:
        raise refused(ErrorCode.NOT_FOUND, "No existe esa elección.")
    return chosen, choices


def names_of(election: ElectionConfig) -> dict[str, dict[str, str]]:
    """How a party and an office are written, by id."""
    return {
        "parties": {party.id: party.name for party in election.parties},
        "offices": {office.id: office.name for office in election.offices},
    }


def candidacy_id(request: web.Request) -> str:
    return path_parameter(request, "candidacy_id")


def whose(request: web.Request) -> dict[str, str]:
    """Whose document the page is of: ``?persona=suplente``, else the owner's."""
    persona = request.query.get("persona", "").strip()
    return {"persona": persona} if persona else {}


def consent_ref(request: web.Request) -> ConsentRef:
    return contract(ConsentRef, {"candidacy_id": candidacy_id(request), **whose(request)})


@pages.route("GET", CONSENTS)
@signed_in
async def consent_queue(request: web.Request) -> web.StreamResponse:
    election, choices = await chosen_election(request)
    ref = ElectionOf(election_id=election.election_id)
    queue = await ask(request, moderation_operations.CONSENT_QUEUE, ref)
    zone = zone_of_election(request, election.election_id)
    return render(
        request,
        "consentimientos.html",
        {
            "election": election,
            "choices": choices,
            "queue": queue,
            "names": names_of(election),
            "at": lambda moment: written(moment, zone),
            "status_label": CONSENT_STATUS_LABEL,
            "done": DONE.get(request.query.get("hecho", "")),
        },
    )


async def consent_page(
    request: web.Request, problems: Problems | None = None, status: int = 200
) -> web.Response:
    item = await ask(request, moderation_operations.CONSENT_GET, consent_ref(request))
    known = await elections(request)
    election = known.get(item.election_id)
    zone = zone_of_election(request, item.election_id)
    return render(
        request,
        "consentimiento.html",
        {
            "item": item,
            "election": election,
            "names": names_of(election) if election else {"parties": {}, "offices": {}},
            "at": lambda moment: written(moment, zone),
            "status_label": CONSENT_STATUS_LABEL,
            "image": await _is_image(request, item.document_sha256),
            "problems": problems,
        },
        status=status,
    )


async def _is_image(request: web.Request, sha256: str) -> bool:
    """Whether the document is an image the page can show (a PDF is opened instead)."""
    document = await ask(request, capture_operations.FILE_GET, FileRef(sha256=sha256))
    return document.media_type.startswith("image/")


@pages.route("GET", CONSENTS + "/{candidacy_id}")
@signed_in
async def consent(request: web.Request) -> web.StreamResponse:
    return await consent_page(request)


@pages.route("GET", CONSENTS + "/{candidacy_id}/documento")
@signed_in
async def consent_document(request: web.Request) -> web.StreamResponse:
    """The signed document, if the reader may review this candidacy's consent (moderation
    says) and read its files (capture says): the institute's staff of its election."""
    item = await ask(request, moderation_operations.CONSENT_GET, consent_ref(request))
    document = await ask(request, capture_operations.FILE_GET, FileRef(sha256=item.document_sha256))
    return document_response(document)


@pages.route("POST", CONSENTS + "/{candidacy_id}/verificar")
@signed_in
@form_action
async def verify_consent(request: web.Request) -> web.StreamResponse:
    with refusal_shown_on(consent_page, "verificar", passes=NOT_THE_FORMS):
        item = await ask(request, moderation_operations.CONSENT_VERIFY, consent_ref(request))
    done = "resguardado" if item.kept_by_institute else "verificado"
    return see_other(f"{CONSENTS}?eleccion={quote(item.election_id)}&hecho={done}")


@pages.route("POST", CONSENTS + "/{candidacy_id}/rechazar")
@signed_in
@form_action
async def reject_consent(request: web.Request) -> web.StreamResponse:
    cid = candidacy_id(request)
    form = await request.post()
    typed_back = shown(form, "motivo")
    with refusal_shown_on(consent_page, "rechazar", typed_back, passes=NOT_THE_FORMS):
        order = contract(
            ConsentReject,
            {"candidacy_id": cid, "motivo": typed(form, "motivo"), **whose(request)},
        )
        item = await ask(request, moderation_operations.CONSENT_REJECT, order)
    return see_other(f"{CONSENTS}?eleccion={quote(item.election_id)}&hecho=rechazado")
