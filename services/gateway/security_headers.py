"""The headers every response carries — pages, API replies, files, static files and
errors alike — set once, as each response is prepared.

- A Content-Security-Policy that runs no inline script or style and lets no other site
  frame a page (the templates keep every script and style in ``static/``).
- ``nosniff``, so a browser never runs an upload as something else, and a Referrer-Policy
  that keeps the portal's addresses (a candidacy id, a filter) inside the portal.
- ``Cache-Control: no-store`` on whatever a signed-in person receives, identity answers
  above all, and by default on everything else: a response that may be cached says so
  itself (``public`` for content-addressed public files, once publication serves them).
- A ``Server`` header that names no software nor version.
"""

from aiohttp import web

from services.gateway.calls import principal_of

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SESSION_COOKIES = ("conoceles_acceso", "conoceles_renovacion")
STATIC_PREFIX = "/static/"


def _signed_in(request: web.Request) -> bool:
    return (
        principal_of(request) is not None
        or "Authorization" in request.headers
        or any(name in request.cookies for name in SESSION_COOKIES)
    )


async def set_security_headers(request: web.Request, response: web.StreamResponse) -> None:
    headers = response.headers
    headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "same-origin"
    headers["X-Frame-Options"] = "DENY"  # frame-ancestors for browsers without CSP 2
    headers["Server"] = "conoceles"  # aiohttp would name itself and Python, with versions
    cache = headers.get("Cache-Control", "")
    if request.path.startswith(STATIC_PREFIX):
        headers["Cache-Control"] = "no-cache"  # revalidated by its ETag: not fingerprinted
    elif not cache or (_signed_in(request) and "public" not in cache):
        headers["Cache-Control"] = "no-store"
