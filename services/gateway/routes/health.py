"""``GET /salud``: every service's health, asked over request/reply."""

import asyncio
import os

import aiohttp_jinja2
from aiohttp import web

from contracts.health import HealthStatus, ServiceHealth, SystemHealth, health_check
from contracts.requests import Empty
from contracts.services import BACKEND_SERVICES
from services.gateway.api import WithStatus, api
from services.gateway.middlewares import REQUEST_ID
from services.gateway.problems import prefers_html
from services.gateway.state import BROKER, HEALTH, SERVICES, SETTINGS
from services.runtime.requests import RequestClient, RequestFailed


async def _ask(
    client: RequestClient, service: str, request_id: str, timeout_s: float
) -> ServiceHealth:
    try:
        return await client.ask(
            health_check(service), Empty(), request_id=request_id, timeout_s=timeout_s
        )
    except RequestFailed as failed:
        return ServiceHealth(service=service, status=HealthStatus.DOWN, detail=failed.error.detail)


async def system_health(app: web.Application, request_id: str) -> SystemHealth:
    settings = app[SETTINGS]
    answers = await asyncio.gather(
        *(
            _ask(app[SERVICES], service, request_id, settings.health_timeout_s)
            for service in BACKEND_SERVICES
        )
    )
    bus = HealthStatus.UP if app[BROKER].connection.is_connected else HealthStatus.DOWN
    gateway = ServiceHealth(service="gateway", status=bus, checks={"bus": bus}, pid=os.getpid())
    services = [gateway, *answers]
    healthy = all(s.status is HealthStatus.UP for s in services)
    return SystemHealth(status=HealthStatus.UP if healthy else HealthStatus.DOWN, services=services)


@api.route(
    "GET",
    "/salud",
    summary="Salud del sistema: cada servicio y sus dependencias",
    response=SystemHealth,
    tag="operación",
    extra_statuses={503: "Algún servicio no está disponible"},
)
async def get_health(request: web.Request) -> WithStatus[SystemHealth] | web.Response:
    request_id = request[REQUEST_ID]
    health = await request.app[HEALTH].health(lambda: system_health(request.app, request_id))
    status = 200 if health.status is HealthStatus.UP else 503
    if prefers_html(request):  # a browser: the table the portal's front page once showed
        return aiohttp_jinja2.render_template(
            "publico/salud.html", request, {"health": health, "viewer": None}, status=status
        )
    return WithStatus(health, status)
