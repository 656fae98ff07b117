"""RFC 9457 problem details: how every error reaches a person or a client.

``type`` is stable for machines (``/problemas/<code>``), ``title`` and ``detail`` are
Spanish for people, and every problem carries the trace id an on-call engineer needs.
"""

from typing import Any

from aiohttp import web
from pydantic import BaseModel, Field

from contracts.errors import HTTP_STATUS, ErrorCode, ErrorReply, FieldProblem

PROBLEM_CONTENT_TYPE = "application/problem+json"


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


def problem_response(
    error: ErrorReply,
    *,
    instance: str,
    trace_id: str | None,
    request_id: str | None,
    headers: dict[str, str] | None = None,
) -> web.Response:
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
    body: dict[str, Any] = problem.model_dump(mode="json", exclude_none=True)
    return web.json_response(
        body, status=problem.status, content_type=PROBLEM_CONTENT_TYPE, headers=headers
    )
