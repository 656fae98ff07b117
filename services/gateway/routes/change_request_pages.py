"""The pages of change requests to a published candidacy (000 §5.4, 001 §31-32,
002 §II.C): the party files its one request from the candidacy's page, naming the
fields and their new text, and follows its status and due; the admin lists them with
their due and whether they are overdue, opens one, approves it — editing the text where
the institute applies the change — or rejects it with a reason.

The admin enters, from the same candidacy page, a request the institute received on
paper at the oficialía de partes or by e-mail (000 §5.4, 001 §31, 002 §II.C): who
presented it, how it arrived, and when it was received. The filing page says until when
requests may be filed, where the election sets a period (the Lineamientos').

Over the same moderation operations as the JSON API (change_request_api.py); a refusal
comes back on its page with what was typed. No JavaScript: a field is named by ticking
its box.
"""

from typing import Any

from aiohttp import web

from contracts.capture import (
    Attach,
    CandidacyRef,
    CandidacySummary,
    QuestionnaireName,
    QuestionnaireRef,
    UploadPurpose,
)
from contracts.change_requests import (
    CHANGEABLE,
    CHANGEABLE_OF_FORMULA,
    CHANNEL_LABEL,
    IDENTITY_CHANGEABLE,
    LIST_TYPES,
    ApproveChangeRequest,
    ChangeRequestQuery,
    ChangeRequestRef,
    ChangeRequestStatus,
    ChangeRequestView,
    FileChangeRequest,
    RejectChangeRequest,
    change_label,
    changeable_of,
    names_identity,
)
from contracts.errors import ErrorCode
from contracts.events.capture import ALTERNATE_PREFIX, Person, of_person, person_of
from contracts.operations import capture as capture_operations
from contracts.operations import moderation as moderation_operations
from contracts.profile import ChangeRequestMode
from contracts.questionnaires import FieldType
from contracts.roles import Role
from contracts.spanish_dates import long_date
from services.gateway.calls import ask, principal_of
from services.gateway.forms import (
    DENIED,
    Problems,
    contract,
    form_action,
    refusal_shown_on,
    shown,
    typed,
    uploaded,
)
from services.gateway.local_time import typed_moment_in, written, zone_of_election
from services.gateway.params import path_parameter
from services.gateway.rendering import render, see_other, signed_in
from services.gateway.routes.capture_pages import closes, elections
from services.gateway.routing import pages
from services.gateway.uploads import send_file

REQUESTS = "/moderacion/solicitudes"
NOT_THE_FORMS = (*DENIED, ErrorCode.NOT_FOUND)
RECEIPT = ("via", "presentada_por", "recibida_el")
"""The admin's form fields for a request received on paper or by e-mail."""
DONE = {
    "presentada": "Se presentó la solicitud de cambio; la administración del Instituto ya "
    "recibió un aviso.",
    "registrada": "Se registró la solicitud de cambio recibida; vence a partir de cuándo la "
    "recibió el Instituto.",
    "aprobada": "Se aprobó la solicitud; quien la presentó recibe un aviso.",
    "rechazada": "Se rechazó la solicitud; quien la presentó recibe un aviso con el motivo.",
}
MODE_LABEL = {
    ChangeRequestMode.ADMIN_APPLIES: "El Instituto aplica el texto",
    ChangeRequestMode.ENABLE_FIELDS: "El Instituto habilita los campos al partido",
}


def _page(
    request: web.Request, template: str, context: dict[str, Any], status: int = 200
) -> web.Response:
    return render(request, template, context, status=status, folder="moderacion")


def _text_of(value: Any) -> str:
    if isinstance(value, list):
        return "\n".join(str(item) for item in value)
    return "" if value is None else str(value)


def _row(request: web.Request, view: ChangeRequestView) -> dict[str, Any]:
    zone = zone_of_election(request, view.election_id)
    return {
        "view": view,
        "fields": [change.etiqueta for change in view.cambios],
        "filed": written(view.filed_at, zone),
        "received": written(view.received_at, zone),
        "via": CHANNEL_LABEL[view.received_via] if view.received_via else None,
        "due": closes(request)(view.due_at),
        "window": written(view.window_closes_at, zone) if view.window_closes_at else None,
    }


@pages.route("GET", REQUESTS)
@signed_in
async def change_requests(request: web.Request) -> web.StreamResponse:
    """The admin: every election's requests, the oldest first, with due and overdue; a
    party's people: their own."""
    principal = principal_of(request)
    assert principal is not None  # signed_in
    wanted = (
        list(await elections(request)) if principal.election_id is None else [principal.election_id]
    )
    rows = []
    for election_id in wanted:
        query = ChangeRequestQuery(election_id=election_id)
        listing = await ask(request, moderation_operations.CHANGE_REQUEST_LIST, query)
        rows += [_row(request, view) for view in listing.requests]
    context = {
        "rows": rows,
        "overdue": sum(1 for row in rows if row["view"].overdue),
        "decided": DONE.get(request.query.get("hecho", "")),
        "admin": principal.role == Role.ADMIN,
    }
    return _page(request, "solicitudes.html", context)


