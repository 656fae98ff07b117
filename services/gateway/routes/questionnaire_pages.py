"""The curricular and identity questionnaires as forms, drawn from their definitions.

One loop over sections and fields (contracts/questionnaires.py): a choice is a radio
group, or a select when it has many options; a long text a textarea whose hint states
its limits; a list as many inputs as it allows. Without JavaScript every question is
shown: the service sets "No aplica" where an earlier answer rules a question out, so
the form only says when a question applies. A save keeps the draft — what was typed,
malformed or not — even with problems; they are shown next to their fields with what was
typed, now and whenever the form is opened again.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from aiohttp import web
from multidict import MultiDictProxy

from contracts.capture import QuestionnaireSave, QuestionnaireView
from contracts.events.capture import Person
from contracts.operations import capture as capture_operations
from contracts.questionnaires import (
    NOT_APPLICABLE,
    PREFER_NOT,
    FieldType,
    QuestionField,
    Questionnaire,
    Section,
)
from services.gateway.calls import ask
from services.gateway.forms import DENIED, contract, status_of
from services.gateway.local_time import zone_of_election
from services.gateway.params import path_parameter
from services.gateway.rendering import signed_in
from services.gateway.routes.capture_pages import (
    QUESTIONNAIRES,
    candidacy_id,
    missing_label,
    questionnaire_view,
    render,
    summary_of,
)
from services.gateway.routing import pages
from services.runtime.requests import RequestFailed

QUESTIONNAIRE = "/captura/{candidacy_id}/{cuestionario:curricular|identidad}"
ALTERNATE_QUESTIONNAIRE = "/captura/{candidacy_id}/suplente/{cuestionario:curricular|identidad}"
PAGES = {Person.OWNER: "", Person.ALTERNATE: "/suplente"}  # where each person's forms are

LISTS = (FieldType.TEXT_LIST, FieldType.EMAIL_LIST, FieldType.PHONE_LIST)
INPUT_TYPE = {
    FieldType.URL: "url",
    FieldType.EMAIL: "email",
    FieldType.PHONE: "tel",
    FieldType.EMAIL_LIST: "email",
    FieldType.PHONE_LIST: "tel",
}
MAX_RADIOS = 6  # more options than this read better as a select
FORMAT_HINT = {
    FieldType.URL: "Escriba la dirección completa, con https://.",
    FieldType.PHONE: "10 dígitos o más.",
    FieldType.PHONE_LIST: "10 dígitos o más.",
}
DECLINED = "prefiere_no"  # checkboxes naming the text questions the person declines


@dataclass
class Question:
    """One field as the form shows it: how it is drawn, its hints, value and reasons."""

    spec: QuestionField
    kind: str  # radios | select | textarea | input | list | photo
    input_type: str = "text"
    options: tuple[str, ...] = ()
    hints: list[str] = field(default_factory=list)
    value: str = ""
    values: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    declined: bool = False


def _kind(spec: QuestionField, options: tuple[str, ...]) -> str:
    if spec.type is FieldType.CHOICE:
        return "radios" if len(options) <= MAX_RADIOS else "select"
    if spec.type is FieldType.LONG_TEXT:
        return "textarea"
    if spec.type in LISTS:
        return "list"
    return "photo" if spec.type is FieldType.IMAGE else "input"


def _quoted(values: list[str] | tuple[str, ...]) -> str:
    return " o ".join(f"«{value}»" for value in values)


def applies_note(questionnaire: Questionnaire, spec: QuestionField) -> str:
    """When a follow-up question applies, in words (the server sets "No aplica" otherwise)."""
    condition = spec.applies_when
    assert condition is not None
    controller = questionnaire.field(condition.field)
    names = [f.name for f in questionnaire.fields]
    previous = names.index(spec.name) > 0 and names[names.index(spec.name) - 1] == controller.name
    asked = "la pregunta anterior" if previous else f"«{controller.label}»"
    others = [o for o in controller.options if o not in condition.values]
    if others and len(others) < len(condition.values):
        return f"No aplica si respondió {_quoted(others)} a {asked}."
    return (
        f"Solo si respondió {_quoted(condition.values)} a {asked}; si no, se registra "
        f"«{NOT_APPLICABLE}»."
    )


def _hints(questionnaire: Questionnaire, spec: QuestionField) -> list[str]:
    hints = [spec.help] if spec.help else []
    low, high = spec.min_length, spec.max_length
    if low is not None and high is not None:
        hints.append(f"Entre {low:,} y {high:,} caracteres sin contar espacios.")
    elif high is not None and spec.type is not FieldType.URL:
        hints.append(f"Hasta {high:,} caracteres sin contar espacios.")
    if spec.max_items:
        hints.append(f"Hasta {spec.max_items}; deje vacíos los que no use.")
    if spec.type in FORMAT_HINT:
        hints.append(FORMAT_HINT[spec.type])
    if spec.applies_when is not None:
        hints.append(applies_note(questionnaire, spec))
    return hints


def question(
    questionnaire: Questionnaire,
    spec: QuestionField,
    shown: Any,
    reasons: list[str],
    decided: Any,
) -> Question:
    """``shown``: what the form shows (typed, or saved); ``decided``: the saved answer."""
    options = spec.options + ((PREFER_NOT,) if spec.prefer_not and spec.options else ())
    asked = Question(
        spec,
        _kind(spec, options),
        INPUT_TYPE.get(spec.type, "text"),
        options,
        _hints(questionnaire, spec),
        reasons=reasons,
    )
    if decided == NOT_APPLICABLE:
        asked.hints.append(f"Respuesta registrada: «{NOT_APPLICABLE}».")
    if asked.kind == "list":
        items = [str(item) for item in shown] if isinstance(shown, list) else []
        count = max(len(items), spec.max_items or 1)
        asked.values = (items + [""] * count)[:count]
    elif isinstance(shown, str) and shown != NOT_APPLICABLE:
        if asked.kind == "input" and spec.prefer_not and shown == PREFER_NOT:
            asked.declined = True
        else:
            asked.value = shown
    return asked


def sections(
    questionnaire: Questionnaire,
    shown: Mapping[str, Any],
    view: QuestionnaireView,
    reasons: Mapping[str, list[str]],
) -> list[tuple[Section, int, list[Question]]]:
    return [
        (
            section,
            view.completeness.get(section.id, 0),
            [
                question(
                    questionnaire,
                    spec,
                    shown.get(spec.name),
                    reasons.get(spec.name, []),
                    view.respuestas.get(spec.name),
                )
                for spec in questionnaire.fields
                if spec.section == section.id
            ],
        )
        for section in questionnaire.sections
    ]


def answers_from(questionnaire: Questionnaire, form: MultiDictProxy[Any]) -> dict[str, Any]:
    """Every field of the form: an emptied one clears its answer; the photo is not here."""
    declined = set(form.getall(DECLINED, []))
    answers: dict[str, Any] = {}
    for spec in questionnaire.fields:
        if spec.type is FieldType.IMAGE:
            continue
        if spec.type in LISTS:
            typed = [v.strip() for v in form.getall(spec.name, []) if isinstance(v, str)]
            answers[spec.name] = [v for v in typed if v][:40]
        elif spec.prefer_not and spec.name in declined:
            answers[spec.name] = PREFER_NOT
        else:
            value = form.get(spec.name)
            answers[spec.name] = value.strip() if isinstance(value, str) else ""
    return answers


async def form_page(
    request: web.Request,
    view: QuestionnaireView,
    *,
    shown: Mapping[str, Any] | None = None,
    saved: bool = False,
    refusal: str | None = None,
    status: int = 200,
) -> web.Response:
    cid, name = candidacy_id(request), path_parameter(request, "cuestionario")
    questionnaire = QUESTIONNAIRES[name]
    summary = await summary_of(request, cid)
    alternate = view.persona is Person.ALTERNATE
    whose = summary.alternate_name if alternate else summary.owner_name
    reasons: dict[str, list[str]] = {}
    for problem in view.problems:
        reasons.setdefault(problem.field, []).append(problem.reason)
    saved_at = None
    if saved and view.saves:
        zone = ZoneInfo(zone_of_election(request, summary.election_id))
        saved_at = view.saves[0].saved_at.astimezone(zone).strftime("%H:%M")
    return render(
        request,
        "cuestionario.html",
        {
            "cid": cid,
            "name": name,
            "questionnaire": questionnaire,
            "summary": summary,
            "whose": whose,
            "alternate": alternate,
            "photo_anchor": "-suplente" if alternate else "",
            "action": f"/captura/{quote(cid)}{PAGES[view.persona]}/{name}",
            # What was typed wins; what the form has no field for (the photo) is as saved.
            "sections": sections(
                questionnaire, {**view.respuestas, **(shown or {})}, view, reasons
            ),
            "reasons": reasons,
            "missing_label": missing_label,
            "saved_at": saved_at,
            "refusal": refusal,
            "declined": DECLINED,
            "editable": view.editable,
            "not_editable": view.not_editable,
        },
        status=status,
    )


async def _shown(request: web.Request, person: Person) -> web.StreamResponse:
    cid, name = candidacy_id(request), path_parameter(request, "cuestionario")
    return await form_page(request, await questionnaire_view(request, cid, name, person))


async def _saved(request: web.Request, person: Person) -> web.StreamResponse:
    cid, name = candidacy_id(request), path_parameter(request, "cuestionario")
    answers = answers_from(QUESTIONNAIRES[name], await request.post())
    try:
        order = contract(
            QuestionnaireSave,
            {"candidacy_id": cid, "cuestionario": name, "persona": person, "respuestas": answers},
        )
        view = await ask(request, capture_operations.QUESTIONNAIRE_SAVE, order)
    except RequestFailed as failed:
        if failed.error.code in DENIED:
            raise  # not a form to fix: the refusal page says why
        view = await questionnaire_view(request, cid, name, person)  # for completeness
        # A draft too big to keep says which answer and by how much, beside what was typed.
        reasons = " ".join(p.reason for p in failed.error.fields) or failed.error.detail
        return await form_page(
            request,
            view,
            shown=answers,
            refusal=reasons,
            status=status_of(failed.error),
        )
    return await form_page(request, view, shown=answers, saved=True)


@pages.route("GET", QUESTIONNAIRE)
@signed_in
async def questionnaire(request: web.Request) -> web.StreamResponse:
    return await _shown(request, Person.OWNER)


@pages.route("POST", QUESTIONNAIRE)
@signed_in
async def save_questionnaire(request: web.Request) -> web.StreamResponse:
    return await _saved(request, Person.OWNER)


@pages.route("GET", ALTERNATE_QUESTIONNAIRE)
@signed_in
async def alternate_questionnaire(request: web.Request) -> web.StreamResponse:
    """The alternate's own questionnaire (a formula without one: refused, with why)."""
    return await _shown(request, Person.ALTERNATE)


@pages.route("POST", ALTERNATE_QUESTIONNAIRE)
@signed_in
async def save_alternate_questionnaire(request: web.Request) -> web.StreamResponse:
    return await _saved(request, Person.ALTERNATE)
