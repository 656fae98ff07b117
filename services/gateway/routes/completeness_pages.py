"""Completeness monitoring (000 §5.6, 002 §I.A.IX): an election's candidacies by party
and office — how many are not captured, incomplete, complete, sent or validated, and
which lag — with one button per party that tells its liaison (the supervisors), or per
lagging independent candidacy that tells it; and the notices sent."""

from urllib.parse import quote

from aiohttp import web

from contracts.capture import PROGRESS_LABEL, ElectionRef, Progress
from contracts.errors import ErrorCode
from contracts.moderation import ElectionOf, Remind
from contracts.operations import capture as capture_operations
from contracts.operations import moderation as moderation_operations
from services.gateway.calls import ask
from services.gateway.forms import DENIED, Problems, contract, form_action, refusal_shown_on, typed
from services.gateway.local_time import written, zone_of_election
from services.gateway.rendering import see_other, signed_in
from services.gateway.routes.consent_review_pages import chosen_election, names_of, render
from services.gateway.routing import pages

COMPLETENESS = "/moderacion/completitud"
NOT_THE_FORMS = (*DENIED, ErrorCode.NOT_FOUND)


async def completeness_page(
    request: web.Request, problems: Problems | None = None, status: int = 200
) -> web.Response:
    election, choices = await chosen_election(request)
    report = await ask(
        request,
        capture_operations.CANDIDACY_COMPLETENESS,
        ElectionRef(election_id=election.election_id),
    )
    sent = await ask(
        request,
        moderation_operations.COMPLETENESS_REMINDERS,
        ElectionOf(election_id=election.election_id),
    )
    zone = zone_of_election(request, election.election_id)
    return render(
        request,
        "completitud.html",
        {
            "election": election,
            "choices": choices,
            "report": report,
            "sent": sent.items,
            "names": names_of(election),
            "progresses": list(Progress),
            "progress_label": PROGRESS_LABEL,
            "at": lambda moment: written(moment, zone),
            "reminded": request.query.get("hecho") == "avisado",
            "problems": problems,
        },
        status=status,
    )


@pages.route("GET", COMPLETENESS)
@signed_in
async def completeness(request: web.Request) -> web.StreamResponse:
    return await completeness_page(request)


@pages.route("POST", COMPLETENESS + "/aviso")
@signed_in
@form_action
async def remind(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    election = typed(form, "eleccion") or ""
    with refusal_shown_on(completeness_page, "avisar", passes=NOT_THE_FORMS):
        order = contract(
            Remind,
            {
                "election_id": election,
                "partido": typed(form, "partido"),
                "candidaturas": [c for c in form.getall("candidaturas", []) if isinstance(c, str)],
            },
        )
        await ask(request, moderation_operations.COMPLETENESS_REMIND, order)
    return see_other(f"{COMPLETENESS}?eleccion={quote(election)}&hecho=avisado")
