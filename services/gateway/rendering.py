"""Rendering a page with the session's context, and who may see it.

Every page gets the CSRF token its forms carry, who is signed in and how to write a
moment and a role; a redirect is returned (not raised) so the session middleware still
sets its cookies on it; a page for signed-in people sends others to sign in first and
shows a service's refusal as a page of its own.
"""

import functools
from collections.abc import Mapping
from typing import Any

import aiohttp_jinja2
from aiohttp import web

from contracts.errors import ErrorCode, ErrorReply
from contracts.roles import ROLE_LABEL
from contracts.spanish_dates import zone_name
from services.gateway.calls import principal_of
from services.gateway.forms import status_of
from services.gateway.local_time import written, zone_of_reader
from services.gateway.routing import Handler
from services.gateway.sessions import csrf_token
from services.runtime.requests import RequestFailed

SIGN_IN = "/entrar"


def role_label(role: str) -> str:
    """A role in words; an old entry of the activity log may name one no longer defined."""
    return next((label for known, label in ROLE_LABEL.items() if known == role), role)


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
    zone = zone_of_reader(request)
    common = {
        "csrf": csrf_token(request),
        "principal": principal_of(request),
        "when": functools.partial(written, time_zone=zone),
        "zone_name": zone_name(zone),
        "role_label": role_label,
    }
    return aiohttp_jinja2.render_template(
        f"{folder}/{template}", request, {**common, **(context or {})}, status=status
    )


def refusal_page(request: web.Request, error: ErrorReply) -> web.Response:
    if error.code is ErrorCode.UNAUTHENTICATED:
        return see_other(SIGN_IN)
    return render(request, "rechazo.html", {"error": error}, status=status_of(error))


def signed_in(handler: Handler) -> Handler:
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
