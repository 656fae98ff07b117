"""The delivery receipt (*acuse de entrega de cuentas*) a party or independent candidacy signs.

Why it exists: handing over the accounts starts the 15-day capture window (000 §3.2), so the
moment of delivery has to be on paper, signed by whoever delivers and whoever receives. The
receipt also tells the recipient what to do with a lost code: report it to the institute,
which revokes it and issues a new one (000 §3.6).

A pure function: the receipt's data in, PDF bytes out. No clock, no settings, no I/O.
"""

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from fpdf import FPDF, FontFace

from contracts.spanish_dates import MONTHS

# (heading, width in mm); together they fill Letter's 185.9 mm between 15 mm margins.
COLUMNS = (
    ("Usuario", 33),
    ("Nombre", 49),
    ("Rol", 22),
    ("Código de activación", 51),  # a 24-character code in 9 pt Courier, on one line
    ("Vence", 31),
)
CODE_FONT = FontFace(family="Courier", size_pt=9)
HEADINGS = FontFace(emphasis="BOLD", fill_color=(225, 225, 225))
LONGEST_NAME = 120  # characters; beyond this a name is cut so one row cannot fill a page
SIGNATURES_HEIGHT = 50  # mm the delivery section needs at the bottom


@dataclass(frozen=True)
class ReceiptLine:
    """One account handed over: its login, whose it is, and its one-time activation code."""

    usuario: str
    nombre: str
    rol: str
    codigo: str
    vence: datetime


@dataclass(frozen=True)
class Receipt:
    """Everything one receipt prints, for one party or independent candidacy."""

    institute: str
    election_name: str
    recipient_kind: str  # "Partido político" or "Candidatura independiente"
    recipient_name: str
    issued_at: datetime
    time_zone: str  # IANA name; every date on the receipt is printed in it
    activation_url: str
    lines: tuple[ReceiptLine, ...]


def render_receipt(receipt: Receipt) -> bytes:
    zone = ZoneInfo(receipt.time_zone)
    pdf = _ReceiptPdf(format="Letter")
    pdf.core_fonts_encoding = "windows-1252"  # what the core fonts' WinAnsiEncoding means
    pdf.set_margins(15, 15)
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_page()

    _paragraph(pdf, "Acuse de entrega de cuentas de acceso", 15, "B", align="C")
    _paragraph(pdf, receipt.institute, 11, "B", align="C")
    _paragraph(pdf, receipt.election_name, 11, align="C")
    pdf.ln(4)
    _field(pdf, receipt.recipient_kind, receipt.recipient_name)
    issued = receipt.issued_at.astimezone(zone)
    _field(pdf, "Fecha de emisión", f"{long_date(issued)} ({receipt.time_zone})")
    pdf.ln(3)
    _paragraph(pdf, _instructions(receipt), 9.5)
    pdf.ln(4)

    pdf.set_font("Helvetica", "", 9)
    widths = tuple(width for _, width in COLUMNS)
    with pdf.table(
        col_widths=widths, headings_style=HEADINGS, text_align="LEFT", line_height=4.6, padding=1.2
    ) as table:
        table.row([heading for heading, _ in COLUMNS])
        for line in receipt.lines:
            row = table.row()
            row.cell(_printable(line.usuario))
            row.cell(_printable(_cut(line.nombre, LONGEST_NAME)))
            row.cell(_printable(line.rol))
            row.cell(_printable(line.codigo), style=CODE_FONT)
            row.cell(f"{line.vence.astimezone(zone):%d/%m/%Y %H:%M} h")

    if pdf.will_page_break(SIGNATURES_HEIGHT):
        pdf.add_page()
    pdf.ln(8)
    pdf.set_font("Helvetica", "", 10)
    pdf.cell(0, 6, "Fecha y hora de entrega: " + "_" * 40, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(20)
    column, y = pdf.epw / 2, pdf.y
    for offset, label in ((0, "Entrega (nombre y firma)"), (column, "Recibe (nombre y firma)")):
        x = pdf.l_margin + offset
        pdf.line(x + 6, y, x + column - 6, y)
        pdf.set_xy(x, y + 1)
        pdf.cell(column, 5, label, align="C")
    return bytes(pdf.output())


def long_date(moment: datetime) -> str:
    """'23 de noviembre de 2026, 10:15 h', in the moment's own offset."""
    return f"{moment.day} de {MONTHS[moment.month - 1]} de {moment.year}, {moment:%H:%M} h"


class _ReceiptPdf(FPDF):
    def footer(self) -> None:
        self.set_y(-13)
        self.set_font("Helvetica", "", 8)
        self.cell(0, 5, f"Página {self.page_no()} de {{nb}}", align="C")  # {nb}: page count


def _paragraph(pdf: FPDF, text: str, size: float, style: str = "", align: str = "L") -> None:
    pdf.set_font("Helvetica", style, size)
    pdf.multi_cell(0, size * 0.5, _printable(text), align=align, new_x="LMARGIN", new_y="NEXT")


def _field(pdf: FPDF, label: str, value: str) -> None:
    pdf.set_font("Helvetica", "B", 10.5)
    pdf.write(5.5, _printable(f"{label}: "))
    pdf.set_font("Helvetica", "", 10.5)
    pdf.write(5.5, _printable(value))
    pdf.ln(6.5)


def _instructions(receipt: Receipt) -> str:
    return (
        "Cada código de activación es personal y de un solo uso, y vence en la fecha y hora "
        f"indicadas (hora de {receipt.time_zone}). Para activar la cuenta, ingrese a "
        f"{receipt.activation_url} con su usuario y su código; al activarla definirá su "
        "contraseña. Guarde el código de forma confidencial: no lo comparta con nadie. "
        "Si un código se pierde, repórtelo al Instituto, que lo revocará y emitirá uno nuevo."
    )


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _printable(text: str) -> str:
    """The core fonts cover Spanish (windows-1252); any other character prints as '?'."""
    return text.encode("windows-1252", "replace").decode("windows-1252")
