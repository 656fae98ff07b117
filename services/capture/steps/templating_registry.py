"""registry.template: the candidacy registry's template to download, in the terms of the
election it names (``adapters/registry_template.py`` builds it), the file
``steps/importing.py`` then takes."""

import asyncio
import base64

from contracts.capture import ImportFormat, TemplateRequest
from contracts.requests import Document
from services.capture.adapters.registry_template import (
    registry_template_csv,
    registry_template_xlsx,
)
from services.capture.domain.errors import Invalid
from services.capture.steps.finding import election_named
from services.capture.steps.preloading import MEDIA_TYPES
from services.runtime.service_deps import ServiceDeps


async def registry_template(deps: ServiceDeps, order: TemplateRequest) -> Document:
    """The header row alone in CSV; in XLSX, the instructions and the lists of the
    election's offices, places, parties and values (a tenth of a second of CPU or more,
    built off the event loop)."""
    if order.formato is ImportFormat.JSON:
        raise Invalid(
            "La plantilla del registro es CSV o Excel (XLSX); el JSON no lleva plantilla."
        )
    async with deps.pool.acquire() as conn:
        election = await election_named(conn, order.election_id)
    if order.formato is ImportFormat.CSV:
        content = registry_template_csv()
    else:
        content = await asyncio.to_thread(registry_template_xlsx, election.config, election.profile)
    return Document(
        filename=f"plantilla-registro-{order.election_id}.{order.formato.value}",
        media_type=MEDIA_TYPES[order.formato],
        content_base64=base64.b64encode(content).decode(),
    )
