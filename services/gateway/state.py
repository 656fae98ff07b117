"""What the gateway's handlers reach through the app: typed keys, no globals."""

from aiohttp import web
from faststream.nats import NatsBroker

from services.runtime.requests import RequestClient
from services.runtime.settings import Settings

SETTINGS = web.AppKey("settings", Settings)
BROKER = web.AppKey("broker", NatsBroker)
SERVICES = web.AppKey("services", RequestClient)
