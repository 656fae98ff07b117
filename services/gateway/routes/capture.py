"""The capture JSON API: elections (more with the capture issue's next steps)."""

from aiohttp import web

from contracts.capture import ElectionConfig, ElectionRef, Elections
from contracts.errors import ErrorCode
from contracts.requests import Empty
from services.gateway.api import api
from services.gateway.calls import ask
from services.gateway.params import body_of

TAG = "elecciones"
DENIED = (ErrorCode.UNAUTHENTICATED, ErrorCode.FORBIDDEN)


@api.route("POST", "/api/v1/elecciones", summary="Configurar (o actualizar) una elección",
           request=ElectionConfig, response=ElectionConfig, tag=TAG,
           errors=(*DENIED, ErrorCode.INVALID_REQUEST))  # fmt: skip
async def post_election(request: web.Request) -> web.Response:
    config = await body_of(request, ElectionConfig)
    return web.json_response(await ask(request, "capture", "election.configure", config))


@api.route("GET", "/api/v1/elecciones", summary="Elecciones configuradas", response=Elections,
           tag=TAG, errors=DENIED)  # fmt: skip
async def get_elections(request: web.Request) -> web.Response:
    return web.json_response(await ask(request, "capture", "election.list", Empty()))


@api.route("GET", "/api/v1/elecciones/{election_id}", summary="Una elección",
           response=ElectionConfig, tag=TAG, errors=(*DENIED, ErrorCode.NOT_FOUND))  # fmt: skip
async def get_election(request: web.Request) -> web.Response:
    ref = ElectionRef.model_construct(election_id=request.match_info["election_id"][:60])
    return web.json_response(await ask(request, "capture", "election.get", ref))
