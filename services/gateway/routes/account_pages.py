"""The accounts' web pages: sign-in, activation, the inbox and the two consoles.

Server-rendered and in Spanish, so they work without JavaScript. They call the same
service operations as the JSON API (accounts.py), but a refusal is shown on the page,
next to the field it concerns, rather than becoming problem+json. A form posts and then
redirects (303), except where the reply must be seen exactly once (activation codes, the
TOTP secret): that reply is rendered as the POST's answer and never stored.
"""

import contextlib
import functools
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar
from urllib.parse import urlencode

import aiohttp_jinja2
from aiohttp import web
from markupsafe import Markup
from multidict import MultiDictProxy
from pydantic import BaseModel, ValidationError

from contracts.accounts import (
    AccountList,
    AccountQuery,
    AccountRef,
    Activate,
    Activated,
    ConfirmTotp,
    CreateSubAccount,
    DeliveryBoard,
    Inbox,
    IssuedAccounts,
    IssueScope,
    IssueStaff,
    Mailbox,
    NoticeRef,
    RecordDelivery,
    ScopeRef,
    Session,
    SignIn,
)
from contracts.errors import HTTP_STATUS, ErrorCode, ErrorReply
from contracts.requests import Document, Empty
from contracts.roles import ROLE_LABEL, STAFF_ROLES, SUB_ACCOUNT_ROLES, Role
from services.gateway.calls import ask, principal_of
from services.gateway.documents import document_response
from services.gateway.routes.accounts import check_rate
from services.gateway.sessions import (
    CSRF_TOKEN,
    RENEWED,
    clear_session_cookies,
    set_session_cookies,
)
from services.gateway.state import ACTIVATION_LIMIT, SIGN_IN_LIMIT
from services.runtime.requests import RequestFailed
from services.runtime.validation_messages import field_problems

M = TypeVar("M", bound=BaseModel)
Page = Callable[[web.Request], Awaitable[web.StreamResponse]]
Form = MultiDictProxy[str | bytes | Any]

SIGN_IN = "/entrar"
INBOX = "/avisos"
CONSOLE = "/consola/cuentas"
SUB_ACCOUNTS = "/consola/subcuentas"
PASSWORDS = frozenset({"contrasena", "confirmacion"})  # kept exactly as typed, never shown
STAFF_CHOICES = [role for role in Role if role in STAFF_ROLES or role is Role.INE]
SUB_ACCOUNT_CHOICES = [role for role in Role if role in SUB_ACCOUNT_ROLES]
SCOPE_REF = ("election_id", "scope_kind", "scope_id")  # hidden in each row's forms
DENIED = (ErrorCode.FORBIDDEN, ErrorCode.UNAUTHENTICATED)
CLEARER_REASON = {  # pydantic's own words for these are too vague for a person
    "correo": "Escriba una dirección de correo completa, como nombre@dominio.mx.",
    "entregado_en": "Escriba la fecha y la hora completas: día, mes, año, hora y minutos.",
}
DONE = {  # what the console says after a redirect; the query names one of these, no more
    "entrega": "Se registró la entrega de las cuentas.",
    "revocada": "Se revocó la cuenta; sus sesiones terminaron.",
}


# ----- what every page shares ----------------------------------------------------------


@dataclass
class Problems:
    """Why one form was refused: a message, reasons per field, and what was typed."""

    detail: str
    fields: dict[str, list[str]] = field(default_factory=dict)
    form: str = ""
    values: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(
        cls, error: ErrorReply, form: str = "", values: Mapping[str, str] | None = None
    ) -> "Problems":
        fields: dict[str, list[str]] = {}
        for problem in error.fields:
            fields.setdefault(problem.field, []).append(problem.reason)
        return cls(error.detail, fields, form, dict(values or {}))


