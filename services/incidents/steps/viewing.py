"""An incident as people see it: its row, the traces it points at and its notes."""

import datetime as dt

from contracts.incidents import IncidentView, folio
from services.incidents.domain.due_dates import is_overdue
from services.incidents.domain.errors import NO_INCIDENT, NotFound
from services.incidents.store import incident_screenshots, incidents
from services.incidents.store.incidents import IncidentRow
from services.runtime.typed_rows import Conn


def view_of(row: IncidentRow, now: dt.datetime) -> IncidentView:
    return IncidentView(
        incident_id=row.incident_id,
        folio=folio(row.number),
        source=row.source,
        status=row.status,
        module=row.module,
        anomaly=row.anomaly,
        description=row.description,
        happened_at=row.happened_at,
        received_at=row.received_at,
        reporter=row.reporter,
        filed_by=row.filed_by,
        assignee=row.assignee,
        due_at=row.due_at,
        overdue=is_overdue(row.status, row.due_at, now),
        occurrences=row.occurrences,
        last_seen_at=row.last_seen_at,
        traces=[],
    )


async def whole_view(conn: Conn, incident_id: str, now: dt.datetime) -> IncidentView:
    """The incident with its traces and notes."""
    row = await incidents.incident(conn, incident_id)
    if row is None:
        raise NotFound(NO_INCIDENT)
    return view_of(row, now).model_copy(
        update={
            "traces": await incidents.traces_of(conn, incident_id),
            "notes": await incidents.notes_of(conn, incident_id),
            "screenshots": await incident_screenshots.listed(conn, incident_id),
        }
    )
