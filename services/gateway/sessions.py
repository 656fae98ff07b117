"""Web sessions and API tokens at the gateway.

Browsers keep the access and refresh tokens in cookies (``HttpOnly``, ``SameSite=Strict``,
``Secure`` when the portal is served over TLS); when the access token has expired the
gateway renews it with the refresh token on the way through. Mobile clients send
``Authorization: Bearer``. Every form and every cookie-authenticated change carries a
CSRF token (SameSite=Strict too) that is an HMAC, under a key of the deployment, of the
signed-in session's id, or for anonymous forms (sign-in, activation) of a random
pre-session cookie: a cookie planted in a browser, with its value sent back, is no token,
and nobody can make a valid one without the key. Signing in or out starts a new
pre-session, so the token changes. Under TLS that cookie is ``__Host-`` prefixed (Secure,
Path=/, no Domain: no sibling site can set it).
"""

import base64
import contextlib
import functools
import hashlib
import hmac
import logging
import re
import secrets
from typing import Any

from aiohttp import web
from aiohttp.typedefs import Handler
from pydantic import ValidationError

from contracts.accounts import Refresh, Session
from contracts.errors import ErrorCode, ErrorReply
from contracts.operations import accounts as accounts_operations
from services.gateway.calls import PRINCIPAL
from services.gateway.middlewares import REQUEST_ID, failure_response
from services.gateway.state import AUTHENTICATOR, SERVICES, SETTINGS
from services.runtime.requests import RequestFailed
from services.runtime.secret_keys import secret_key
from services.runtime.settings import Settings
from services.runtime.tokens import TokenRejected

log = logging.getLogger(__name__)

ACCESS_COOKIE = "conoceles_acceso"
REFRESH_COOKIE = "conoceles_renovacion"
CSRF_COOKIE = "conoceles_csrf"  # the pre-session's random value, not the token
TLS_CSRF_COOKIE = "__Host-" + CSRF_COOKIE
CSRF_FIELD = "csrf"
CSRF_HEADER = "X-CSRF-Token"
CSRF_TOKEN = web.RequestKey("csrf_token", str)
PRE_SESSION = web.RequestKey("pre_session", str)
PRE_SESSION_FORM = re.compile(r"^[A-Za-z0-9_-]{32,64}$")
RENEWED = web.RequestKey[Session | None]("renewed_session")
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _secure(request: web.Request) -> bool:
    return request.secure or request.app[SETTINGS].public_url.startswith("https://")


def set_session_cookies(
    request: web.Request, response: web.StreamResponse, session: Session
) -> None:
    common: dict[str, Any] = {
        "httponly": True,
        "samesite": "Strict",
        "secure": _secure(request),
        "path": "/",
    }
    response.set_cookie(ACCESS_COOKIE, session.access_token, **common)
    response.set_cookie(REFRESH_COOKIE, session.refresh_token, **common)


def clear_session_cookies(response: web.StreamResponse) -> None:
    response.del_cookie(ACCESS_COOKIE, path="/")
    response.del_cookie(REFRESH_COOKIE, path="/")


@functools.cache
def _csrf_key(settings: Settings) -> bytes:
    return secret_key(
        settings,
        configured=settings.gateway_csrf_key,
        env_name="CONOCELES_GATEWAY_CSRF_KEY",
        purpose="gateway-csrf",
    )


def _csrf_cookie_name(request: web.Request) -> str:
    return TLS_CSRF_COOKIE if _secure(request) else CSRF_COOKIE


def _pre_session(request: web.Request) -> str:
    """The browser's pre-session, or a new one (planted with the answer) when it has none."""
    known = request.get(PRE_SESSION)
    if known is None:
        known = request[PRE_SESSION] = secrets.token_urlsafe(32)
    return known


