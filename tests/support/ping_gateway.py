"""The real gateway plus one route that makes the sender write pings, for trace tests.

``python -m tests.support.ping_gateway``
"""

import uvloop
from aiohttp import web

from services.gateway.__main__ import serve
from services.gateway.middlewares import REQUEST_ID
from services.gateway.state import SERVICES
from tests.support.pingpong import SendPings


async def post_pings(request: web.Request) -> web.Response:
    command = SendPings.model_validate(await request.json())
    data = await request.app[SERVICES].call(
        "sender", "ping.send", command, request_id=request[REQUEST_ID]
    )
    return web.json_response(data, status=201)


def add_ping_route(app: web.Application) -> None:
    app.router.add_post("/prueba/pings", post_pings)


if __name__ == "__main__":
    uvloop.run(serve(add_ping_route))
