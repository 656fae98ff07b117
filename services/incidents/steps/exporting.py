"""The bitácora of a period, downloaded by support or the admin (004 §36: the report «podrá
ser consultado por el Administrador(a) y tendrá la opción de ser descargado»; 003 §34: the
report to the transparency commission): a CSV of every incident received in the period
(UTF-8 with BOM, each text cell neutralised against formulas), or a PDF report with the
period's summary and each incident's follow-up. The download is an activity entry."""

import base64

from contracts.activity import ActivityTarget
from contracts.envelope import utc_now
from contracts.incidents import IncidentExport, IncidentView, LogFormat
from contracts.requests import Document
from services.incidents.adapters.report_pdf import PeriodReport, render_report
from services.incidents.domain.lifecycle import check_may_work
from services.incidents.steps.recording import SignedIn, record
from services.incidents.steps.viewing import view_of
from services.incidents.store import elections, incidents
from services.incidents.store.incidents import Filters
from services.runtime.connections import Connection
from services.runtime.service_deps import ServiceDeps
from services.runtime.spreadsheets import csv_text

MOST = 20_000
HEADERS = (
    "Folio",
    "Recibido",
    "Ocurrió",
    "Origen",
    "Módulo",
    "Tipo de anomalía",
    "Qué falló",
    "Reportó",
    "Registró",
    "Asignado a",
    "Estado",
    "Vence",
    "Vencido",
    "Veces",
    "Seguimiento",
)


def _rows(views: list[IncidentView]) -> list[list[str | int | None]]:
    rows: list[list[str | int | None]] = [list(HEADERS)]
    for v in views:
        follow_up = " | ".join(f"{n.at.isoformat()} {n.text}" for n in v.notes)
        rows.append(
            [
                v.folio,
                v.received_at.isoformat(),
                v.happened_at.isoformat(),
                v.source_label,
                v.module_label,
                v.anomaly_label or None,
                v.description,
                v.reporter or "El sistema",
                v.filed_by,
                v.assignee,
                v.status_label,
                v.due_at.isoformat() if v.due_at else "Lo más pronto posible",
                "Sí" if v.overdue else "No",
                v.occurrences,
                follow_up or None,
            ]
        )
    return rows


async def export(
    conn: Connection, deps: ServiceDeps, order: IncidentExport, caller: SignedIn
) -> Document:
    check_may_work(caller.principal)
    now = utc_now()
    rows, _ = await incidents.search(conn, Filters(since=order.since, until=order.until), MOST, 0)
    views = []
    for row in reversed(rows):  # the oldest first, as a report reads
        view = view_of(row, now)
        notes = await incidents.notes_of(conn, row.incident_id)
        views.append(view.model_copy(update={"notes": notes}))
    day = f"{order.since:%Y%m%d}-{order.until:%Y%m%d}"
    if order.format is LogFormat.PDF:
        institute = deps.settings.institute_name
        commission = (await elections.rules_for(conn, None)).report_to_commission
        report = PeriodReport(
            institute, order.since, order.until, order.time_zone, now, views, commission
        )
        content, media_type = render_report(report), "application/pdf"
    else:
        content, media_type = csv_text(_rows(views)).encode("utf-8-sig"), "text/csv"
    await record(
        conn,
        deps.outbox,
        caller,
        "incident.export",
        ActivityTarget(kind="incident_log", id=day),
        {"formato": order.format.value, "incidentes": len(views)},
    )
    return Document(
        filename=f"bitacora-incidentes-{day}.{order.format.value}",
        media_type=media_type,
        content_base64=base64.b64encode(content).decode(),
    )