def _expected_csrf(request: web.Request) -> str:
    """The token this request's forms carry: bound to its session, else its pre-session."""
    principal = request[PRINCIPAL]
    if principal is not None and principal.session_id:
        binding = "sesion:" + principal.session_id
    else:
        binding = "previa:" + _pre_session(request)
    mac = hmac.new(_csrf_key(request.app[SETTINGS]), binding.encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(mac.digest()).decode().rstrip("=")


def csrf_token(request: web.Request) -> str:
    """The token this request's page carries in its forms, made when a page first asks
    (a JSON answer has no form: it costs no token, and plants no pre-session cookie)."""
    known = request.get(CSRF_TOKEN)
    if known is None:
        known = request[CSRF_TOKEN] = _expected_csrf(request)
    return known


def _set_pre_session(request: web.Request, response: web.StreamResponse, value: str) -> None:
    response.set_cookie(
        _csrf_cookie_name(request),
        value,
        httponly=True,
        samesite="Strict",
        secure=_secure(request),
        path="/",
    )


def start_pre_session(request: web.Request, response: web.StreamResponse) -> None:
    """Signing in or out: a new pre-session, so no token known before still works."""
    _set_pre_session(request, response, secrets.token_urlsafe(32))


def _bearer(request: web.Request) -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


async def _renew(request: web.Request, refresh_token: str) -> Session | None:
    try:
        refresh = Refresh(refresh_token=refresh_token)
    except ValidationError:  # a cookie that is no refresh token at all: no session
        return None
    try:
        return await request.app[SERVICES].ask(
            accounts_operations.SESSION_REFRESH,
            refresh,
            request_id=request[REQUEST_ID],
            client_address=request.remote,
        )
    except RequestFailed:
        return None


def _problem(code: ErrorCode, detail: str) -> RequestFailed:
    return RequestFailed(ErrorReply.of(code, detail))


async def _csrf_holds(request: web.Request) -> bool:
    sent: object = request.headers.get(CSRF_HEADER)
    if sent is None and request.content_type in FORM_TYPES:
        sent = (await request.post()).get(CSRF_FIELD)  # a field, or a file posted in its place
    return isinstance(sent, str) and secrets.compare_digest(sent, _expected_csrf(request))


@web.middleware
async def sessions(request: web.Request, handler: Handler) -> web.StreamResponse:
    authenticator = request.app[AUTHENTICATOR]
    request[PRINCIPAL] = None
    request[RENEWED] = None
    pre_session = request.cookies.get(_csrf_cookie_name(request))
    if pre_session is not None and not PRE_SESSION_FORM.match(pre_session):
        pre_session = None
    if pre_session is not None:
        request[PRE_SESSION] = pre_session

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
        # Who is calling first: the token a form must carry depends on the session.
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

    # Whatever the answer (a page, a redirect, a refusal), a renewed session travels with
    # it: the refresh token it replaced is spent, and sending that one again would end the
    # session as a stolen token's reuse.
    try:
        guarded = bearer is None and request.method in UNSAFE
        guarded = guarded and (uses_cookies or request.content_type in FORM_TYPES)
        if guarded and not await _csrf_holds(request):
            raise _problem(
                ErrorCode.FORBIDDEN,
                "El formulario caducó o no proviene de este sitio; recargue la página e "
                "intente de nuevo.",
            )
        response = await handler(request)
    except web.HTTPException as http_error:
        if http_error.status < 400:
            _keep_cookies(request, http_error, pre_session, bearer=bearer, uses=uses_cookies)
            raise  # a redirect
        response = failure_response(request, http_error)
    except Exception as failure:
        response = failure_response(request, failure)
    _keep_cookies(request, response, pre_session, bearer=bearer, uses=uses_cookies)
    return response


def _keep_cookies(
    request: web.Request,
    response: web.StreamResponse,
    pre_session: str | None,
    *,
    bearer: str | None,
    uses: bool,
) -> None:
    renewed = request[RENEWED]
    if renewed is not None and not response.prepared:
        set_session_cookies(request, response, renewed)
    elif (
        bearer is None
        and request[PRINCIPAL] is None
        and uses
        and not response.prepared
        and ACCESS_COOKIE not in response.cookies  # the handler just signed someone in
    ):
        clear_session_cookies(response)  # a dead session: forget it
    made = request.get(PRE_SESSION) if pre_session is None else None
    name = _csrf_cookie_name(request)
    if made is not None and not response.prepared and name not in response.cookies:
        _set_pre_session(request, response, made)
