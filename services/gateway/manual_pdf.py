"""The user manual as a PDF (fpdf2's core fonts, which cover Spanish): the same chapters
the page ``/manual`` shows (services/gateway/user_manual.py), made once per process."""

from functools import cache

from fpdf import FPDF

from services.gateway.user_manual import CHAPTERS

IN_THE_FONT = str.maketrans({"→": "›"})  # the manual's «page → link» arrow, as the font has it


def printable(text: str) -> str:
    """The core fonts cover Spanish (windows-1252); the arrow becomes the font's «›», and
    any other character outside it would print as '?'."""
    return text.translate(IN_THE_FONT).encode("windows-1252", "replace").decode("windows-1252")


class _ManualPdf(FPDF):
    def footer(self) -> None:
        self.set_y(-13)
        self.set_font("Helvetica", "", 8)
        self.cell(
            0, 5, f"Manual de usuario de Conóceles — página {self.page_no()} de {{nb}}", align="C"
        )


@cache
def manual_pdf() -> bytes:
    pdf = _ManualPdf(format="Letter")
    pdf.core_fonts_encoding = "windows-1252"
    pdf.set_margins(18, 18)
    pdf.set_title("Manual de usuario de Conóceles")
    pdf.set_lang("es")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 18)
    pdf.multi_cell(0, 9, "Manual de usuario de Conóceles", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    pdf.multi_cell(
        0, 5, "Qué hace cada cuenta en el sistema y en qué página.", new_x="LMARGIN", new_y="NEXT"
    )
    for chapter in CHAPTERS:
        pdf.ln(4)
        pdf.set_font("Helvetica", "B", 14)
        pdf.multi_cell(0, 7, printable(chapter.title), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "I", 10)
        pdf.multi_cell(0, 5, printable(chapter.who), new_x="LMARGIN", new_y="NEXT")
        for task in chapter.tasks:
            pdf.ln(2)
            pdf.set_font("Helvetica", "B", 11)
            pdf.multi_cell(0, 6, printable(task.title), new_x="LMARGIN", new_y="NEXT")
            pdf.set_font("Helvetica", "", 10)
            if task.where:
                pdf.multi_cell(
                    0, 5, printable(f"Dónde: {task.where}"), new_x="LMARGIN", new_y="NEXT"
                )
            for number, step in enumerate(task.steps, start=1):
                pdf.multi_cell(0, 5, printable(f"{number}. {step}"), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
