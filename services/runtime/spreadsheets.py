"""Every CSV and XLSX the system writes, each text cell neutralised against formula
injection.

A spreadsheet program runs a cell that begins with ``=``, ``+``, ``-`` or ``@`` (and,
after a tab or a carriage return, whatever follows) as a formula: a request id, a name or
a candidacy key typed by anyone would run on the computer of the admin who opens the
export. As OWASP advises, such a cell is written with a leading single quote, which the
program shows as text. Numbers and dates are not text a person typed and stay as they are.
"""

import csv
import io
from collections.abc import Iterable
from datetime import date, datetime

import openpyxl

FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
Cell = str | int | float | date | datetime | None


def neutralised(value: str) -> str:
    """``value`` as text a spreadsheet shows and never runs."""
    return "'" + value if value.startswith(FORMULA_LEADS) else value


def _text_cell(value: Cell) -> str | int | float:
    if value is None:
        return ""
    if isinstance(value, date):  # datetime too
        return value.isoformat()
    if isinstance(value, str):
        return neutralised(value)
    return value


def csv_text(rows: Iterable[Iterable[Cell]]) -> str:
    """The rows as CSV text (RFC 4180 line ends); encode it and add a BOM where Excel
    must read UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows([_text_cell(value) for value in row] for row in rows)
    return out.getvalue()


def xlsx_bytes(rows: Iterable[Iterable[Cell]]) -> bytes:
    """The rows as the one sheet of an XLSX workbook."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook always has its first sheet
    for row in rows:
        sheet.append([neutralised(value) if isinstance(value, str) else value for value in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
