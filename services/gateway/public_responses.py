"""How a public document is answered: prepared bytes, cacheable by anyone in front.

A held document (``Held``: its bytes, its gzip'd bytes and a strong ETag, computed once
when it changed) is answered as it is: ``If-None-Match`` → ``304``, gzip when the client
accepts it, and a ``Cache-Control`` that lets a CDN or reverse proxy in front serve it for
a second and keep serving it while it revalidates (issue 15 item 3). Per request: a header
comparison and a dictionary lookup, nothing parsed, nothing serialised.

Answers made of several documents (a page of search results, a rendered page) are
prepared once per change of what they show and kept in ``PreparedAnswers``, a bounded
cache keyed by what they were made of.
"""

from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field

from aiohttp import web

from services.gateway.public_read_model import Held, held

PUBLIC_CACHE = "public, max-age=1, stale-while-revalidate=1"
JSON = "application/json"
HTML = "text/html"
PREPARED_MAX_BYTES = 256 * 1024 * 1024
"""What the prepared answers may hold, their plain and gzip'd bytes counted: some 12,000
profile pages (a page is ~15 kB, ~5 kB gzip'd); rendering one costs milliseconds, serving
it prepared a fraction of one."""


def _accepts_gzip(request: web.Request) -> bool:
    accepted = request.headers.get("Accept-Encoding", "")
    return "gzip" in accepted and "gzip;q=0" not in accepted.replace(" ", "")


def _matches(request: web.Request, etag: str) -> bool:
    asked = request.headers.get("If-None-Match")
    if asked is None:
        return False
    return asked.strip() == "*" or etag in (tag.strip() for tag in asked.split(","))


def held_response(
    request: web.Request, document: Held, content_type: str = JSON, status: int = 200
) -> web.Response:
    """``document`` as a cacheable public answer (``status`` for a 410's page, say)."""
    headers = {
        "ETag": document.etag,
        "Cache-Control": PUBLIC_CACHE,
        "Vary": "Accept-Encoding",
    }
    if status == 200 and _matches(request, document.etag):
        return web.Response(status=304, headers=headers)
    charset = "; charset=utf-8"
    headers["Content-Type"] = content_type + charset
    if _accepts_gzip(request):
        headers["Content-Encoding"] = "gzip"
        return web.Response(body=document.gzipped, status=status, headers=headers)
    return web.Response(body=document.value, status=status, headers=headers)


@dataclass
class PreparedAnswers:
    """Answers made once per change of what they show, least recently served leaving first."""

    max_bytes: int = PREPARED_MAX_BYTES
    _answers: OrderedDict[Hashable, Held] = field(default_factory=OrderedDict)
    _bytes: int = 0

    def get(self, key: Hashable, make: Callable[[], bytes]) -> Held:
        found = self._answers.get(key)
        if found is not None:
            self._answers.move_to_end(key)
            return found
        made = held(make(), 0)
        self._answers[key] = made
        self._bytes += len(made.value) + len(made.gzipped)
        while self._bytes > self.max_bytes and len(self._answers) > 1:
            _, dropped = self._answers.popitem(last=False)
            self._bytes -= len(dropped.value) + len(dropped.gzipped)
        return made
