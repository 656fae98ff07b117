"""The capture console's pages: a person's candidacies with their deadlines (a page at a
time, narrowed by a filters form), one candidacy's overview (photo, consent, privacy
notice, the window's extension) and the supervisor's validation queue (a page at a time).

Server-rendered in Spanish and usable without JavaScript, over the same capture
operations as the JSON API (capture.py); a refusal is shown on the page, next to the form
it concerns. The questionnaire forms live in questionnaire_pages.py, the review before the
one chance in submission_pages.py, the institute's corrections in correction_pages.py and
the admin's registry import in registry_pages.py.
"""

from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from aiohttp import web
from pydantic import ValidationError

from contracts.capture import (
    CAPTURE_STATUS_LABEL,
    Attach,
    Attached,
    CandidacyFilters,
    CandidacyList,
    CandidacyQuery,
    CandidacyRef,
    CandidacySummary,
    CorrectionRequest,
    ElectionConfig,
    PartyWarning,
    PersonRef,
    PrivacyAcceptance,
    QuestionnaireRef,
    QuestionnaireView,
    UploadPurpose,
    WindowExtension,
)
from contracts.errors import ErrorCode
from contracts.events.capture import Person, of_person, person_of
from contracts.operations import Operation
from contracts.operations import capture as capture_operations
from contracts.questionnaires import CURRICULAR, IDENTITY, Questionnaire
from contracts.requests import Empty, Principal
from contracts.roles import Role
from contracts.spanish_dates import zone_name
from contracts.validation_messages import field_problems
from services.gateway.calls import ask, principal_of
from services.gateway.documents import document_response
from services.gateway.forms import (
    DENIED,
    Problems,
    contract,
    filled,
    form_action,
    refusal_shown_on,
    refused,
    shown,
    typed,
    uploaded,
)
from services.gateway.local_time import written, zone_of_election, zone_of_reader
from services.gateway.paging import Pager, counted, typed_filters
from services.gateway.params import path_parameter
from services.gateway.rendering import render as account_render
from services.gateway.rendering import see_other, signed_in
from services.gateway.routing import pages
from services.gateway.uploads import send_file

FiltersT = TypeVar("FiltersT", bound=CandidacyFilters)
CAPTURE = "/captura"
QUEUE = "/captura/validacion"
QUESTIONNAIRES: dict[str, Questionnaire] = {"curricular": CURRICULAR, "identidad": IDENTITY}
VALIDATORS = (Role.SUPERVISOR, Role.VALIDATOR, Role.INDEPENDENT, Role.PARTY_ADMIN)
NOT_THE_FORMS = (*DENIED, ErrorCode.NOT_FOUND)  # no other candidacy to fix it on
PHOTO_TYPES = "image/jpeg,image/png,image/webp"
DOCUMENT_TYPES = "application/pdf,image/jpeg,image/png"
EXTRA_MISSING = {  # what submission asks for beyond single fields
    "medio_de_contacto_publico": "Al menos un medio de contacto público (página web, correo, "
    "teléfono o domicilio de casa de campaña)",
    "aviso_de_privacidad": "La aceptación del aviso de privacidad vigente",
}
DONE = {  # what a page says after a redirect; the query names one of these, no more
    "fotografia": "Se recibió la fotografía; se le quitaron los metadatos (ubicación, cámara).",
    "consentimiento": "Se recibió el documento de consentimiento firmado.",
    "aviso": "Se registró la aceptación del aviso de privacidad.",
    "enviada": "Se enviaron los cuestionarios. Esta cuenta ya no puede editarlos: la "
    "supervisión los revisará y validará.",
    "validada": "Se validaron los cuestionarios; la información pública se publicará.",
    "correccion": "Se pidió al Instituto la corrección de los campos señalados.",
    "advertencia": "Se envió la advertencia: la captura del partido y la cuenta de la "
    "candidatura la reciben en sus avisos.",
    "prorroga": "Se amplió el plazo de captura; las cuentas del partido recibieron un aviso.",
    "revocado": "Se revocó el consentimiento: las respuestas de identidad dejaron de "
    "publicarse y solo se usan para fines estadísticos.",
    "fotografia-suplente": "Se recibió la fotografía de la persona suplente; se le quitaron los "
    "metadatos (ubicación, cámara).",
    "consentimiento-suplente": "Se recibió el documento de consentimiento firmado de la "
    "persona suplente.",
    "revocado-suplente": "Se revocó el consentimiento de la persona suplente: sus respuestas de "
    "identidad dejaron de publicarse y solo se usan para fines estadísticos.",
}
SUFFIX = {Person.OWNER: "", Person.ALTERNATE: "-suplente"}
"""How a form's key and its anchor on the candidacy's page say whose it is."""
LIST_FILTERS = ("eleccion", "cargo", "partido", "estado", "q", "por_pagina")
QUEUE_FILTERS = ("por_pagina",)
FILTER_LABELS = {  # how a problem with the address names what is wrong
    "pagina": "Página",
    "por_pagina": "Candidaturas por página",
    "eleccion": "Elección",
    "cargo": "Cargo",
    "partido": "Partido",
    "estado": "Captura",
    "q": "Nombre o clave",
}


