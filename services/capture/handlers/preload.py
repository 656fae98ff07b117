"""preload.*: the bulk pre-load's template to download, and the upload that fills
drafts (001 §14)."""

from contracts.capture import PreloadImport, PreloadReport, TemplateRequest
from contracts.requests import Document, Request
from services.capture.handlers.refusals import on_its_own, signed_in, with_connection
from services.capture.steps import preloading
from services.runtime.service_deps import ServiceDeps


async def template(deps: ServiceDeps, request: Request[TemplateRequest]) -> Document:
    caller = signed_in(request, "descargar la plantilla")
    return await with_connection(deps, preloading.template, request.payload, caller)


async def preload(deps: ServiceDeps, request: Request[PreloadImport]) -> PreloadReport:
    caller = signed_in(request, "precargar")
    return await on_its_own(preloading.preload, deps, request.payload, caller)
