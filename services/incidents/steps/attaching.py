"""The screenshots of a report (000 §6.2: a report «may attach» them): up to five, each
judged by its content and made anew from its pixels (domain/screenshots.py), attached by
the person who reported or by support; read back by them alone, never served as a page."""

import base64
import binascii

from contracts.envelope import utc_now
from contracts.incidents import (
    SCREENSHOTS_PER_REPORT,
    AddScreenshot,
    IncidentView,
    ScreenshotRef,
    folio,
)
from contracts.requests import Document
from services.incidents.domain.errors import NO_INCIDENT, Invalid, NotFound, Refused
from services.incidents.domain.lifecycle import may_see_all
from services.incidents.domain.screenshots import accept_screenshot
from services.incidents.steps.recording import SignedIn, on_incident, record
from services.incidents.steps.viewing import whole_view
from services.incidents.store import incident_screenshots, incidents
from services.incidents.store.incidents import IncidentRow
from services.runtime.connections import Connection
from services.runtime.service_deps import ServiceDeps

NO_SCREENSHOT = "No existe esa captura de pantalla en el incidente."


async def _reachable(conn: Connection, incident_id: str, caller: SignedIn) -> IncidentRow:
    row = await incidents.locked(conn, incident_id)
    mine = row is not None and row.reporter == caller.principal.account_id
    if row is None or not (mine or may_see_all(caller.principal)):
        raise NotFound(NO_INCIDENT)
    return row


async def add(
    conn: Connection, deps: ServiceDeps, order: AddScreenshot, caller: SignedIn
) -> IncidentView:
    row = await _reachable(conn, order.incident_id, caller)
    try:
        content = base64.b64decode(order.content_base64, validate=True)
    except binascii.Error:
        raise Invalid("La captura de pantalla no llegó completa; adjúntela de nuevo.") from None
    if await incident_screenshots.count(conn, row.incident_id) >= SCREENSHOTS_PER_REPORT:
        raise Refused(f"Un reporte lleva a lo más {SCREENSHOTS_PER_REPORT} capturas de pantalla.")
    shot = accept_screenshot(content)
    now = utc_now()
    if await incident_screenshots.add(
        conn, row.incident_id, shot, caller.principal.account_id, now
    ):
        await record(
            conn,
            deps.outbox,
            caller,
            "incident.screenshot",
            on_incident(row.incident_id),
            {"folio": folio(row.number), "sha256": shot.sha256},
        )
    return await whole_view(conn, row.incident_id, now)


async def get(conn: Connection, ref: ScreenshotRef, caller: SignedIn) -> Document:
    row = await incidents.incident(conn, ref.incident_id)
    mine = row is not None and row.reporter == caller.principal.account_id
    if row is None or not (mine or may_see_all(caller.principal)):
        raise NotFound(NO_INCIDENT)
    shot = await incident_screenshots.one(conn, ref.incident_id, ref.sha256)
    if shot is None:
        raise NotFound(NO_SCREENSHOT)
    extension = "png" if shot.media_type == "image/png" else "jpg"
    return Document(
        filename=f"{folio(row.number)}-{shot.sha256[:12]}.{extension}",
        media_type=shot.media_type,
        content_base64=base64.b64encode(shot.content).decode(),
    )
