"""The gateway's aiohttp application: factory, typed state, resources in cleanup_ctx."""

import gc
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp_jinja2
import jinja2
from aiohttp import web
from opentelemetry.sdk.trace import TracerProvider

from services.gateway.auth import Authenticator
from services.gateway.failure_watch import RECENT_REQUESTS, TELLING, RecentRequests, watch_failures
from services.gateway.health_cache import HealthCache
from services.gateway.input_guard import MAX_UPLOAD_BYTES, refuse_unusable_input
from services.gateway.known_elections import KNOWN_ELECTIONS, KnownElections, learn_elections
from services.gateway.middlewares import problems
from services.gateway.public_photos import PublicPhotos
from services.gateway.public_read_model import PublicReadModel
from services.gateway.public_responses import PreparedAnswers
from services.gateway.public_search import PublicSearch
from services.gateway.public_short_way import short_way
from services.gateway.rate_limits import SlidingWindow
from services.gateway.routes import setup_routes
from services.gateway.security_headers import set_security_headers
from services.gateway.server_spans import traced_requests
from services.gateway.sessions import sessions
from services.gateway.state import (
    ACTIVATION_LIMIT,
    AUTHENTICATOR,
    BROKER,
    HEALTH,
    PUBLIC_ANSWERS,
    PUBLIC_PHOTOS,
    PUBLIC_READ_MODEL,
    PUBLIC_SEARCH,
    SERVICES,
    SETTINGS,
    SIGN_IN_LIMIT,
)
from services.runtime import bus
from services.runtime.requests import RequestClient
from services.runtime.settings import Settings

HERE = Path(__file__).parent


def create_app(settings: Settings, tracer_provider: TracerProvider) -> web.Application:
    tracer = tracer_provider.get_tracer(__name__)
    app = web.Application(
        middlewares=[
            # First of all: anonymous public reads skip the rest (and are traced in part).
            short_way(tracer, settings.public_read_trace_ratio),
            traced_requests(tracer),
            problems,
            refuse_unusable_input,
            sessions,
            watch_failures,
            learn_elections,
        ],
        client_max_size=MAX_UPLOAD_BYTES,
    )
    app.on_response_prepare.append(set_security_headers)
    app[SIGN_IN_LIMIT] = SlidingWindow(limit=settings.sign_in_per_minute, window_s=60.0)
    app[ACTIVATION_LIMIT] = SlidingWindow(limit=settings.sign_in_per_minute, window_s=60.0)
    app[SETTINGS] = settings
    app[HEALTH] = HealthCache(settings.health_cache_s)
    app[RECENT_REQUESTS] = RecentRequests()  # issue 16: what a report carries
    app[TELLING] = set()
    app[KNOWN_ELECTIONS] = KnownElections()
    aiohttp_jinja2.setup(
        app,
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        auto_reload=False,  # templates do not change under a running gateway
        autoescape=jinja2.select_autoescape(["html"]),
    )

    async def connect_bus(app: web.Application) -> AsyncIterator[None]:
        broker = bus.create_broker(settings, "gateway", tracer_provider)
        await broker.start()
        app[BROKER] = broker
        app[SERVICES] = RequestClient(
            broker,
            settings.bus_prefix,
            settings.request_timeout_s,
            tracer_provider.get_tracer("services.runtime.requests"),
        )
        app[AUTHENTICATOR] = Authenticator(settings, app[SERVICES])
        await app[AUTHENTICATOR].start(broker.connection.jetstream())
        app[PUBLIC_READ_MODEL] = PublicReadModel()
        await app[PUBLIC_READ_MODEL].start(broker.connection.jetstream(), settings)
        app[PUBLIC_READ_MODEL].on_change(app[PUBLIC_SEARCH].hear)  # issue 15: the portal
        # What was just loaded lives as long as the replica: out of the cyclic collector's
        # sight, so that its full collections do not walk 100,000 profiles (pauses of
        # hundreds of milliseconds under load, bench/RESULTS.md).
        gc.freeze()
        yield
        await app[PUBLIC_READ_MODEL].stop()
        await app[AUTHENTICATOR].stop()
        await broker.stop()

    app[PUBLIC_SEARCH] = PublicSearch()  # issue 15: the portal's index, photos, answers
    app[PUBLIC_PHOTOS] = PublicPhotos()
    app[PUBLIC_ANSWERS] = PreparedAnswers()
    app.cleanup_ctx.append(connect_bus)
    setup_routes(app)
    app.router.add_static("/static", HERE / "static")
    return app
