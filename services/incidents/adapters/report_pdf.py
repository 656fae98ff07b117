"""The bitácora of a period as a PDF: the «reporte técnico de fallas» the admin downloads
(004 §36) and the institute reports to its transparency commission (003 §34). A pure
function: the period's incidents in, PDF bytes out."""

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from fpdf import FPDF, FontFace

from contracts.incidents import IncidentView
from contracts.spanish_dates import MONTHS, zone_name

HEADINGS = FontFace(emphasis="BOLD", fill_color=(225, 225, 225))
COLUMNS = (
    ("Folio", 22),
    ("Recibido", 27),
    ("Origen", 30),
    ("Módulo", 32),
    ("Estado", 30),
    ("Vence", 27),
    ("Veces", 17),
)
LONGEST_TEXT = 600


@dataclass(frozen=True)
class PeriodReport:
    institute: str
    since: datetime
    until: datetime
    time_zone: str
    made_at: datetime
    incidents: list[IncidentView]
    to_commission: bool = False  # addressed to the transparency commission (003 §34)


def _printable(text: str) -> str:
    """The core fonts cover Spanish (windows-1252); any other character prints as '?'."""
    return text.encode("windows-1252", "replace").decode("windows-1252")


def _day(moment: datetime, zone: ZoneInfo) -> str:
    local = moment.astimezone(zone)
    return f"{local.day} de {MONTHS[local.month - 1]} de {local.year}"


def _short(moment: datetime | None, zone: ZoneInfo) -> str:
    return "—" if moment is None else f"{moment.astimezone(zone):%d/%m/%Y %H:%M}"


class _ReportPdf(FPDF):
    def footer(self) -> None:
        self.set_y(-13)
        self.set_font("Helvetica", "", 8)
        self.cell(0, 5, f"Página {self.page_no()} de {{nb}}", align="C")


def render_report(report: PeriodReport) -> bytes:
    zone = ZoneInfo(report.time_zone)
    pdf = _ReportPdf(format="Letter")
    pdf.core_fonts_encoding = "windows-1252"
    pdf.set_margins(15, 15)
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 15)
    title = "Reporte técnico de fallas"
    if report.to_commission:
        title += " para la Comisión de Transparencia"
    pdf.multi_cell(0, 7, _printable(title), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "B", 11)
    pdf.multi_cell(0, 6, _printable(report.institute), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    period = (
        f"Del {_day(report.since, zone)} al {_day(report.until, zone)} "
        f"({_printable(zone_name(report.time_zone))}). Elaborado el "
        f"{_day(report.made_at, zone)}, {report.made_at.astimezone(zone):%H:%M} h."
    )
    pdf.multi_cell(0, 5, _printable(period), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    count = len(report.incidents)
    resolved = sum(1 for i in report.incidents if i.status.value in ("resolved", "reported_back"))
    overdue = sum(1 for i in report.incidents if i.overdue)
    summary = (
        f"{count} {'incidente' if count == 1 else 'incidentes'} en el periodo: {resolved} "
        f"resueltos, {count - resolved} sin resolver, {overdue} vencidos."
    )
    pdf.multi_cell(0, 5, summary, new_x="LMARGIN", new_y="NEXT")
    if report.to_commission:
        addressed = (
            "Se informa a la Comisión de Transparencia de las fallas del periodo y de la "
            "atención que recibió cada una."
        )
        pdf.multi_cell(0, 5, _printable(addressed), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    if report.incidents:
        pdf.set_font("Helvetica", "", 8.5)
        with pdf.table(
            col_widths=tuple(w for _, w in COLUMNS),
            headings_style=HEADINGS,
            text_align="LEFT",
            line_height=4.2,
            padding=1,
        ) as table:
            table.row([heading for heading, _ in COLUMNS])
            for incident in report.incidents:
                table.row(
                    [
                        incident.folio,
                        _short(incident.received_at, zone),
                        _printable(incident.source_label),
                        _printable(incident.module_label),
                        _printable(incident.status_label),
                        _short(incident.due_at, zone) if incident.due_at else "Lo antes posible",
                        str(incident.occurrences),
                    ]
                )
        for incident in report.incidents:
            pdf.ln(3)
            pdf.set_font("Helvetica", "B", 10)
            pdf.multi_cell(
                0,
                5,
                _printable(f"{incident.folio} — {incident.status_label}"),
                new_x="LMARGIN",
                new_y="NEXT",
            )
            pdf.set_font("Helvetica", "", 9)
            text = incident.description[:LONGEST_TEXT]
            pdf.multi_cell(0, 4.5, _printable(f"Qué falló: {text}"), new_x="LMARGIN", new_y="NEXT")
            for note in incident.notes:
                line = f"{_short(note.at, zone)} — {note.text[:LONGEST_TEXT]}"
                pdf.multi_cell(0, 4.5, _printable(line), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
