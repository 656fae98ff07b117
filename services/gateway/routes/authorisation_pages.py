"""The institute's authorisation before publication (002 §II.C): the validated
candidacies awaiting it, each with its button; and the review of what is published
(000 §5.6, 001 §33, 003 §31, 004 §32; Tabasco's phase, 004 §4.IV, §34): the published
candidacies, the never checked first, with what was checked and when, each marked
checked with a note. Disabling a field or the profile is the review's own decision,
on the candidacy's review page."""

from urllib.parse import quote

from aiohttp import web

from contracts.errors import ErrorCode
from contracts.moderation import CheckPublished, ElectionOf, ReviewRef
from contracts.operations import moderation as moderation_operations
from services.gateway.calls import ask
from services.gateway.forms import DENIED, Problems, contract, form_action, refusal_shown_on, typed
from services.gateway.local_time import written, zone_of_election
from services.gateway.rendering import see_other, signed_in
from services.gateway.routes.consent_review_pages import (
    candidacy_id,
    chosen_election,
    names_of,
    render,
)
from services.gateway.routing import pages

AUTHORISATIONS = "/moderacion/autorizaciones"
PUBLISHED = "/moderacion/publicadas"
NOT_THE_FORMS = (*DENIED, ErrorCode.NOT_FOUND)


async def authorisation_page(
    request: web.Request, problems: Problems | None = None, status: int = 200
) -> web.Response:
    election, choices = await chosen_election(request)
    ref = ElectionOf(election_id=election.election_id)
    queue = await ask(request, moderation_operations.AUTHORISATION_QUEUE, ref)
    zone = zone_of_election(request, election.election_id)
    return render(
        request,
        "autorizaciones.html",
        {
            "election": election,
            "choices": choices,
            "queue": queue,
            "names": names_of(election),
            "at": lambda moment: written(moment, zone),
            "authorised": request.query.get("hecho") == "autorizada",
            "problems": problems,
        },
        status=status,
    )


@pages.route("GET", AUTHORISATIONS)
@signed_in
async def authorisation_queue(request: web.Request) -> web.StreamResponse:
    return await authorisation_page(request)


@pages.route("POST", AUTHORISATIONS + "/{candidacy_id}")
@signed_in
@form_action
async def authorise(request: web.Request) -> web.StreamResponse:
    with refusal_shown_on(authorisation_page, "autorizar", passes=NOT_THE_FORMS):
        ref = contract(ReviewRef, {"candidacy_id": candidacy_id(request)})
        await ask(request, moderation_operations.AUTHORISATION_AUTHORISE, ref)
    election = request.query.get("eleccion", "")
    return see_other(f"{AUTHORISATIONS}?eleccion={quote(election)}&hecho=autorizada")


async def published_page(
    request: web.Request, problems: Problems | None = None, status: int = 200
) -> web.Response:
    election, choices = await chosen_election(request)
    ref = ElectionOf(election_id=election.election_id)
    review = await ask(request, moderation_operations.AUTHORISATION_PUBLISHED, ref)
    zone = zone_of_election(request, election.election_id)
    return render(
        request,
        "publicadas.html",
        {
            "election": election,
            "choices": choices,
            "review": review,
            "names": names_of(election),
            "at": lambda moment: written(moment, zone),
            "default_note": CheckPublished.model_fields["nota"].default,
            "checked": request.query.get("hecho") == "verificada",
            "problems": problems,
        },
        status=status,
    )


@pages.route("GET", PUBLISHED)
@signed_in
async def published(request: web.Request) -> web.StreamResponse:
    return await published_page(request)


@pages.route("POST", PUBLISHED + "/{candidacy_id}/verificar")
@signed_in
@form_action
async def check_published(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    note = typed(form, "nota")
    with refusal_shown_on(published_page, "verificar", passes=NOT_THE_FORMS):
        sent = {"candidacy_id": candidacy_id(request)} | ({"nota": note} if note else {})
        await ask(
            request, moderation_operations.AUTHORISATION_CHECK, contract(CheckPublished, sent)
        )
    election = request.query.get("eleccion", "")
    return see_other(f"{PUBLISHED}?eleccion={quote(election)}&hecho=verificada")
