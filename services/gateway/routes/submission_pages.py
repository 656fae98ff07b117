"""The review before the one chance, and the one chance itself (000 §3.16).

``POST /captura/{id}/envio`` without ``confirmar=si`` shows what is still missing, or —
when nothing is — every answer that will be sent and who will see each; with it, the
questionnaires are sent.
"""

from collections.abc import Mapping
from typing import Any

from aiohttp import web

from contracts.capture import Submit
from contracts.events.capture import Person, of_person
from contracts.operations import capture as capture_operations
from contracts.questionnaires import FieldType, Publicity, Questionnaire
from services.gateway.calls import ask
from services.gateway.forms import typed
from services.gateway.rendering import see_other, signed_in
from services.gateway.routes.capture_pages import (
    CAPTURE,
    QUESTIONNAIRES,
    SUFFIX,
    candidacy_id,
    missing_label,
    questionnaire_view,
    render,
    summary_of,
)
from services.gateway.routing import pages

PUBLICITY_LABEL = {
    Publicity.PUBLIC: "Pública al publicarse",
    Publicity.IF_CONSENTED: "Pública solo con consentimiento",
    Publicity.STATISTICS: "Solo para estadística",
    Publicity.PRIVATE: "Solo para el Instituto",
}
ShownAnswer = tuple[str, str, str]  # question, answer as read, who will see it


def answers_shown(
    questionnaire: Questionnaire, answers: Mapping[str, Any]
) -> list[tuple[str, list[ShownAnswer]]]:
    """Each section's answers as a person reads them, with who will see each."""
    shown: list[tuple[str, list[ShownAnswer]]] = []
    for section in questionnaire.sections:
        rows = []
        for spec in questionnaire.fields:
            if spec.section != section.id:
                continue
            value = answers.get(spec.name)
            if spec.type is FieldType.IMAGE:
                written = "Archivo subido" if value else "Sin archivo"
            elif isinstance(value, list):
                written = "; ".join(str(item) for item in value) or "Sin respuesta"
            else:
                written = str(value) if value not in (None, "") else "Sin respuesta"
            rows.append((spec.label, written, PUBLICITY_LABEL[spec.publicity]))
        shown.append((section.title, rows))
    return shown


@pages.route("POST", "/captura/{candidacy_id}/envio")
@signed_in
async def submission(request: web.Request) -> web.StreamResponse:
    """Without ``confirmar=si``: what is missing. With it: the one chance (000 §3.16)."""
    cid = candidacy_id(request)
    form = await request.post()
    confirm = typed(form, "confirmar") == "si"
    order = Submit(candidacy_id=cid, confirmar=confirm)
    preview = await ask(request, capture_operations.CANDIDACY_SUBMIT, order)
    if preview.submitted:
        return see_other(f"{CAPTURE}/{cid}?hecho=enviada")
    summary = await summary_of(request, cid)
    ready = not any(preview.missing.values()) and not any(preview.problems.values())
    people = [Person.OWNER, *([Person.ALTERNATE] if summary.alternate_name else [])]
    parts = [  # each person's questionnaires: key, title, where they are, the page's anchor
        (
            of_person(person, name),
            questionnaire.title
            + (
                f" de la persona suplente, {summary.alternate_name}"
                if person is Person.ALTERNATE
                else ""
            ),
            f"{CAPTURE}/{cid}" + ("/suplente" if person is Person.ALTERNATE else ""),
            name,
            SUFFIX[person],
        )
        for person in people
        for name, questionnaire in QUESTIONNAIRES.items()
    ]
    to_send = {}
    if ready:  # what the one chance sends, read back before it is taken
        for person in people:
            for name, questionnaire in QUESTIONNAIRES.items():
                view = await questionnaire_view(request, cid, name, person)
                to_send[of_person(person, name)] = answers_shown(questionnaire, view.respuestas)
    return render(
        request,
        "envio.html",
        {
            "cid": cid,
            "summary": summary,
            "preview": preview,
            "ready": ready,
            "to_send": to_send,
            "parts": parts,
            "missing_label": missing_label,
            "changed": confirm,
        },
    )