def contract(model: type[M], data: Mapping[str, Any], *, prefix: str = "") -> M:
    """The contract built from a form; invalid input refused as a service would refuse it.

    ``prefix`` is dropped from the field names, for a form that fills a nested part."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        reply = ErrorReply.of(ErrorCode.INVALID_REQUEST, "Revise los campos señalados.")
        problems = []
        for problem in field_problems(error):
            name = problem.field.removeprefix(prefix)
            reason = CLEARER_REASON.get(name, problem.reason)
            problems.append(problem.model_copy(update={"field": name, "reason": reason}))
        raise RequestFailed(reply.model_copy(update={"fields": problems})) from None


def typed(form: Form, name: str) -> str | None:
    """A text field as typed (trimmed, but not a password), or None when left empty."""
    value = form.get(name)
    if not isinstance(value, str):
        return None
    return (value if name in PASSWORDS else value.strip()) or None


def filled(form: Form, *names: str) -> dict[str, str]:
    """The fields typed in; one left empty is absent, so a required one is "missing"."""
    return {name: value for name in names if (value := typed(form, name)) is not None}


def shown(form: Form, *names: str) -> dict[str, str]:
    """The fields to show back in a refused form (never a password)."""
    return {name: typed(form, name) or "" for name in names}


def when(moment: datetime | None) -> str:
    return moment.astimezone(UTC).strftime("%d/%m/%Y %H:%M UTC") if moment else "—"


def see_other(location: str) -> web.Response:
    # Returned, not raised, so the session middleware still sets its cookies on it.
    return web.Response(status=303, headers={"Location": location})


def render(
    request: web.Request,
    template: str,
    context: Mapping[str, Any] | None = None,
    *,
    status: int = 200,
    folder: str = "cuentas",
) -> web.Response:
    """A page of ``folder``, with what every signed-in page shows (CSRF token, who)."""
    common = {
        "csrf": request[CSRF_TOKEN], "principal": principal_of(request), "when": when,
        "role_label": lambda role: ROLE_LABEL.get(Role(role), role),
    }  # fmt: skip
    return aiohttp_jinja2.render_template(
        f"{folder}/{template}", request, {**common, **(context or {})}, status=status
    )


def status_of(error: ErrorReply) -> int:
    return HTTP_STATUS.get(error.code, 500)


def refusal_page(request: web.Request, error: ErrorReply) -> web.Response:
    if error.code is ErrorCode.UNAUTHENTICATED:
        return see_other(SIGN_IN)
    return render(request, "rechazo.html", {"error": error}, status=status_of(error))


def signed_in(handler: Page) -> Page:
    """A page for signed-in people: others sign in first; a service's refusal is a page."""

    @functools.wraps(handler)
    async def page(request: web.Request) -> web.StreamResponse:
        if principal_of(request) is None:
            return see_other(SIGN_IN)
        try:
            return await handler(request)
        except RequestFailed as failed:
            return refusal_page(request, failed.error)

    return page


async def accounts_call(request: web.Request, operation: str, payload: BaseModel) -> Any:
    return await ask(request, "accounts", operation, payload)


# ----- signing in and out --------------------------------------------------------------


async def sign_in_form(request: web.Request) -> web.Response:
    return render(request, "entrar.html")


async def sign_in(request: web.Request) -> web.Response:
    form = await request.post()
    try:
        check_rate(request, request.app[SIGN_IN_LIMIT])
        credentials = contract(
            SignIn,
            filled(form, "usuario", "contrasena", "codigo_totp"),
        )
        session = Session.model_validate(
            await accounts_call(request, "session.sign_in", credentials)
        )
    except RequestFailed as failed:
        problems = Problems.of(failed.error, values=shown(form, "usuario"))
        return render(
            request, "entrar.html", {"problems": problems}, status=status_of(failed.error)
        )
    response = see_other(CONSOLE if session.account.role is Role.ADMIN else INBOX)
    set_session_cookies(request, response, session)
    return response


async def sign_out(request: web.Request) -> web.Response:
    if principal_of(request) is not None:
        # The cookies go anyway: a session the service cannot end is already dead.
        with contextlib.suppress(RequestFailed):
            await accounts_call(request, "session.sign_out", Empty())
    request[RENEWED] = None  # a session renewed on the way in must not come back
    response = see_other(SIGN_IN)
    clear_session_cookies(response)
    return response


# ----- activation ----------------------------------------------------------------------


async def activation_form(request: web.Request) -> web.Response:
    return render(request, "activar.html")


