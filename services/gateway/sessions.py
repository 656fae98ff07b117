"""Web sessions and API tokens at the gateway.

Browsers keep the access and refresh tokens in cookies (``HttpOnly``, ``SameSite=Strict``,
``Secure`` when the portal is served over TLS); when the access token has expired the
gateway renews it with the refresh token on the way through. Mobile clients send
``Authorization: Bearer``. Every form and every cookie-authenticated change carries a
CSRF token equal to the ``conoceles_csrf`` cookie (double submit; SameSite=Strict too).
"""

import contextlib
import logging
import secrets
from typing import Any

from aiohttp import web
from aiohttp.typedefs import Handler

from contracts.accounts import Refresh, Session
from contracts.errors import ErrorCode, ErrorReply
from services.gateway.calls import PRINCIPAL
from services.gateway.middlewares import REQUEST_ID
from services.gateway.state import AUTHENTICATOR, SERVICES, SETTINGS
from services.runtime.requests import RequestFailed
from services.runtime.tokens import TokenRejected

log = logging.getLogger(__name__)

ACCESS_COOKIE = "conoceles_acceso"
REFRESH_COOKIE = "conoceles_renovacion"
CSRF_COOKIE = "conoceles_csrf"
CSRF_FIELD = "csrf"
CSRF_HEADER = "X-CSRF-Token"
CSRF_TOKEN = web.RequestKey("csrf_token", str)
RENEWED = web.RequestKey("renewed_session", Session | None)  # type: ignore[arg-type]
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _secure(request: web.Request) -> bool:
    return request.secure or request.app[SETTINGS].public_url.startswith("https://")


def set_session_cookies(
    request: web.Request, response: web.StreamResponse, session: Session
) -> None:
    common: dict[str, Any] = {
        "httponly": True, "samesite": "Strict", "secure": _secure(request), "path": "/",
    }  # fmt: skip
    response.set_cookie(ACCESS_COOKIE, session.access_token, **common)
    response.set_cookie(REFRESH_COOKIE, session.refresh_token, **common)


def clear_session_cookies(response: web.StreamResponse) -> None:
    response.del_cookie(ACCESS_COOKIE, path="/")
    response.del_cookie(REFRESH_COOKIE, path="/")


def _bearer(request: web.Request) -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


async def _renew(request: web.Request, refresh_token: str) -> Session | None:
    try:
        data = await request.app[SERVICES].call(
            "accounts", "session.refresh", Refresh(refresh_token=refresh_token),
            request_id=request[REQUEST_ID], client_address=request.remote,
        )  # fmt: skip
    except RequestFailed:
        return None
    return Session.model_validate(data)


def _problem(code: ErrorCode, detail: str) -> RequestFailed:
    return RequestFailed(ErrorReply.of(code, detail))


async def _csrf_holds(request: web.Request, expected: str | None) -> bool:
    if expected is None:
        return False
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and request.content_type in FORM_TYPES:
        sent = (await request.post()).get(CSRF_FIELD)  # type: ignore[assignment]
    return isinstance(sent, str) and secrets.compare_digest(sent, expected)


@web.middleware
async def sessions(request: web.Request, handler: Handler) -> web.StreamResponse:
    authenticator = request.app[AUTHENTICATOR]
    request[PRINCIPAL] = None
    request[RENEWED] = None
    csrf_cookie = request.cookies.get(CSRF_COOKIE)
    request[CSRF_TOKEN] = csrf_cookie or secrets.token_urlsafe(32)

    bearer = _bearer(request)
    uses_cookies = ACCESS_COOKIE in request.cookies or REFRESH_COOKIE in request.cookies
    if bearer is not None:
        try:
            request[PRINCIPAL] = await authenticator.verify(bearer)
        except TokenRejected:
            raise _problem(
                ErrorCode.UNAUTHENTICATED, "El token de acceso venció, fue revocado o no es válido."
            ) from None
    else:
        guarded = request.method in UNSAFE and (uses_cookies or request.content_type in FORM_TYPES)
        if guarded and not await _csrf_holds(request, csrf_cookie):
            raise _problem(
                ErrorCode.FORBIDDEN,
                "El formulario caducó o no proviene de este sitio; recargue la página e "
                "intente de nuevo.",
            )
        access = request.cookies.get(ACCESS_COOKIE)
        if access:
            with contextlib.suppress(TokenRejected):  # expired: renewed below
                request[PRINCIPAL] = await authenticator.verify(access)
        refresh = request.cookies.get(REFRESH_COOKIE)
        if request[PRINCIPAL] is None and refresh:
            renewed = await _renew(request, refresh)
            if renewed is not None:
                request[RENEWED] = renewed
                request[PRINCIPAL] = await authenticator.verify(renewed.access_token)

    response = await handler(request)
    renewed = request[RENEWED]
    if renewed is not None and not response.prepared:
        set_session_cookies(request, response, renewed)
    elif (
        bearer is None
        and request[PRINCIPAL] is None
        and uses_cookies
        and not response.prepared
        and ACCESS_COOKIE not in response.cookies  # the handler just signed someone in
    ):
        clear_session_cookies(response)  # a dead session: forget it
    if csrf_cookie is None and not response.prepared:
        response.set_cookie(
            CSRF_COOKIE, request[CSRF_TOKEN], httponly=True, samesite="Strict",
            secure=_secure(request), path="/",
        )  # fmt: skip
    return response
