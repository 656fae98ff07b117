"""Reading a request's path, query string or JSON body into its contract, or a Spanish 422."""

import contextlib
import json
from dataclasses import dataclass
from typing import Any, TypeVar

from aiohttp import web
from pydantic import BaseModel, ValidationError

from contracts.errors import ErrorCode, ErrorReply
from contracts.validation_messages import field_problems
from services.gateway.input_guard import MAX_FIELDS_BYTES, nul_fields, refuse_nul, too_large
from services.runtime.requests import RequestFailed

ModelT = TypeVar("ModelT", bound=BaseModel)


@dataclass(frozen=True)
class PathParameter:
    schema: dict[str, Any]
    """What the OpenAPI document says it is."""
    cut_at: int
    """A longer value is cut here before it travels; the service refuses what is still wrong."""


# What each path parameter is, wherever it appears: ids are cut at 60 characters (and the
# services refuse longer ones), a file is named by its SHA-256.
ID = PathParameter({"type": "string", "minLength": 1, "maxLength": 60}, cut_at=60)
PATH_PARAMETERS = {
    "account_id": ID,
    "candidacy_id": ID,
    "correction_id": ID,
    "decision_id": ID,
    "election_id": ID,
    "incident_id": ID,
    "notice_id": ID,
    "report_id": ID,  # a capture-progress report's
    "request_id": ID,  # a change request's
    "cuestionario": PathParameter(
        {"type": "string", "enum": ["curricular", "identidad"]}, cut_at=20
    ),
    "sha256": PathParameter({"type": "string", "pattern": "^[0-9a-f]{64}$"}, cut_at=64),
}


def path_parameter(request: web.Request, name: str) -> str:
    return request.match_info[name][: PATH_PARAMETERS[name].cut_at]


def path_parameters(request: web.Request) -> dict[str, str]:
    """Every parameter of the request's path, each cut as ``PATH_PARAMETERS`` says."""
    return {name: path_parameter(request, name) for name in request.match_info}


def query_of(request: web.Request, model: type[ModelT]) -> ModelT:
    try:
        return model.model_validate(dict(request.query))
    except ValidationError as error:
        raise RequestFailed(
            ErrorReply.of(ErrorCode.INVALID_REQUEST, "Revise los parámetros señalados.").model_copy(
                update={"fields": field_problems(error)}
            )
        ) from None


async def body_of(request: web.Request, model: type[ModelT]) -> ModelT:
    raw = await request.read()
    if len(raw) > MAX_FIELDS_BYTES:  # sent without a length the input guard could check
        raise too_large(MAX_FIELDS_BYTES)
    if b"\\u0000" in raw:  # an escaped NUL: find where, if it is one and the JSON parses
        with contextlib.suppress(ValueError):
            refuse_nul(list(nul_fields(json.loads(raw))))
    try:
        return model.model_validate_json(raw)
    except ValidationError as error:
        raise RequestFailed(
            ErrorReply.of(ErrorCode.INVALID_REQUEST, "Revise los campos señalados.").model_copy(
                update={"fields": field_problems(error)}
            )
        ) from None