def request_id(request: web.Request) -> str:
    return path_parameter(request, "request_id")


async def request_page(
    request: web.Request,
    problems: Problems | None = None,
    status: int = 200,
    typed_back: dict[str, str] | None = None,
) -> web.Response:
    ref = ChangeRequestRef.model_construct(request_id=request_id(request))
    view = await ask(request, moderation_operations.CHANGE_REQUEST_GET, ref)
    principal = principal_of(request)
    context = {
        **_row(request, view),
        "mode": MODE_LABEL[view.mode],
        "applies": view.mode is ChangeRequestMode.ADMIN_APPLIES,
        "decides": principal is not None
        and principal.role == Role.ADMIN
        and view.status is ChangeRequestStatus.FILED,
        "decided_at": written(view.decided_at, zone_of_election(request, view.election_id)),
        "typed_back": typed_back or {},
        "problems": problems,
        "decided": DONE.get(request.query.get("hecho", "")),
    }
    return _page(request, "solicitudes_detalle.html", context, status)


@pages.route("GET", REQUESTS + "/{request_id}")
@signed_in
async def change_request(request: web.Request) -> web.StreamResponse:
    return await request_page(request)


@pages.route("POST", REQUESTS + "/{request_id}/aprobar")
@signed_in
@form_action
async def approve(request: web.Request) -> web.StreamResponse:
    rid, form = request_id(request), await request.post()
    named = [name for name in form.getall("campos", []) if isinstance(name, str)]
    texts = {name: typed(form, f"texto-{name}") or "" for name in named}

    async def shown_again(request: web.Request, problems: Problems, status: int) -> web.Response:
        return await request_page(request, problems, status, typed_back=texts)

    with refusal_shown_on(shown_again, "aprobar", passes=NOT_THE_FORMS):
        order = contract(ApproveChangeRequest, {"request_id": rid, "cambios": texts or None})
        await ask(request, moderation_operations.CHANGE_REQUEST_APPROVE, order)
    return see_other(f"{REQUESTS}/{rid}?hecho=aprobada")


@pages.route("POST", REQUESTS + "/{request_id}/rechazar")
@signed_in
@form_action
async def reject(request: web.Request) -> web.StreamResponse:
    rid, form = request_id(request), await request.post()

    async def shown_again(request: web.Request, problems: Problems, status: int) -> web.Response:
        return await request_page(request, problems, status)

    with refusal_shown_on(shown_again, "rechazar", shown(form, "motivo"), passes=NOT_THE_FORMS):
        order = contract(RejectChangeRequest, {"request_id": rid, "motivo": typed(form, "motivo")})
        await ask(request, moderation_operations.CHANGE_REQUEST_REJECT, order)
    return see_other(f"{REQUESTS}/{rid}?hecho=rechazada")


# The party's side: filing from the candidacy's page ---------------------------------


def candidacy_id(request: web.Request) -> str:
    return path_parameter(request, "candidacy_id")


async def filing_page(
    request: web.Request,
    problems: Problems | None = None,
    status: int = 200,
    typed_back: dict[str, str] | None = None,
    named: list[str] | None = None,
) -> web.StreamResponse:
    """The filing form; for the admin, with the receipt of a request received on paper
    or by e-mail."""
    cid = candidacy_id(request)
    summary = await ask(
        request, capture_operations.CANDIDACY_SUMMARY, contract(CandidacyRef, {"candidacy_id": cid})
    )
    query = ChangeRequestQuery(election_id=summary.election_id)
    listing = await ask(request, moderation_operations.CHANGE_REQUEST_LIST, query)
    earlier = next((view for view in listing.requests if view.candidacy_id == cid), None)
    if earlier is not None and problems is None:
        return see_other(f"{REQUESTS}/{earlier.request_id}")
    back = typed_back or {}
    fields = []
    for person in people_of(summary):
        ref = QuestionnaireRef(
            candidacy_id=cid, cuestionario=QuestionnaireName.CURRICULAR, persona=person
        )
        current = (await ask(request, capture_operations.QUESTIONNAIRE_GET, ref)).respuestas
        # An identity answer is named, never shown or typed here: it stays in capture.
        for spec in (*CHANGEABLE, *IDENTITY_CHANGEABLE):
            name = of_person(person, spec.name)
            fields.append(
                {
                    "spec": spec,
                    "name": name,
                    "label": change_label(name),
                    "current": _text_of(current.get(spec.name)),
                    # A photo's is only the new one uploaded with this very request.
                    "text": back.get(
                        name,
                        "" if spec.type is FieldType.IMAGE else _text_of(current.get(spec.name)),
                    ),
                    "named": name in (named or []),
                    "list": spec.type in LIST_TYPES,
                    "options": spec.options,
                    "photo": spec.type is FieldType.IMAGE,
                    "identity": names_identity(name),
                }
            )
    context = {
        "summary": summary,
        "cid": cid,
        "validated": summary.capture_status == "validated",
        "fields": fields,
        "note": back.get("nota", ""),
        "problems": problems,
        "receives": _receives(request),
        "channels": list(CHANNEL_LABEL.items()),
        "chosen_via": back.get("via", ""),
        "until": long_date(listing.filing_until) if listing.filing_until else None,
        "who_files": listing.who_files,
        # Where the institute applies the change, a new photo comes with the request.
        "photo_with_request": listing.mode is ChangeRequestMode.ADMIN_APPLIES,
    }
    return _page(request, "solicitudes_nueva.html", context, status)


