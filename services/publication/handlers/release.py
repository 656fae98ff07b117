"""release.*: a file of an open-data release, for anyone (the gateway asks when it does
not hold it yet)."""

import base64

from contracts.errors import ErrorCode
from contracts.publication import OpenDataFileRef
from contracts.requests import Document, Request
from services.publication.steps import releasing
from services.runtime.refusal_replies import refuse
from services.runtime.service_deps import ServiceDeps


async def release_file(deps: ServiceDeps, request: Request[OpenDataFileRef]) -> Document:
    found = await releasing.released_file(deps, request.payload)
    if found is None:
        raise refuse(
            ErrorCode.NOT_FOUND,
            "No existe ese archivo de datos abiertos; la versión pudo haberse retirado al "
            "publicarse otras más recientes. Consulte la página de datos abiertos.",
        )
    return Document(
        filename=found.name,
        media_type=found.media_type,
        content_base64=base64.b64encode(found.content).decode("ascii"),
    )