async def activate(request: web.Request) -> web.Response:
    form = await request.post()
    try:
        check_rate(request, request.app[ACTIVATION_LIMIT])
        payload = contract(
            Activate,
            filled(form, "codigo", "contrasena", "confirmacion"),
        )
        activated = Activated.model_validate(
            await accounts_call(request, "activation.activate", payload)
        )
    except RequestFailed as failed:
        problems = Problems.of(failed.error, values=shown(form, "codigo"))
        return render(
            request, "activar.html", {"problems": problems}, status=status_of(failed.error)
        )
    if activated.totp is None:
        return render(request, "activada.html", {"usuario": activated.usuario})
    return render(
        request, "segundo_factor.html",
        {"usuario": activated.usuario, "ticket": activated.totp.ticket,
         "secret": activated.totp.secret,
         # Our own accounts service drew this SVG from the otpauth URI: trusted markup.
         "qr_svg": Markup(activated.totp.qr_svg)},  # noqa: S704
    )  # fmt: skip


async def confirm_totp(request: web.Request) -> web.Response:
    form = await request.post()
    context = {"usuario": typed(form, "usuario") or "", "secret": typed(form, "secreto") or ""}
    try:
        check_rate(request, request.app[ACTIVATION_LIMIT])
        payload = contract(ConfirmTotp, filled(form, "ticket", "codigo_totp"))
        await accounts_call(request, "activation.confirm_totp", payload)
    except RequestFailed as failed:
        return render(
            request, "segundo_factor.html",
            {**context, "ticket": typed(form, "ticket") or "",
             "problems": Problems.of(failed.error)},
            status=status_of(failed.error),
        )  # fmt: skip
    return render(request, "activada.html", {**context, "segundo_factor": True})


# ----- the inbox -----------------------------------------------------------------------


@signed_in
async def inbox(request: web.Request) -> web.StreamResponse:
    notices = Inbox.model_validate(await accounts_call(request, "notice.inbox", Empty()))
    return render(request, "avisos.html", {"inbox": notices})


@signed_in
async def mark_read(request: web.Request) -> web.StreamResponse:
    ref = contract(NoticeRef, {"notice_id": request.match_info["notice_id"][:60]})
    await accounts_call(request, "notice.mark_read", ref)
    return see_other(INBOX)


# ----- the admin's console -------------------------------------------------------------


async def console_page(
    request: web.Request, problems: Problems | None = None, status: int = 200
) -> web.Response:
    board = DeliveryBoard.model_validate(await accounts_call(request, "delivery.board", Empty()))
    listing = AccountList.model_validate(
        await accounts_call(request, "account.list", AccountQuery())
    )
    return render(
        request, "consola.html",
        {"board": board, "accounts": listing.accounts, "problems": problems,
         "staff_roles": STAFF_CHOICES, "done": DONE.get(request.query.get("hecho", ""))},
        status=status,
    )  # fmt: skip


def issued_page(
    request: web.Request, data: Any, *, back: str, receipt: str | None = None
) -> web.Response:
    issued = IssuedAccounts.model_validate(data)
    return render(
        request, "emitidas.html", {"issued": issued.accounts, "back": back, "receipt": receipt}
    )


@signed_in
async def console(request: web.Request) -> web.StreamResponse:
    return await console_page(request)


