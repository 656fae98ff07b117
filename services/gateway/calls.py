"""Calling a service on behalf of the HTTP caller: its principal, request id and address."""

from typing import Any

from aiohttp import web
from pydantic import BaseModel

from contracts.requests import Principal
from contracts.services import ServiceName
from services.gateway.middlewares import REQUEST_ID
from services.gateway.state import SERVICES

PRINCIPAL = web.RequestKey("principal", Principal | None)  # type: ignore[arg-type]


def principal_of(request: web.Request) -> Principal | None:
    return request.get(PRINCIPAL)


async def ask(
    request: web.Request,
    service: ServiceName,
    operation: str,
    payload: BaseModel,
    *,
    timeout_s: float | None = None,
) -> dict[str, Any]:
    return await request.app[SERVICES].call(
        service,
        operation,
        payload,
        request_id=request[REQUEST_ID],
        principal=principal_of(request),
        client_address=request.remote,
        timeout_s=timeout_s,
    )
