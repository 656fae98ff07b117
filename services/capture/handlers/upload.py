"""upload.chunk: a piece of a file, authorised by what the upload is for."""

from contracts.capture import UploadChunk, UploadPurpose
from contracts.requests import Empty, Request
from services.capture.handlers.refusals import admin, signed_in, with_connection
from services.capture.steps import uploading
from services.runtime.service_deps import ServiceDeps


async def upload_chunk(deps: ServiceDeps, request: Request[UploadChunk]) -> Empty:
    chunk = request.payload
    if chunk.purpose is UploadPurpose.REGISTRY:
        caller = admin(request, "importa el registro de candidaturas")
    else:
        caller = signed_in(request, "subir archivos")
    await with_connection(deps, uploading.receive_chunk, deps, chunk, caller)
    return Empty()
