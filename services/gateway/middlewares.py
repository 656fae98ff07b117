"""Gateway middlewares: request ids, and every failure turned into problem+json."""

import logging
import re

import nats.errors
from aiohttp import web
from aiohttp.typedefs import Handler

from contracts.envelope import new_event_id
from contracts.errors import ErrorCode, ErrorReply
from services.gateway.problems import problem_response
from services.runtime.requests import RequestFailed
from services.runtime.telemetry import current_trace_id

log = logging.getLogger(__name__)

REQUEST_ID = web.RequestKey("request_id", str)
# A client's own request id is kept only when short and plain: it lands in the activity
# log, its exports and every log line, where anything longer or richer is a payload.
PLAIN_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


def request_id_of(request: web.Request) -> str:
    sent = request.headers.get("X-Request-Id", "")
    return sent if PLAIN_REQUEST_ID.fullmatch(sent) else str(new_event_id())


def request_id(request: web.Request) -> str:
    """The request's id, made when first needed: an anonymous public read on the short
    way (public_short_way.py) has none until it asks a service or fails."""
    known = request.get(REQUEST_ID)
    if known is None:
        known = request[REQUEST_ID] = request_id_of(request)
    return known


_HTTP_CODES: dict[int, tuple[ErrorCode, str]] = {
    404: (ErrorCode.NOT_FOUND, "No existe la dirección solicitada."),
    400: (ErrorCode.MALFORMED_REQUEST, "La solicitud está mal formada."),
    405: (ErrorCode.METHOD_NOT_ALLOWED, "El método HTTP no se admite en esta dirección."),
    413: (ErrorCode.PAYLOAD_TOO_LARGE, "El contenido enviado excede el tamaño permitido."),
}


def failure_response(request: web.Request, failure: Exception) -> web.Response:
    """The problem a person or a client gets for what a handler raised: a refusal of a
    service, an HTTP error, a body the bus cannot carry, or (logged) anything else."""
    known_id = request_id(request)

    def problem(error: ErrorReply) -> web.Response:
        return problem_response(
            error,
            instance=request.path,
            trace_id=current_trace_id(),
            request_id=known_id,
            headers={"X-Request-Id": known_id},
            page_for=request,
        )

    if isinstance(failure, RequestFailed):
        return problem(failure.error)
    if isinstance(failure, nats.errors.MaxPayloadError):  # what the input guard missed
        return problem(
            ErrorReply.of(
                ErrorCode.PAYLOAD_TOO_LARGE, "El contenido enviado excede el tamaño permitido."
            )
        )
    if isinstance(failure, web.HTTPException):
        code, detail = _HTTP_CODES.get(
            failure.status, (ErrorCode.INVALID_REQUEST, "La solicitud no es válida.")
        )
        answer = problem(ErrorReply.of(code, detail))
        if "Allow" in failure.headers:  # a 405 names the methods the address takes
            answer.headers["Allow"] = failure.headers["Allow"]
        return answer
    log.exception("unhandled error on %s %s", request.method, request.path, exc_info=failure)
    return problem(
        ErrorReply.of(
            ErrorCode.INTERNAL,
            "Ocurrió un error interno. Si persiste, repórtelo citando el identificador de rastreo.",
        )
    )


@web.middleware
async def problems(request: web.Request, handler: Handler) -> web.StreamResponse:
    request[REQUEST_ID] = request_id_of(request)
    try:
        response = await handler(request)
    except web.HTTPException as http_error:
        if http_error.status < 400:
            raise  # a redirect
        return failure_response(request, http_error)
    except Exception as failure:
        return failure_response(request, failure)
    response.headers.setdefault("X-Request-Id", request[REQUEST_ID])
    return response