@signed_in
async def issue_scope(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    ref = filled(form, *SCOPE_REF)
    key = f"emitir-{ref.get('scope_kind')}-{ref.get('scope_id')}"
    contact = ("nombre", "correo", "telefono")
    supervisor = filled(form, *contact)
    try:
        payload = contract(
            IssueScope,
            {"election_id": ref.get("election_id"),
             "scope": {"kind": ref.get("scope_kind"), "id": ref.get("scope_id")},
             "supervisores": [supervisor] if supervisor else []},
            prefix="supervisores.0.",
        )  # fmt: skip
        issued = await accounts_call(request, "account.issue_scope", payload)
    except RequestFailed as failed:
        if failed.error.code in DENIED:
            raise  # not a form to fix: the refusal page says why
        problems = Problems.of(failed.error, key, shown(form, *contact))
        return await console_page(request, problems, status_of(failed.error))
    receipt = f"{CONSOLE}/acuse?{urlencode(ref)}"
    return issued_page(request, issued, back=CONSOLE, receipt=receipt)


@signed_in
async def record_delivery(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    ref = filled(form, *SCOPE_REF)
    typed_moment = typed(form, "entregado_en")
    try:
        # datetime-local carries no zone: the label says the time is UTC.
        payload = contract(
            RecordDelivery, {**ref, "entregado_en": f"{typed_moment}Z" if typed_moment else None}
        )
        await accounts_call(request, "delivery.record", payload)
    except RequestFailed as failed:
        if failed.error.code in DENIED:
            raise  # not a form to fix: the refusal page says why
        key = f"entrega-{ref.get('scope_kind')}-{ref.get('scope_id')}"
        problems = Problems.of(failed.error, key, shown(form, "entregado_en"))
        return await console_page(request, problems, status_of(failed.error))
    return see_other(f"{CONSOLE}?hecho=entrega")


@signed_in
async def receipt(request: web.Request) -> web.StreamResponse:
    ref = contract(ScopeRef, {k: v for k in SCOPE_REF if (v := request.query.get(k))})
    document = Document.model_validate(await accounts_call(request, "delivery.receipt", ref))
    return document_response(document)


@signed_in
async def issue_staff(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    names = ("rol", "nombre", "usuario", "correo", "telefono")
    try:
        payload = contract(IssueStaff, filled(form, *names))
        issued = await accounts_call(request, "account.issue_staff", payload)
    except RequestFailed as failed:
        if failed.error.code in DENIED:
            raise  # not a form to fix: the refusal page says why
        problems = Problems.of(failed.error, "personal", shown(form, *names))
        return await console_page(request, problems, status_of(failed.error))
    return issued_page(request, issued, back=CONSOLE)


def _account_ref(request: web.Request) -> AccountRef:
    return contract(AccountRef, {"account_id": request.match_info["account_id"][:60]})


@signed_in
async def revoke(request: web.Request) -> web.StreamResponse:
    await accounts_call(request, "account.revoke", _account_ref(request))
    back = SUB_ACCOUNTS if request.path.startswith(SUB_ACCOUNTS) else CONSOLE
    return see_other(f"{back}?hecho=revocada")


@signed_in
async def reissue(request: web.Request) -> web.StreamResponse:
    issued = await accounts_call(request, "account.reissue", _account_ref(request))
    return issued_page(request, issued, back=CONSOLE)


@signed_in
async def mailbox(request: web.Request) -> web.StreamResponse:
    mail = Mailbox.model_validate(await accounts_call(request, "mail.mailbox", Empty()))
    return render(request, "correo.html", {"messages": mail.messages})


# ----- a party admin's sub-accounts ----------------------------------------------------


async def sub_accounts_page(
    request: web.Request, problems: Problems | None = None, status: int = 200
) -> web.Response:
    listing = AccountList.model_validate(
        await accounts_call(request, "account.list", AccountQuery())
    )
    return render(
        request, "subcuentas.html",
        {"accounts": listing.accounts, "roles": SUB_ACCOUNT_CHOICES, "problems": problems,
         "done": DONE.get(request.query.get("hecho", ""))},
        status=status,
    )  # fmt: skip


@signed_in
async def sub_accounts(request: web.Request) -> web.StreamResponse:
    principal = principal_of(request)
    if principal is None or principal.role != Role.PARTY_ADMIN:
        # The admin may list every account too, but this page is the party admin's own.
        return refusal_page(
            request,
            ErrorReply.of(ErrorCode.FORBIDDEN, "Esta página es de la administración del partido."),
        )
    return await sub_accounts_page(request)


@signed_in
async def create_sub_account(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    names = ("rol", "nombre", "correo", "telefono")
    try:
        payload = contract(CreateSubAccount, filled(form, *names))
        issued = await accounts_call(request, "account.create_sub", payload)
    except RequestFailed as failed:
        if failed.error.code in DENIED:
            raise  # not a form to fix: the refusal page says why
        problems = Problems.of(failed.error, "subcuenta", shown(form, *names))
        return await sub_accounts_page(request, problems, status_of(failed.error))
    return issued_page(request, issued, back=SUB_ACCOUNTS)