async def _photo_kept(request: web.Request, cid: str, name: str, content: bytes) -> str:
    """The new photo of the person ``name`` is of, kept for the request: its SHA-256."""
    person, _ = person_of(name)
    upload_id = await send_file(request, content, UploadPurpose.CHANGE_PHOTO, cid)
    order = contract(Attach, {"candidacy_id": cid, "upload_id": upload_id, "persona": person})
    kept = await ask(request, capture_operations.PHOTO_KEEP_FOR_CHANGE, order)
    return kept.sha256


def people_of(summary: CandidacySummary) -> list[Person]:
    """Whose fields a request may name: the owner's, and the alternate's where the
    formula has one (capture names its questionnaires ``suplente.<cuestionario>``)."""
    alternate = any(key.startswith(ALTERNATE_PREFIX) for key in summary.completeness)
    return [Person.OWNER, Person.ALTERNATE] if alternate else [Person.OWNER]


async def _zone_of(request: web.Request, cid: str) -> str:
    """The time zone of the candidacy's election: a moment typed there is read there."""
    ref = contract(CandidacyRef, {"candidacy_id": cid})
    summary = await ask(request, capture_operations.CANDIDACY_SUMMARY, ref)
    return zone_of_election(request, summary.election_id)


def _receives(request: web.Request) -> bool:
    """The institute's administration enters what reached it on paper or by e-mail."""
    principal = principal_of(request)
    return principal is not None and principal.role == Role.ADMIN


@pages.route("GET", "/captura/{candidacy_id}/solicitud-cambio")
@signed_in
async def new_change_request(request: web.Request) -> web.StreamResponse:
    return await filing_page(request)


@pages.route("POST", "/captura/{candidacy_id}/solicitud-cambio")
@signed_in
@form_action
async def file_change_request(request: web.Request) -> web.StreamResponse:
    cid, form = candidacy_id(request), await request.post()
    named = [name for name in form.getall("campos", []) if isinstance(name, str)]
    texts = {name: typed(form, f"texto-{name}") or "" for name in CHANGEABLE_OF_FORMULA}
    note = typed(form, "nota") or ""
    receipt = shown(form, *RECEIPT) if _receives(request) else {}

    async def shown_again(
        request: web.Request, problems: Problems, status: int
    ) -> web.StreamResponse:
        back = {**texts, "nota": note, **receipt}
        return await filing_page(request, problems, status, back, named)

    with refusal_shown_on(shown_again, "solicitud", receipt, passes=NOT_THE_FORMS):
        for name in named:  # a photo named comes with the request, where it is uploaded
            photo = uploaded(form, f"foto-{name}")
            if photo is not None and changeable_of(name) is not None:
                texts[name] = await _photo_kept(request, cid, name, photo)
        changes = {name: texts.get(name, "") for name in named}
        data: dict[str, Any] = {"candidacy_id": cid, "cambios": changes, "nota": note}
        if receipt:
            data["recepcion"] = {
                "via": receipt["via"],
                "presentada_por": receipt["presentada_por"],
                "recibida_el": typed_moment_in(
                    receipt["recibida_el"], await _zone_of(request, cid)
                ),
            }
        order = contract(FileChangeRequest, data, prefix="recepcion.")
        filed = await ask(request, moderation_operations.CHANGE_REQUEST_FILE, order)
    done = "registrada" if receipt else "presentada"
    return see_other(f"{REQUESTS}/{filed.request_id}?hecho={done}")
