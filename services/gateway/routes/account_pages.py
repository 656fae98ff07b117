"""The accounts' web pages: sign-in, activation and the inbox (the consoles are in
accounts_console_pages.py).

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

import aiohttp_jinja2
from aiohttp import web
from markupsafe import Markup
from multidict import MultiDictProxy
from pydantic import BaseModel, ValidationError

from contracts.accounts import (
    Activate,
    Activated,
    ConfirmTotp,
    Inbox,
    NoticeRef,
    Session,
    SignIn,
)
from contracts.errors import HTTP_STATUS, ErrorCode, ErrorReply
from contracts.requests import Empty
from contracts.roles import ROLE_LABEL, Role
from contracts.services import ServiceName
from services.gateway.calls import ask, principal_of
from services.gateway.routes.accounts import check_rate
from services.gateway.sessions import (
    CSRF_TOKEN,
    RENEWED,
    clear_session_cookies,
    set_session_cookies,
    start_pre_session,
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
PASSWORDS = frozenset({"contrasena", "confirmacion"})  # kept exactly as typed, never shown
DENIED = (ErrorCode.FORBIDDEN, ErrorCode.UNAUTHENTICATED)
CLEARER_REASON = {  # pydantic's own words for these are too vague for a person
    "correo": "Escriba una dirección de correo completa, como nombre@dominio.mx.",
    "entregado_en": "Escriba la fecha y la hora completas: día, mes, año, hora y minutos.",
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
        "csrf": request[CSRF_TOKEN],
        "principal": principal_of(request),
        "when": when,
        "role_label": lambda role: ROLE_LABEL.get(Role(role), role),
    }
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
    return await ask(request, ServiceName.ACCOUNTS, operation, payload)


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
    start_pre_session(request, response)
    return response


async def sign_out(request: web.Request) -> web.Response:
    if principal_of(request) is not None:
        # The cookies go anyway: a session the service cannot end is already dead.
        with contextlib.suppress(RequestFailed):
            await accounts_call(request, "session.sign_out", Empty())
    request[RENEWED] = None  # a session renewed on the way in must not come back
    response = see_other(SIGN_IN)
    clear_session_cookies(response)
    start_pre_session(request, response)
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
        request,
        "segundo_factor.html",
        {
            "usuario": activated.usuario,
            "ticket": activated.totp.ticket,
            "secret": activated.totp.secret,
            # Our own accounts service drew this SVG from the otpauth URI: trusted markup.
            "qr_svg": Markup(activated.totp.qr_svg),  # noqa: S704
        },
    )


async def confirm_totp(request: web.Request) -> web.Response:
    form = await request.post()
    context = {"usuario": typed(form, "usuario") or "", "secret": typed(form, "secreto") or ""}
    try:
        check_rate(request, request.app[ACTIVATION_LIMIT])
        payload = contract(ConfirmTotp, filled(form, "ticket", "codigo_totp"))
        await accounts_call(request, "activation.confirm_totp", payload)
    except RequestFailed as failed:
        return render(
            request,
            "segundo_factor.html",
            {
                **context,
                "ticket": typed(form, "ticket") or "",
                "problems": Problems.of(failed.error),
            },
            status=status_of(failed.error),
        )
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