# ----- what every capture page shares ---------------------------------------------------


def render(
    request: web.Request,
    template: str,
    context: Mapping[str, Any] | None = None,
    *,
    status: int = 200,
) -> web.Response:
    """A page of captura/, saying what was just done when a redirect names it."""
    common = {"done": DONE.get(request.query.get("hecho", "")), "closes": closes(request)}
    return account_render(
        request, template, {**common, **(context or {})}, status=status, folder="captura"
    )


def closes(request: web.Request) -> Callable[[datetime | None], str]:
    """How a window's close is written: the last minute of its last day, where the
    institute is («01/12/2026 23:59 h»), not the midnight that follows it."""
    zone = zone_of_reader(request)
    return lambda moment: written(moment - timedelta(microseconds=1) if moment else None, zone)


def time_left(deadline: datetime | None, now: datetime) -> str:
    """The countdown to a capture window's close, in words (computed on the server)."""
    if deadline is None:
        return "Sin plazo aún"
    left = deadline - now
    if left <= timedelta(0):
        return "Plazo vencido"
    days, hours, minutes = left.days, left.seconds // 3600, left.seconds % 3600 // 60
    if days:
        parts = [counted(days, "día", "días"), counted(hours, "hora", "horas")]
    elif hours:
        parts = [counted(hours, "hora", "horas"), counted(minutes, "minuto", "minutos")]
    else:
        parts = [counted(max(minutes, 1), "minuto", "minutos")]
    verb = "Queda" if parts[0].startswith("1 ") else "Quedan"
    return f"{verb} {' y '.join(parts)}"


def overall(completeness: Mapping[str, int]) -> int:
    """A questionnaire's completeness: the average of its sections' (0 before any save)."""
    return round(sum(completeness.values()) / len(completeness)) if completeness else 0


def missing_label(name: str) -> str:
    if name in EXTRA_MISSING:
        return EXTRA_MISSING[name]
    for questionnaire in QUESTIONNAIRES.values():
        if any(spec.name == name for spec in questionnaire.fields):
            return questionnaire.field(name).label
    return name


def persona(request: web.Request) -> Person:
    """Whose of the formula a page is (``?persona=suplente``: the alternate's); the owner's
    when the query names none or no person."""
    try:
        return Person(request.query.get("persona", Person.OWNER))
    except ValueError:
        return Person.OWNER


def candidacy_id(request: web.Request) -> str:
    return path_parameter(request, "candidacy_id")


async def elections(request: web.Request) -> dict[str, ElectionConfig]:
    listing = await ask(request, capture_operations.ELECTION_LIST, Empty())
    return {election.election_id: election for election in listing.elections}


def office_name(summary: CandidacySummary, known: Mapping[str, ElectionConfig]) -> str:
    election = known.get(summary.election_id)
    names = {office.id: office.name for office in election.offices} if election else {}
    return names.get(summary.office, summary.office)


async def summary_of(request: web.Request, wanted: str) -> CandidacySummary:
    """The candidacy as the list shows it; not found if the list would not show it."""
    ref = contract(CandidacyRef, {"candidacy_id": wanted})
    return await ask(request, capture_operations.CANDIDACY_SUMMARY, ref)


