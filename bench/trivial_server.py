"""The raw counterpart of every HTTP figure: a trivial aiohttp JSON handler, nothing else
(no middleware, no telemetry), in a process of its own.

``python -m bench.trivial_server PORT``; announces itself ready the way services do."""

import asyncio
import json
import sys

import uvloop
from aiohttp import web

from services.runtime.child_process import READY_MESSAGE

BODY = json.dumps({"candidacy_id": "C000001", "ok": True}).encode()


async def trivial(_: web.Request) -> web.Response:
    return web.Response(body=BODY, content_type="application/json")


async def serve(port: int) -> None:
    app = web.Application()
    app.router.add_get("/{tail:.*}", trivial)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    print(json.dumps({"message": READY_MESSAGE}), file=sys.stderr, flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    uvloop.run(serve(int(sys.argv[1])))
