"""The accounts' web pages: sign-in, activation and the inbox (the consoles are in
accounts_console_pages.py).

Server-rendered and in Spanish, so they work without JavaScript. They call the same
service operations as the JSON API (accounts.py), but a refusal is shown on the page,
next to the field it concerns, rather than becoming problem+json. A form posts and then
redirects (303), except where the reply must be seen exactly once (activation codes, the
TOTP secret): that reply is rendered as the POST's answer and never stored.
"""

import contextlib

from aiohttp import web
from markupsafe import Markup

from contracts.accounts import Activate, ConfirmTotp, NoticeRef, SignIn
from contracts.operations import accounts as accounts_operations
from contracts.requests import Empty
from contracts.roles import Role
from services.gateway.calls import ask, principal_of
from services.gateway.forms import (
    Problems,
    contract,
    filled,
    form_action,
    refusal_shown_on,
    shown,
    typed,
)
from services.gateway.params import path_parameter
from services.gateway.rate_limits import check_rate
from services.gateway.rendering import SIGN_IN, render, see_other, signed_in
from services.gateway.routing import pages
from services.gateway.sessions import (
    RENEWED,
    clear_session_cookies,
    set_session_cookies,
    start_pre_session,
)
from services.gateway.state import ACTIVATION_LIMIT, SIGN_IN_LIMIT
from services.runtime.requests import RequestFailed

INBOX = "/avisos"
CONSOLE = "/consola/cuentas"


# ----- signing in and out --------------------------------------------------------------


async def sign_in_page(
    request: web.Request, problems: Problems | None = None, status: int = 200
) -> web.Response:
    return render(request, "entrar.html", {"problems": problems}, status=status)


@pages.route("GET", SIGN_IN)
async def sign_in_form(request: web.Request) -> web.Response:
    return await sign_in_page(request)


@pages.route("POST", SIGN_IN)
@form_action
async def sign_in(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    with refusal_shown_on(sign_in_page, values=shown(form, "usuario"), passes=()):
        check_rate(request, request.app[SIGN_IN_LIMIT])
        credentials = contract(SignIn, filled(form, "usuario", "contrasena", "codigo_totp"))
        session = await ask(request, accounts_operations.SESSION_SIGN_IN, credentials)
    response = see_other(CONSOLE if session.account.role is Role.ADMIN else INBOX)
    set_session_cookies(request, response, session)
    start_pre_session(request, response)
    return response


@pages.route("POST", "/salir")
async def sign_out(request: web.Request) -> web.Response:
    if principal_of(request) is not None:
        # The cookies go anyway: a session the service cannot end is already dead.
        with contextlib.suppress(RequestFailed):
            await ask(request, accounts_operations.SESSION_SIGN_OUT, Empty())
    request[RENEWED] = None  # a session renewed on the way in must not come back
    response = see_other(SIGN_IN)
    clear_session_cookies(response)
    start_pre_session(request, response)
    return response


# ----- activation ----------------------------------------------------------------------


async def activation_page(
    request: web.Request, problems: Problems | None = None, status: int = 200
) -> web.Response:
    return render(request, "activar.html", {"problems": problems}, status=status)


@pages.route("GET", "/activar")
async def activation_form(request: web.Request) -> web.Response:
    return await activation_page(request)


@pages.route("POST", "/activar")
@form_action
async def activate(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    with refusal_shown_on(activation_page, values=shown(form, "codigo"), passes=()):
        check_rate(request, request.app[ACTIVATION_LIMIT])
        payload = contract(Activate, filled(form, "codigo", "contrasena", "confirmacion"))
        activated = await ask(request, accounts_operations.ACTIVATION_ACTIVATE, payload)
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


async def _who_activates(request: web.Request) -> dict[str, str]:
    form = await request.post()
    return {"usuario": typed(form, "usuario") or "", "secret": typed(form, "secreto") or ""}


async def second_factor_page(request: web.Request, problems: Problems, status: int) -> web.Response:
    """The second factor's form again, as the refused POST sent it."""
    ticket = typed(await request.post(), "ticket") or ""
    context = {**await _who_activates(request), "ticket": ticket, "problems": problems}
    return render(request, "segundo_factor.html", context, status=status)


@pages.route("POST", "/activar/segundo-factor")
@form_action
async def confirm_totp(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    with refusal_shown_on(second_factor_page, passes=()):
        check_rate(request, request.app[ACTIVATION_LIMIT])
        payload = contract(ConfirmTotp, filled(form, "ticket", "codigo_totp"))
        await ask(request, accounts_operations.ACTIVATION_CONFIRM_TOTP, payload)
    context = {**await _who_activates(request), "segundo_factor": True}
    return render(request, "activada.html", context)


# ----- the inbox -----------------------------------------------------------------------


@pages.route("GET", INBOX)
@signed_in
async def inbox(request: web.Request) -> web.StreamResponse:
    notices = await ask(request, accounts_operations.NOTICE_INBOX, Empty())
    return render(request, "avisos.html", {"inbox": notices})


@pages.route("POST", "/avisos/{notice_id}/leido")
@signed_in
async def mark_read(request: web.Request) -> web.StreamResponse:
    ref = contract(NoticeRef, {"notice_id": path_parameter(request, "notice_id")})
    await ask(request, accounts_operations.NOTICE_MARK_READ, ref)
    return see_other(INBOX)
