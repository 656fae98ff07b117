"""Reading a request's query string or JSON body into its contract, or a Spanish 422."""

from typing import TypeVar

from aiohttp import web
from pydantic import BaseModel, ValidationError

from contracts.errors import ErrorCode, ErrorReply
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
    try:
        return model.model_validate_json(await request.read())
    except ValidationError as error:
        raise RequestFailed(
            ErrorReply.of(ErrorCode.INVALID_REQUEST, "Revise los campos señalados.").model_copy(
                update={"fields": field_problems(error)}
            )
        ) from None