async def questionnaire_view(
    request: web.Request, cid: str, name: str, person: Person = Person.OWNER
) -> QuestionnaireView:
    ref = contract(QuestionnaireRef, {"candidacy_id": cid, "cuestionario": name, "persona": person})
    return await ask(request, capture_operations.QUESTIONNAIRE_GET, ref)


# ----- the list of candidacies -----------------------------------------------------------


def _filters_of(
    request: web.Request, model: type[FiltersT], names: tuple[str, ...]
) -> tuple[dict[str, str], FiltersT | None, list[str]]:
    """The filters typed in the address, read as ``model`` (None, and what is wrong with
    them in words, when they do not fit)."""
    typed = typed_filters(request, names)
    try:
        filters = model.model_validate({**typed, "pagina": request.query.get("pagina", "1")})
    except ValidationError as error:
        wrong = [
            f"{FILTER_LABELS.get(p.field, p.field)}: {p.reason}" for p in field_problems(error)
        ]
        return typed, None, wrong
    return typed, filters, []


def _pager(path: str, typed: Mapping[str, str], listing: CandidacyList | None) -> Pager | None:
    if listing is None:
        return None
    return Pager(path, typed, listing.pagina, listing.paginas)


def _choices(
    known: Mapping[str, ElectionConfig], election_id: str | None
) -> dict[str, dict[str, str]]:
    """The form's options: each election, and the offices and parties of the chosen one
    (of every election, none chosen), by id."""
    one = known.get(election_id or "")
    chosen = [one] if one is not None else list(known.values())
    offices: dict[str, str] = {}
    parties: dict[str, str] = {}
    for election in chosen:
        offices |= {o.id: o.name for o in election.offices if o.id not in offices}
        parties |= {p.id: p.name for p in election.parties if p.id not in parties}
    return {
        "eleccion": {e.election_id: e.name for e in known.values()},
        "cargo": offices,
        "partido": parties,
        "estado": {code: label.capitalize() for code, label in CAPTURE_STATUS_LABEL.items()},
    }


def _sees_every_party(principal: Principal | None) -> bool:
    """The institute's staff; a party's or a candidate's account sees only its own."""
    return principal is not None and principal.party_id is None and principal.candidacy_id is None


@pages.route("GET", CAPTURE)
@signed_in
async def candidacies(request: web.Request) -> web.StreamResponse:
    typed, query, wrong = _filters_of(request, CandidacyQuery, LIST_FILTERS)
    listing = None
    if query is not None:
        listing = await ask(request, capture_operations.CANDIDACY_LIST, query)
    known = await elections(request)
    now = datetime.now(UTC)
    rows = [
        {
            "summary": summary,
            "office": office_name(summary, known),
            "status": summary.capture_status_label,
            "curricular": overall(summary.completeness.get("curricular", {})),
            "identidad": overall(summary.completeness.get("identidad", {})),
            "alternate": {  # the alternate's own questionnaires, where there is one
                name: overall(summary.completeness[of_person(Person.ALTERNATE, name)])
                for name in QUESTIONNAIRES
                if of_person(Person.ALTERNATE, name) in summary.completeness
            },
            "left": time_left(summary.deadline_at, now)
            if summary.capture_status == "draft"
            else "Cuestionarios enviados",
        }
        for summary in (listing.candidacies if listing else [])
    ]
    principal = principal_of(request)
    validates = principal is not None and principal.role in VALIDATORS
    context = {
        "rows": rows,
        "validates": validates,
        "listing": listing,
        "total": counted(listing.total, "candidatura", "candidaturas") if listing else "",
        "pager": _pager(CAPTURE, typed, listing),
        "filters": typed,
        "filtered": any(name in typed for name in LIST_FILTERS if name != "por_pagina"),
        "wrong": wrong,
        "choices": _choices(known, typed.get("eleccion")),
        "by_party": _sees_every_party(principal),
    }
    return render(request, "lista.html", context, status=422 if wrong else 200)


