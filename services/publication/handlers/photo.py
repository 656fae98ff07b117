"""photo.get: a published photo by its SHA-256, for the gateway that does not hold it yet;
anyone may ask (a public profile shows it), nothing else is served."""

from contracts.publication import PhotoRef
from contracts.requests import Document, Request
from services.publication.handlers.refusals import with_connection
from services.publication.steps import serving
from services.runtime.service_deps import ServiceDeps


async def photo_get(deps: ServiceDeps, request: Request[PhotoRef]) -> Document:
    return await with_connection(deps, serving.public_photo, request.payload)
