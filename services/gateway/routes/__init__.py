"""Every route of the gateway is added here, in one place."""

from aiohttp import web

from services.gateway.api import api
from services.gateway.routes import accounts, audit, docs, health, portal

__all__ = ["accounts", "audit", "docs", "health", "portal", "setup_routes"]


def setup_routes(app: web.Application) -> None:
    api.add_to(app)
    app.router.add_get("/", portal.home)
