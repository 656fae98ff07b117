"""Calling a service on behalf of the HTTP caller: its principal, request id and address."""

from typing import TypeVar

from aiohttp import web
from pydantic import BaseModel

from contracts.operations import Operation
from contracts.requests import Principal
from services.gateway.middlewares import request_id
from services.gateway.state import SERVICES

PayloadT = TypeVar("PayloadT", bound=BaseModel)
ReplyT = TypeVar("ReplyT", bound=BaseModel)

PRINCIPAL = web.RequestKey[Principal | None]("principal")


def principal_of(request: web.Request) -> Principal | None:
    return request.get(PRINCIPAL)


async def ask(
    request: web.Request,
    operation: Operation[PayloadT, ReplyT],
    payload: PayloadT,
    *,
    timeout_s: float | None = None,
    anonymous: bool = False,
) -> ReplyT:
    """The reply of ``operation``, as its model; a refusal raises ``RequestFailed``.

    ``anonymous``: asked on nobody's behalf (the activity log's public face answers every
    caller alike, signed in or not)."""
    return await request.app[SERVICES].ask(
        operation,
        payload,
        request_id=request_id(request),
        principal=None if anonymous else principal_of(request),
        client_address=None if anonymous else request.remote,
        timeout_s=timeout_s,
    )
