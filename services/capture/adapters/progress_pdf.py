"""A capture-progress report as a PDF and a CSV (004 §48): the institute's name, the
cut-off in Spanish where the institute is, a bar chart per measure by postulant (drawn
with fpdf2's own rectangles: no image, no other dependency), and the table per postulant
and office. Pure functions: figures in, bytes out."""

from dataclasses import dataclass
from datetime import datetime

from fpdf import FPDF, FontFace

from contracts.spanish_dates import as_told, long_date, zone_name
from services.capture.domain.capture_figures import MEASURES, Figures, ProgressFigures
from services.runtime.spreadsheets import Cell, csv_text

HEADINGS = FontFace(emphasis="BOLD", fill_color=(225, 225, 225))
BAR = (31, 78, 121)  # dark blue on white: contrast well above 4.5:1
TRACK = (230, 230, 230)
COLUMNS = (
    ("Postulante", 38),
    ("Cargo", 32),
    ("Candidaturas", 22),
    ("Curricular capturado", 23),
    ("Identidad capturada", 23),
    ("Enviadas", 23),
    ("Validadas", 23),
)


@dataclass(frozen=True)
class ReportPage:
    institute: str
    election: str
    title: str  # «Informe periódico», «Informe final»…
    time_zone: str
    cutoff_at: datetime
    made_at: datetime
    figures: ProgressFigures


def _printable(text: str) -> str:
    """The core fonts cover Spanish (windows-1252); any other character prints as '?'."""
    return text.encode("windows-1252", "replace").decode("windows-1252")


def moment_in_words(moment: datetime, time_zone: str) -> str:
    """«martes 30 de abril de 2024, 23:59 h (hora del centro de México)»: a cut-off at
    midnight is the end of the day before, and that day is said."""
    shown = as_told(moment, time_zone)
    return f"{long_date(shown.date())}, {shown:%H:%M} h ({zone_name(time_zone)})"


def _cell(count: int, figures: Figures, measure: str) -> str:
    return f"{count} ({figures.percentage(measure):.1f} %)"


class _ReportPdf(FPDF):
    def footer(self) -> None:
        self.set_y(-13)
        self.set_font("Helvetica", "", 8)
        self.cell(0, 5, f"Página {self.page_no()} de {{nb}}", align="C")


def _chart(pdf: FPDF, heading: str, measure: str, postulants: list[Figures]) -> None:
    """One horizontal bar per postulant: the measure's percentage of its candidacies."""
    label_w, bar_w, row_h = 55.0, 100.0, 6.0
    if pdf.get_y() + 12 + row_h * len(postulants) > pdf.h - 20:
        pdf.add_page()
    pdf.set_font("Helvetica", "B", 10)
    pdf.multi_cell(0, 6, _printable(heading), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 8.5)
    for figures in postulants:
        y = pdf.get_y()
        x = pdf.l_margin
        pdf.set_xy(x, y)
        pdf.cell(label_w, row_h, _printable(figures.postulant[:40]))
        pdf.set_fill_color(*TRACK)
        pdf.rect(x + label_w, y + 1, bar_w, row_h - 2, style="F")
        share = figures.percentage(measure)
        if share > 0:
            pdf.set_fill_color(*BAR)
            pdf.rect(x + label_w, y + 1, bar_w * share / 100, row_h - 2, style="F")
        pdf.set_xy(x + label_w + bar_w + 2, y)
        pdf.cell(25, row_h, f"{share:.1f} %")
        pdf.set_xy(x, y + row_h)
    pdf.set_fill_color(255, 255, 255)  # the bars' colours stay out of what follows
    pdf.ln(3)


def render_pdf(page: ReportPage) -> bytes:
    pdf = _ReportPdf(format="Letter")
    pdf.core_fonts_encoding = "windows-1252"
    pdf.set_margins(15, 15)
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 15)
    title = f"{page.title}: avance en la captura de la información"
    pdf.multi_cell(0, 7, _printable(title), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "B", 11)
    for line in (page.institute, page.election):
        pdf.multi_cell(0, 6, _printable(line), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    when = (
        f"Corte: {moment_in_words(page.cutoff_at, page.time_zone)}. "
        f"Elaborado: {moment_in_words(page.made_at, page.time_zone)}."
    )
    pdf.multi_cell(0, 5, _printable(when), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    total = page.figures.total
    summary = (
        f"{total.candidacies} candidaturas vigentes: "
        + "; ".join(
            f"{heading.lower()}, {_cell(getattr(total, measure), total, measure)}"
            for measure, heading in MEASURES
        )
        + "."
    )
    pdf.multi_cell(0, 5, _printable(summary), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    for measure, heading in MEASURES:
        _chart(pdf, f"{heading} (% de las candidaturas)", measure, page.figures.postulants)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 11)
    pdf.multi_cell(0, 6, "Por partido, coalición o candidatura independiente y cargo")
    pdf.ln(2)
    pdf.set_font("Helvetica", "", 8)
    with pdf.table(
        col_widths=tuple(w for _, w in COLUMNS),
        headings_style=HEADINGS,
        text_align="LEFT",
        line_height=4.2,
        padding=1,
    ) as table:
        table.row([_printable(heading) for heading, _ in COLUMNS])
        for figures in [*page.figures.rows, *page.figures.postulants, total]:
            table.row(
                [
                    _printable(figures.postulant),
                    _printable(figures.office),
                    str(figures.candidacies),
                    *[_cell(getattr(figures, m), figures, m) for m, _ in MEASURES],
                ]
            )
    return bytes(pdf.output())


def render_csv(page: ReportPage) -> bytes:
    """UTF-8 with BOM (Excel), every text cell neutralised against formulas."""
    heading: list[Cell] = ["Corte", "Postulante", "Cargo", "Candidaturas"]
    for _, name in MEASURES:
        heading += [name, f"{name} (%)"]
    rows: list[list[Cell]] = [heading]
    cutoff = page.cutoff_at.isoformat()
    figures = page.figures
    for one in [*figures.rows, *figures.postulants, figures.total]:
        row: list[Cell] = [cutoff, one.postulant, one.office, one.candidacies]
        for measure, _ in MEASURES:
            row += [getattr(one, measure), one.percentage(measure)]
        rows.append(row)
    return csv_text(rows).encode("utf-8-sig")
