"""The verifiers' pages (DESIGN §5): the queue of an election, flagged first and filtered
by party, office, district, kind of flag and status; one candidacy's review — its public
text field by field with the screening's evidence marked in place, the photo beside it,
the decisions with their history — with the forms that disable publication of one field
or of the whole profile, reverse a decision in force, or find nothing to object. And the
party's side: every observation on its own candidacies, with the history (000 §4.5).

Over the same moderation operations as the JSON API (moderation.py); a refusal comes back
on the page with what was typed, next to the form it concerns.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from aiohttp import web
from pydantic import ValidationError

from contracts.capture import ElectionConfig
from contracts.errors import ErrorCode
from contracts.events.capture import Person, of_person, person_of
from contracts.moderation import (
    FLAG_KIND_LABEL,
    PROHIBITION_LABEL,
    PUBLIC_CURRICULAR,
    WHOLE_PROFILE,
    Decide,
    FlagView,
    QueueFilters,
    Reverse,
    ReviewRef,
    ReviewStatus,
    field_label,
)
from contracts.operations import moderation as moderation_operations
from contracts.requests import Empty
from contracts.validation_messages import field_problems
from services.gateway.calls import ask
from services.gateway.forms import (
    DENIED,
    Problems,
    contract,
    form_action,
    refusal_shown_on,
    shown,
    typed,
)
from services.gateway.paging import Pager, counted, typed_filters
from services.gateway.params import path_parameter
from services.gateway.rendering import render as account_render
from services.gateway.rendering import see_other, signed_in
from services.gateway.routes.capture_pages import elections
from services.gateway.routing import pages

QUEUE = "/moderacion"
OBSERVATIONS = "/observaciones"
FILTERS = ("eleccion", "partido", "cargo", "distrito", "senal", "estado", "por_pagina")
FILTER_LABELS = {
    "eleccion": "Elección",
    "partido": "Partido",
    "cargo": "Cargo",
    "distrito": "Distrito",
    "senal": "Señal",
    "estado": "Estado",
    "pagina": "Página",
    "por_pagina": "Por página",
}
STATUS_LABEL = {
    ReviewStatus.PENDING: "Pendiente",
    ReviewStatus.REVIEWED: "Revisada",
    ReviewStatus.RESTRICTED: "Con publicación restringida",
}
NOT_THE_FORMS = (*DENIED, ErrorCode.NOT_FOUND)
DONE = {
    "deshabilitado": "Se deshabilitó la publicación; el enlace del partido recibió un aviso "
    "con el motivo.",
    "habilitado": "Se volvió a habilitar la publicación; el enlace del partido recibió un "
    "aviso con el motivo.",
    "sin-observaciones": "La candidatura quedó revisada sin observaciones.",
}


def render(
    request: web.Request, template: str, context: Mapping[str, Any], *, status: int = 200
) -> web.Response:
    labels = {
        "flag_kind_label": FLAG_KIND_LABEL,
        "prohibition_label": PROHIBITION_LABEL,
        "status_label": STATUS_LABEL,
        "field_label": field_label,
    }
    return account_render(
        request, template, {**labels, **context}, status=status, folder="moderacion"
    )


# ----- the queue ------------------------------------------------------------------------


def _choices(known: Mapping[str, ElectionConfig], election_id: str) -> dict[str, dict[str, str]]:
    election = known.get(election_id)
    return {
        "eleccion": {e.election_id: e.name for e in known.values()},
        "partido": {p.id: p.name for p in election.parties} if election else {},
        "cargo": {o.name: o.name for o in election.offices} if election else {},
        "distrito": {d.id: d.name for d in election.districts} if election else {},
        "senal": {kind.value: label for kind, label in FLAG_KIND_LABEL.items()},
        "estado": {status.value: label for status, label in STATUS_LABEL.items()},
    }


@pages.route("GET", QUEUE)
@signed_in
async def review_queue(request: web.Request) -> web.StreamResponse:
    known = await elections(request)
    typed_in = typed_filters(request, FILTERS)
    if "eleccion" not in typed_in and known:
        typed_in = {"eleccion": next(iter(known)), **typed_in}
    listing, wrong = None, []
    try:
        filters = QueueFilters.model_validate(
            {**typed_in, "pagina": request.query.get("pagina", "1")}
        )
    except ValidationError as error:
        wrong = [
            f"{FILTER_LABELS.get(p.field, p.field)}: {p.reason}" for p in field_problems(error)
        ]
    else:
        listing = await ask(request, moderation_operations.REVIEW_QUEUE, filters)
    election = known.get(typed_in.get("eleccion", ""))
    parties = {p.id: p.name for p in election.parties} if election else {}
    districts = {d.id: d.name for d in election.districts} if election else {}
    context = {
        "districts": districts,
        "listing": listing,
        "rows": listing.items if listing else [],
        "parties": parties,
        "total": counted(listing.total, "candidatura", "candidaturas") if listing else "",
        "pager": Pager(QUEUE, typed_in, listing.pagina, listing.paginas) if listing else None,
        "filters": typed_in,
        "choices": _choices(known, typed_in.get("eleccion", "")),
        "wrong": wrong,
    }
    return render(request, "cola.html", context, status=422 if wrong else 200)


# ----- one candidacy's review -----------------------------------------------------------


@dataclass(frozen=True)
class Piece:
    """A stretch of a field's text, and the flags that mark it (none: plain text)."""

    text: str
    flags: tuple[FlagView, ...] = ()