# ----- the supervisor's validation queue -------------------------------------------------


async def queue_page(
    request: web.Request, problems: Problems | None = None, status: int = 200
) -> web.Response:
    typed, filters, wrong = _filters_of(request, CandidacyFilters, QUEUE_FILTERS)
    listing = None
    if filters is not None:
        listing = await ask(request, capture_operations.VALIDATION_QUEUE, filters)
    summaries = listing.candidacies if listing else []
    known = await elections(request)
    rows = [{"summary": s, "office": office_name(s, known)} for s in summaries]
    # A refusal about a candidacy no longer in the queue is shown above it, not lost.
    forms = {f"{kind}-{s.candidacy_id}" for s in summaries for kind in ("validar", "correccion")}
    stray = problems if problems is not None and problems.form not in forms else None
    return render(
        request,
        "validacion.html",
        {
            "rows": rows,
            "questionnaires": QUESTIONNAIRES,
            "problems": problems,
            "stray": stray,
            "listing": listing,
            "total": counted(listing.total, "candidatura", "candidaturas") if listing else "",
            "pager": _pager(QUEUE, typed, listing),
            "wrong": wrong,
        },
        status=422 if wrong else status,
    )


# Declared before the candidacy's page: «/captura/{candidacy_id}» would take this
# address too, were aiohttp to try it first (see routing.py).
@pages.route("GET", QUEUE)
@signed_in
async def validation_queue(request: web.Request) -> web.StreamResponse:
    return await queue_page(request)


# ----- one candidacy ---------------------------------------------------------------------


async def overview_page(
    request: web.Request, problems: Problems | None = None, status: int = 200
) -> web.Response:
    cid = candidacy_id(request)
    curricular = await questionnaire_view(request, cid, "curricular")  # its scope decides
    summary = await summary_of(request, cid)
    known = await elections(request)
    election = known.get(summary.election_id)
    preview = None
    if summary.capture_status == "draft":  # what is missing, privacy notice included
        ref = CandidacyRef(candidacy_id=cid)
        preview = await ask(request, capture_operations.CANDIDACY_SUBMISSION_PREVIEW, ref)
    missing = preview.missing if preview else {"curricular": curricular.missing}
    alternate_photo = None
    if summary.alternate_name is not None:
        alternate = await questionnaire_view(request, cid, "curricular", Person.ALTERNATE)
        alternate_photo = alternate.respuestas.get("fotografia")
    submits = preview is not None and preview.may_submit  # only they accept the notice
    # The preview asks for the alternate's questionnaires only where the profile does.
    alternate_required = preview is not None and any(
        person_of(key)[0] is Person.ALTERNATE for key in preview.missing
    )
    viewer = principal_of(request)
    sections = {
        of_person(person, name): [
            (
                section.title,
                summary.completeness.get(of_person(person, name), {}).get(section.id, 0),
            )
            for section in questionnaire.sections
        ]
        for person in Person
        for name, questionnaire in QUESTIONNAIRES.items()
    }
    return render(
        request,
        "candidatura.html",
        {
            "cid": cid,
            "summary": summary,
            "office": office_name(summary, known),
            "status": summary.capture_status_label,
            "left": time_left(summary.deadline_at, datetime.now(UTC)),
            "questionnaires": QUESTIONNAIRES,
            "sections": sections,
            "missing": missing,
            "missing_label": missing_label,
            "alternate_required": alternate_required,
            "people": [
                {
                    "key": "",
                    "name": summary.owner_name,
                    "pages": f"{CAPTURE}/{cid}",
                    "query": "",
                    "photo": curricular.respuestas.get("fotografia"),
                },
                *(
                    [
                        {
                            "key": SUFFIX[Person.ALTERNATE],
                            "name": summary.alternate_name,
                            "pages": f"{CAPTURE}/{cid}/suplente",
                            "query": "?persona=suplente",
                            "photo": alternate_photo,
                            "alternate": True,
                        }
                    ]
                    if summary.alternate_name is not None
                    else []
                ),
            ],
            "privacy_version": election.privacy_notice_version if election else "1",
            "privacy_known": submits,
            "submits": submits,
            "privacy_pending": submits
            and preview is not None
            and "aviso_de_privacidad" in preview.missing["curricular"],
            "problems": problems,
            "asks_institute": summary.asks_institute,
            "extends": summary.capture_status == "draft"
            and summary.deadline_at is not None
            and viewer is not None
            and viewer.role == Role.ADMIN,
            # The supervision presents a revocation, or the independent itself (000 §5.5).
            "revokes": viewer is not None
            and (
                viewer.role == Role.SUPERVISOR
                or (viewer.role == Role.INDEPENDENT and summary.capturing_party is None)
            ),
            "zone_name": zone_name(zone_of_election(request, summary.election_id)),
            "photo_types": PHOTO_TYPES,
            "document_types": DOCUMENT_TYPES,
        },
        status=status,
    )


