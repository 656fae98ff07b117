"""photo.attach, the candidacy's photo from an upload; photo.keep_for_change, the new
photo a change request brings; and file.get, a stored file (a photo or a consent
document) to whoever may read it."""

from contracts.capture import Attach, Attached, FileRef
from contracts.requests import Document, Request
from services.capture.handlers.refusals import on_its_own, signed_in, with_connection
from services.capture.steps import attaching, serving_files
from services.runtime.service_deps import ServiceDeps


async def attach_photo(deps: ServiceDeps, request: Request[Attach]) -> Attached:
    caller = signed_in(request, "capturar")
    return await on_its_own(attaching.attach_photo, deps, request.payload, caller)


async def keep_photo_for_change(deps: ServiceDeps, request: Request[Attach]) -> Attached:
    caller = signed_in(request, "subir la fotografía de una solicitud de cambio")
    return await on_its_own(attaching.keep_photo_for_change, deps, request.payload, caller)


async def get_file(deps: ServiceDeps, request: Request[FileRef]) -> Document:
    caller = signed_in(request, "consultar archivos")
    return await with_connection(deps, serving_files.file_document, request.payload, caller)
