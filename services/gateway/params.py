"""Reading a request's query string or JSON body into its contract, or a Spanish 422."""

import contextlib
import json
from typing import TypeVar

from aiohttp import web
from pydantic import BaseModel, ValidationError

from contracts.errors import ErrorCode, ErrorReply
from services.gateway.input_guard import MAX_FIELDS_BYTES, nul_fields, refuse_nul, too_large
from services.runtime.requests import RequestFailed
from services.runtime.validation_messages import field_problems

ModelT = TypeVar("ModelT", bound=BaseModel)


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