@pages.route("GET", "/captura/{candidacy_id}")
@signed_in
async def candidacy(request: web.Request) -> web.StreamResponse:
    return await overview_page(request)


async def _attach(
    request: web.Request,
    operation: Operation[Attach, Attached],
    form_key: str,
    purpose: UploadPurpose,
) -> web.StreamResponse:
    cid, person = candidacy_id(request), persona(request)
    form_key += SUFFIX[person]
    form = await request.post()
    content = uploaded(form, "archivo")
    with refusal_shown_on(overview_page, form_key, beside="archivo", passes=NOT_THE_FORMS):
        if content is None:
            raise refused(ErrorCode.INVALID_REQUEST, "Elija un archivo para subir.")
        upload_id = await send_file(request, content, purpose, cid)
        attach = contract(Attach, {"candidacy_id": cid, "upload_id": upload_id, "persona": person})
        await ask(request, operation, attach)
    return see_other(f"{CAPTURE}/{cid}?hecho={form_key}")


@pages.route("POST", "/captura/{candidacy_id}/fotografia")
@signed_in
@form_action
async def attach_photo(request: web.Request) -> web.StreamResponse:
    return await _attach(
        request, capture_operations.PHOTO_ATTACH, "fotografia", UploadPurpose.PHOTO
    )


@pages.route("POST", "/captura/{candidacy_id}/consentimiento")
@signed_in
@form_action
async def attach_consent(request: web.Request) -> web.StreamResponse:
    operation = capture_operations.CONSENT_ATTACH
    return await _attach(request, operation, "consentimiento", UploadPurpose.CONSENT)


@pages.route("POST", "/captura/{candidacy_id}/aviso-privacidad")
@signed_in
@form_action
async def accept_privacy(request: web.Request) -> web.StreamResponse:
    cid = candidacy_id(request)
    form = await request.post()
    with refusal_shown_on(overview_page, "aviso", beside="acepto", passes=NOT_THE_FORMS):
        if typed(form, "acepto") != "si":
            raise refused(ErrorCode.INVALID_REQUEST, "Marque la casilla para aceptar el aviso.")
        acceptance = contract(
            PrivacyAcceptance, {"candidacy_id": cid, "version": typed(form, "version")}
        )
        await ask(request, capture_operations.PRIVACY_ACCEPT, acceptance)
    return see_other(f"{CAPTURE}/{cid}?hecho=aviso")


@pages.route("POST", "/captura/{candidacy_id}/prorroga")
@signed_in
@form_action
async def extend_window(request: web.Request) -> web.StreamResponse:
    cid = candidacy_id(request)
    form = await request.post()
    typed_back = shown(form, "hasta", "motivo")
    with refusal_shown_on(overview_page, "prorroga", typed_back, passes=NOT_THE_FORMS):
        summary = await summary_of(request, cid)
        order = contract(
            WindowExtension,
            {
                "election_id": summary.election_id,
                "candidacy_id": cid,
                **filled(form, "hasta", "motivo"),
            },
        )
        await ask(request, capture_operations.WINDOW_EXTEND, order)
    return see_other(f"{CAPTURE}/{cid}?hecho=prorroga")


@pages.route("GET", "/captura/{candidacy_id}/formato-consentimiento")
@signed_in
async def consent_format(request: web.Request) -> web.StreamResponse:
    ref = PersonRef(candidacy_id=candidacy_id(request), persona=persona(request))
    return document_response(await ask(request, capture_operations.CONSENT_FORMAT, ref))