def marked(text: str, flags: list[FlagView]) -> list[Piece]:
    """The text cut where flags begin and end, so that each flagged stretch is marked in
    place with every flag that covers it."""
    cuts = sorted({0, len(text), *(f.start for f in flags), *(f.end for f in flags)})
    cuts = [cut for cut in cuts if 0 <= cut <= len(text)]
    pieces = []
    for start, end in pairwise(cuts):
        covering = tuple(f for f in flags if f.start <= start and end <= f.end)
        pieces.append(Piece(text[start:end], covering))
    return pieces


def candidacy_id(request: web.Request) -> str:
    return path_parameter(request, "candidacy_id")


async def review_page(
    request: web.Request, problems: Problems | None = None, status: int = 200
) -> web.Response:
    cid = candidacy_id(request)
    review = await ask(
        request, moderation_operations.REVIEW_GET, ReviewRef.model_construct(candidacy_id=cid)
    )
    known = await elections(request)
    fields: dict[Person, list[dict[str, Any]]] = {Person.OWNER: [], Person.ALTERNATE: []}
    for name, text in review.texts.items():
        person, own_name = person_of(name)
        fields[person].append(
            {
                "name": name,
                "label": PUBLIC_CURRICULAR.get(own_name, own_name),
                "pieces": marked(text, [f for f in review.flags if f.field == name]),
                "disabled": name in review.disabled_fields or review.profile_disabled,
            }
        )
    alternate = {
        of_person(Person.ALTERNATE, name): label for name, label in PUBLIC_CURRICULAR.items()
    }
    election = known.get(review.item.election_id)
    parties = {p.id: p.name for p in election.parties} if election else {}
    districts = {d.id: d.name for d in election.districts} if election else {}
    municipalities = {m.id: m.name for m in election.municipalities} if election else {}
    item = review.item
    return render(
        request,
        "revision.html",
        {
            "review": review,
            "item": review.item,
            "party": parties.get(item.capturing_party or "", item.capturing_party),
            "district": districts.get(item.district or "", item.district),
            "municipality": municipalities.get(item.municipality or "", item.municipality),
            "fields": fields[Person.OWNER],
            "alternate_fields": fields[Person.ALTERNATE],
            "decidable": {**PUBLIC_CURRICULAR, None: WHOLE_PROFILE},
            "alternate_decidable": alternate if review.alternate_name is not None else {},
            "asked_field": request.query.get("campo", ""),
            "prohibitions": PROHIBITION_LABEL,
            "problems": problems,
            "done": DONE.get(request.query.get("hecho", "")),
        },
        status=status,
    )


@pages.route("GET", QUEUE + "/candidaturas/{candidacy_id}")
@signed_in
async def review(request: web.Request) -> web.StreamResponse:
    return await review_page(request)


def _review_address(cid: str, done: str) -> str:
    return f"{QUEUE}/candidaturas/{cid}?hecho={done}"


@pages.route("POST", QUEUE + "/candidaturas/{candidacy_id}/decidir")
@signed_in
@form_action
async def decide(request: web.Request) -> web.StreamResponse:
    cid = candidacy_id(request)
    form = await request.post()
    typed_back = shown(form, "campo", "prohibicion", "nota")
    with refusal_shown_on(review_page, "decidir", typed_back, passes=NOT_THE_FORMS):
        order = contract(
            Decide,
            {
                "candidacy_id": cid,
                "campo": typed(form, "campo"),
                "prohibicion": typed(form, "prohibicion"),
                "nota": typed(form, "nota"),
            },
        )
        await ask(request, moderation_operations.REVIEW_DECIDE, order)
    return see_other(_review_address(cid, "deshabilitado"))


@pages.route("POST", QUEUE + "/candidaturas/{candidacy_id}/decisiones/{decision_id}/revertir")
@signed_in
@form_action
async def reverse(request: web.Request) -> web.StreamResponse:
    cid, did = candidacy_id(request), path_parameter(request, "decision_id")
    form = await request.post()
    key = f"revertir-{did}"
    with refusal_shown_on(review_page, key, shown(form, "motivo"), passes=NOT_THE_FORMS):
        order = contract(
            Reverse, {"candidacy_id": cid, "decision_id": did, "motivo": typed(form, "motivo")}
        )
        await ask(request, moderation_operations.REVIEW_REVERSE, order)
    return see_other(_review_address(cid, "habilitado"))


@pages.route("POST", QUEUE + "/candidaturas/{candidacy_id}/sin-observaciones")
@signed_in
@form_action
async def clear(request: web.Request) -> web.StreamResponse:
    cid = candidacy_id(request)
    with refusal_shown_on(review_page, "sin-observaciones", passes=NOT_THE_FORMS):
        await ask(request, moderation_operations.REVIEW_CLEAR, ReviewRef(candidacy_id=cid))
    return see_other(_review_address(cid, "sin-observaciones"))


# ----- the party's side -------------------------------------------------------------------


@pages.route("GET", OBSERVATIONS)
@signed_in
async def observations(request: web.Request) -> web.StreamResponse:
    observed = await ask(request, moderation_operations.OBSERVATIONS, Empty())
    return render(request, "observaciones.html", {"observed": observed.candidacies})
