"""The admin's pages for the corrections supervisors ask of the institute (000 §4.3): the
requests still to decide, and one request — the supervisor's note, each named field with
its answer as saved and a field to change it — to apply, or to decline with a reason.

Over the same capture operations as the JSON API (capture.py); a refusal comes back on
the request's page with what was typed, next to the field it concerns. The fields are
drawn as the questionnaire forms draw them (questionnaire_pages.py).
"""

from typing import Any

from aiohttp import web

from contracts.capture import (
    QUESTIONNAIRES,
    CorrectionApply,
    CorrectionDecline,
    CorrectionRef,
    CorrectionSummary,
    CorrectionView,
    ElectionRef,
    QuestionnaireName,
    questionnaire_of,
)
from contracts.errors import ErrorCode
from contracts.operations import capture as capture_operations
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
from services.gateway.local_time import written, zone_of_election
from services.gateway.params import path_parameter
from services.gateway.rendering import see_other, signed_in
from services.gateway.routes.capture_pages import elections, render
from services.gateway.routes.questionnaire_pages import DECLINED, Question, answers_from, question
from services.gateway.routing import pages

CORRECTIONS = "/captura/correcciones"
NOT_THE_FORMS = (*DENIED, ErrorCode.NOT_FOUND)  # no request to show the form on
DONE = {
    "aplicada": "Se aplicó la corrección; el partido recibió un aviso y la supervisión ya "
    "puede validar.",
    "rechazada": "Se rechazó la corrección; el partido recibió un aviso con el motivo.",
}


def correction_id(request: web.Request) -> str:
    return path_parameter(request, "correction_id")


def label_of(name: str) -> str:
    questionnaire = questionnaire_of(name)
    return name if questionnaire is None else QUESTIONNAIRES[questionnaire].field(name).label


@pages.route("GET", CORRECTIONS)
@signed_in
async def pending_corrections(request: web.Request) -> web.StreamResponse:
    """Every election's requests still to decide, the oldest first."""
    known = await elections(request)
    rows: list[dict[str, Any]] = []
    for election_id, election in known.items():
        ref = ElectionRef(election_id=election_id)
        listing = await ask(request, capture_operations.CORRECTION_LIST, ref)
        rows += [
            {
                "correction": pending,
                "election": election.name,
                "fields": [label_of(name) for name in pending.campos],
                "requested": written(pending.requested_at, zone_of_election(request, election_id)),
            }
            for pending in listing.corrections
        ]
    done = DONE.get(request.query.get("hecho", ""))
    return render(request, "correcciones.html", {"rows": rows, "decided": done})


def _questions(
    view: CorrectionView, typed_back: dict[str, Any], problems: Problems | None
) -> list[Question]:
    reasons = problems.fields if problems is not None and problems.form == "aplicar" else {}
    asked = []
    for named in view.fields:
        questionnaire = QUESTIONNAIRES[named.cuestionario]
        spec = questionnaire.field(named.campo)
        value = typed_back.get(named.campo, named.valor)
        asked.append(
            question(questionnaire, spec, value, reasons.get(named.campo, []), named.valor)
        )
    return asked


async def correction_page(
    request: web.Request,
    problems: Problems | None = None,
    status: int = 200,
    typed_back: dict[str, Any] | None = None,
) -> web.Response:
    ref = CorrectionRef.model_construct(correction_id=correction_id(request))
    view = await ask(request, capture_operations.CORRECTION_GET, ref)
    summary: CorrectionSummary = view.correction
    zone = zone_of_election(request, summary.election_id)
    return render(
        request,
        "correccion.html",
        {
            "summary": summary,
            "requested": written(summary.requested_at, zone),
            "decided_at": written(summary.decided_at, zone),
            "questions": _questions(view, typed_back or {}, problems),
            "declined_name": DECLINED,
            "problems": problems,
        },
        status=status,
    )


@pages.route("GET", CORRECTIONS + "/{correction_id}")
@signed_in
async def correction(request: web.Request) -> web.StreamResponse:
    return await correction_page(request)


def _named_answers(form: Any) -> dict[str, Any]:
    """The form's answers for the fields it names in its hidden ``campos`` (the service
    refuses any the request does not name); a photo is not here."""
    named = {name for name in form.getall("campos", []) if isinstance(name, str)}
    answers: dict[str, Any] = {}
    for name in QuestionnaireName:
        if any(questionnaire_of(field) is name for field in named):
            answers |= answers_from(QUESTIONNAIRES[name], form)
    return {name: value for name, value in answers.items() if name in named}


@pages.route("POST", CORRECTIONS + "/{correction_id}/aplicar")
@signed_in
@form_action
async def apply_correction(request: web.Request) -> web.StreamResponse:
    cid = correction_id(request)
    answers = _named_answers(await request.post())

    async def shown_again(request: web.Request, problems: Problems, status: int) -> web.Response:
        return await correction_page(request, problems, status, typed_back=answers)

    with refusal_shown_on(shown_again, "aplicar", passes=NOT_THE_FORMS):
        order = contract(CorrectionApply, {"correction_id": cid, "respuestas": answers})
        await ask(request, capture_operations.CORRECTION_APPLY, order)
    return see_other(f"{CORRECTIONS}?hecho=aplicada")


@pages.route("POST", CORRECTIONS + "/{correction_id}/rechazar")
@signed_in
@form_action
async def decline_correction(request: web.Request) -> web.StreamResponse:
    cid = correction_id(request)
    form = await request.post()
    typed_back = shown(form, "motivo")
    with refusal_shown_on(correction_page, "rechazar", typed_back, passes=NOT_THE_FORMS):
        order = contract(CorrectionDecline, {"correction_id": cid, "motivo": typed(form, "motivo")})
        await ask(request, capture_operations.CORRECTION_DECLINE, order)
    return see_other(f"{CORRECTIONS}?hecho=rechazada")