@pages.route("POST", "/captura/{candidacy_id}/revocar-consentimiento")
@signed_in
@form_action
async def revoke_consent(request: web.Request) -> web.StreamResponse:
    """Without ``confirmar=si``: a page of its own saying what revoking does. With it: the
    revocation, after which the identity answers leave public view at once (000 §5.5)."""
    cid, person = candidacy_id(request), persona(request)
    form = await request.post()
    if typed(form, "confirmar") != "si":
        summary = await summary_of(request, cid)
        whose = summary.alternate_name if person is Person.ALTERNATE else summary.owner_name
        context = {"cid": cid, "summary": summary, "whose": whose, "person": person.value}
        return render(request, "revocar.html", context)
    with refusal_shown_on(overview_page, "revocacion" + SUFFIX[person], passes=NOT_THE_FORMS):
        ref = PersonRef(candidacy_id=cid, persona=person)
        await ask(request, capture_operations.CONSENT_REVOKE, ref)
    return see_other(f"{CAPTURE}/{cid}?hecho=revocado{SUFFIX[person]}")


# ----- validating, or asking for a correction, from the queue --------------------------


@pages.route("POST", "/captura/{candidacy_id}/validar")
@signed_in
@form_action
async def validate(request: web.Request) -> web.StreamResponse:
    """Without ``confirmar=si``: a page of its own saying what validating does (no
    JavaScript needed to ask twice). With it: the validation."""
    cid = candidacy_id(request)
    form = await request.post()
    if typed(form, "confirmar") != "si":
        summary = await summary_of(request, cid)
        return render(request, "validar.html", {"cid": cid, "summary": summary})
    with refusal_shown_on(queue_page, f"validar-{cid}", passes=NOT_THE_FORMS):
        await ask(request, capture_operations.CANDIDACY_VALIDATE, CandidacyRef(candidacy_id=cid))
    return see_other(f"{QUEUE}?hecho=validada")


@pages.route("POST", "/captura/{candidacy_id}/correccion")
@signed_in
@form_action
async def request_correction(request: web.Request) -> web.StreamResponse:
    cid = candidacy_id(request)
    form = await request.post()
    fields = [name for name in form.getall("campos", []) if isinstance(name, str)][:40]
    typed_back = {"nota": typed(form, "nota") or "", "campos": " ".join(fields)}
    # The supervisor asks from its queue; the party, where it may, from the candidacy's
    # page (002 §I.B.1.IX): the refusal and the outcome show where it asked.
    from_candidacy = typed(form, "desde") == "candidatura"
    shown_on = overview_page if from_candidacy else queue_page
    with refusal_shown_on(shown_on, f"correccion-{cid}", typed_back, passes=NOT_THE_FORMS):
        order = contract(
            CorrectionRequest, {"candidacy_id": cid, "campos": fields, "nota": typed(form, "nota")}
        )
        await ask(request, capture_operations.CANDIDACY_REQUEST_CORRECTION, order)
    back = f"{CAPTURE}/{cid}" if from_candidacy else QUEUE
    return see_other(f"{back}?hecho=correccion")


# ----- the supervisor warns the party's capture (002 §II.B.1.II) ------------------------


@pages.route("POST", "/captura/{candidacy_id}/advertencia")
@signed_in
@form_action
async def warn_party(request: web.Request) -> web.StreamResponse:
    cid = candidacy_id(request)
    form = await request.post()
    fields = [name for name in form.getall("campos", []) if isinstance(name, str)][:40]
    typed_back = {"nota": typed(form, "nota") or "", "campos": " ".join(fields)}
    with refusal_shown_on(overview_page, "advertencia", typed_back, passes=NOT_THE_FORMS):
        order = contract(
            PartyWarning, {"candidacy_id": cid, "campos": fields, "nota": typed(form, "nota")}
        )
        await ask(request, capture_operations.CANDIDACY_WARN_PARTY, order)
    return see_other(f"{CAPTURE}/{cid}?hecho=advertencia")
