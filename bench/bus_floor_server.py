"""The floor of the hop in Python: a bare aiohttp handler that makes the same request over
NATS (nats-py, no middleware, no telemetry) and answers the reply's bytes, in a process
of its own. What the gateway's own code costs is the hop beside it (bench/hop.py).

``python -m bench.bus_floor_server PORT NATS_URL SUBJECT``; announces itself ready the way
services do."""

import asyncio
import json
import sys

import nats
import uvloop
from aiohttp import web

from services.runtime.child_process import READY_MESSAGE

REQUEST = json.dumps({"request_id": "floor", "payload": {}}).encode()


async def serve(port: int, nats_url: str, subject: str) -> None:
    connection = await nats.connect(nats_url)

    async def hop(_: web.Request) -> web.Response:
        reply = await connection.request(subject, REQUEST, timeout=5)
        return web.Response(body=reply.data, content_type="application/json")

    app = web.Application()
    app.router.add_get("/{tail:.*}", hop)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    print(json.dumps({"message": READY_MESSAGE}), file=sys.stderr, flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    uvloop.run(serve(int(sys.argv[1]), sys.argv[2], sys.argv[3]))
