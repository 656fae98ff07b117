"""``GET /api/v1/openapi.json``: the API described from its own declarations."""

from typing import Any

from aiohttp import web
from pydantic import RootModel

from services.gateway.api import api
from services.gateway.openapi import build_openapi


class OpenApiDocument(RootModel[dict[str, Any]]):
    """Documento OpenAPI 3.1."""


@api.route(
    "GET",
    "/api/v1/openapi.json",
    summary="Descripción OpenAPI 3.1 de esta API",
    response=OpenApiDocument,
    tag="operación",
)
async def get_openapi(request: web.Request) -> OpenApiDocument:
    return OpenApiDocument(build_openapi(api.routes, version="1"))
