"""RFC 9457 problem details: how every error reaches a person or a client.

``type`` is stable for machines (``/problemas/<code>``), ``title`` and ``detail`` are
Spanish for people, and every problem carries the trace id an on-call engineer needs.
A browser (a client that prefers HTML to JSON) gets the same problem as a page.
"""

import functools
import json
from typing import Any

import aiohttp_jinja2
from aiohttp import web
from pydantic import BaseModel, Field

from contracts.errors import HTTP_STATUS, ErrorCode, ErrorReply, FieldProblem

PROBLEM_CONTENT_TYPE = "application/problem+json"
ERROR_PAGE = "error.html"
readable_json = functools.partial(json.dumps, ensure_ascii=False)  # "ó", not "\\u00f3"


class Problem(BaseModel):
    type: str = Field(
        description="Identificador estable del problema, p. ej. /problemas/sin-permiso."
    )
    title: str
    status: int
    detail: str
    instance: str | None = None
    trace_id: str | None = None
    request_id: str | None = None
    errors: list[FieldProblem] = Field(default_factory=list)


def problem_type(code: ErrorCode) -> str:
    return f"/problemas/{code.value}"


def _quality(accept: str, wanted: tuple[str, ...]) -> float:
    """The highest q the Accept header gives any of ``wanted`` (``*/*`` included)."""
    best = 0.0
    for item in accept.split(","):
        media, *params = (part.strip() for part in item.split(";"))
        if media.lower() not in (*wanted, "*/*"):
            continue
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        # An exact type outranks */* at the same q (RFC 9110 §12.5.1).
        best = max(best, q if media.lower() in wanted else q - 0.001)
    return best


def prefers_html(request: web.Request) -> bool:
    """A browser's Accept (``text/html,…,*/*;q=0.8``) prefers HTML; an API client's
    (``application/json``, ``*/*`` or none) does not."""
    accept = request.headers.get("Accept", "")
    html = _quality(accept, ("text/html", "application/xhtml+xml"))
    return html > 0 and html > _quality(accept, ("application/json", PROBLEM_CONTENT_TYPE))


def problem_response(
    error: ErrorReply,
    *,
    instance: str,
    trace_id: str | None,
    request_id: str | None,
    headers: dict[str, str] | None = None,
    page_for: web.Request | None = None,
) -> web.Response:
    """The problem as problem+json; as a Spanish page when ``page_for`` is a browser's."""
    problem = Problem(
        type=problem_type(error.code),
        title=error.title,
        status=HTTP_STATUS[error.code],
        detail=error.detail,
        instance=instance,
        trace_id=trace_id,
        request_id=request_id,
        errors=error.fields,
    )
    if page_for is not None and prefers_html(page_for):
        response = aiohttp_jinja2.render_template(
            ERROR_PAGE, page_for, {"problem": problem}, status=problem.status
        )
        response.headers.extend(headers or {})
        return response
    body: dict[str, Any] = problem.model_dump(mode="json", exclude_none=True)
    return web.json_response(
        body,
        status=problem.status,
        content_type=PROBLEM_CONTENT_TYPE,
        headers=headers,
        dumps=readable_json,
    )
