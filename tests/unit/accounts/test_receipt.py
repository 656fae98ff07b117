"""The delivery receipt reads right: every account, Spanish text, local time, page numbers."""

import io
from datetime import UTC, datetime, timedelta

from fpdf import FPDF
from pypdf import PdfReader

from services.accounts.adapters.receipt_pdf import Receipt, ReceiptLine, render_receipt

ISSUED = datetime(2026, 11, 23, 16, 15, tzinfo=UTC)
EXPIRES = ISSUED + timedelta(days=7)


def a_line(n: int, nombre: str = "Cuenta de captura", rol: str = "Captura") -> ReceiptLine:
    code = f"K7QM-3XRT-9PLA-WD2F-{n:04d}"
    return ReceiptLine(f"pan-captura-{n}", nombre, rol, code, EXPIRES)


def a_receipt(*lines: ReceiptLine, time_zone: str = "America/Mexico_City") -> Receipt:
    return Receipt(
        institute="Instituto Estatal Electoral",
        election_name="Proceso Electoral Local 2026-2027",
        recipient_kind="Partido político",
        recipient_name="Partido Acción Nacional (PAN)",
        issued_at=ISSUED,
        time_zone=time_zone,
        activation_url="https://conoceles.example/activar",
        lines=lines or (a_line(1),),
    )


def pages_text(receipt: Receipt) -> list[str]:
    reader = PdfReader(io.BytesIO(render_receipt(receipt)))
    return [page.extract_text() for page in reader.pages]


RIGHT_MARGIN_EDGE = 612 - 15 * 72 / 25.4 + 0.5  # Letter, in points, with a rounding allowance


def rightmost_text_edge(pdf: bytes) -> float:
    """Where the widest piece of text on any page ends, in points from the left edge."""
    measure = FPDF(unit="pt")
    measure.core_fonts_encoding = "windows-1252"
    edges = [0.0]

    def visit(text: str, cm: list[float], tm: list[float], font: dict, size: float) -> None:
        if text.strip() and font:
            family, _, bold = font["/BaseFont"].lstrip("/").partition("-")
            measure.set_font(family, "B" if bold else "", size)
            edges.append(tm[4] + measure.get_string_width(text))

    for page in PdfReader(io.BytesIO(pdf)).pages:
        page.extract_text(visitor_text=visit)
    return max(edges)


def test_every_usuario_and_code_is_on_the_receipt() -> None:
    lines = [a_line(n) for n in range(1, 6)]
    text = "\n".join(pages_text(a_receipt(*lines)))
    for line in lines:
        assert line.usuario in text
        assert line.codigo in text


def test_the_receipt_names_what_it_is_and_where_to_activate() -> None:
    text = "\n".join(pages_text(a_receipt()))
    assert "Acuse de entrega de cuentas de acceso" in text
    assert "Instituto Estatal Electoral" in text
    assert "Proceso Electoral Local 2026-2027" in text
    assert "https://conoceles.example/activar" in text
    assert "Fecha y hora de entrega" in text
    assert "Entrega (nombre y firma)" in text
    assert "Recibe (nombre y firma)" in text


def test_spanish_accents_print_as_written() -> None:
    line = a_line(1, nombre="María Peña Ñúñez", rol="Supervisión")
    text = "\n".join(pages_text(a_receipt(line)))
    for word in ("Acción", "Partido político", "Supervisión", "María Peña Ñúñez", "Código"):
        assert word in text


def test_the_issue_date_is_in_the_institutes_time_zone() -> None:
    text = "\n".join(pages_text(a_receipt(time_zone="America/Mexico_City")))
    assert "23 de noviembre de 2026, 10:15 h (America/Mexico_City)" in text


def test_code_expiry_is_printed_in_the_same_time_zone() -> None:
    text = "\n".join(pages_text(a_receipt(time_zone="America/Mexico_City")))
    assert "30/11/2026 10:15 h" in text


def test_many_accounts_flow_onto_numbered_pages_with_every_code() -> None:
    lines = [a_line(n) for n in range(1, 61)]
    pages = pages_text(a_receipt(*lines))
    total = len(pages)
    assert total >= 3
    for number, text in enumerate(pages, start=1):
        assert f"Página {number} de {total}" in text
        assert "Código de activación" in text  # the table header repeats
    everything = "\n".join(pages)
    for line in lines:
        assert line.codigo in everything


def test_a_very_long_name_wraps_inside_the_page_and_the_row_stays_whole() -> None:
    long_name = "Coalición Ciudadana por la Transparencia y la Rendición de Cuentas " * 6
    unbroken = "Ñ" * 150
    lines = (a_line(1, nombre=long_name), a_line(2, nombre=unbroken), a_line(3))
    pdf = render_receipt(a_receipt(*lines))
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    for line in lines:
        assert line.usuario in text
        assert line.codigo in text
    assert "Coalición Ciudadana por la" in text
    assert rightmost_text_edge(pdf) <= RIGHT_MARGIN_EDGE


def test_characters_outside_spanish_print_as_a_question_mark_instead_of_failing() -> None:
    text = "\n".join(pages_text(a_receipt(a_line(1, nombre="Łukasz 李"))))
    assert "?ukasz ?" in text
    assert "K7QM-3XRT-9PLA-WD2F-0001" in text
