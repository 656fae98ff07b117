"""The one writer of every CSV and XLSX: a cell a spreadsheet would run as a formula is
written as text (OWASP's leading quote); everything else is written as it is."""

import csv
import io
from datetime import UTC, datetime

import openpyxl
import pytest

from contracts.capture import ImportFormat
from services.capture.steps.preloading import template_sheet
from services.runtime.spreadsheets import csv_text, xlsx_bytes

DANGEROUS = [
    '=HYPERLINK("http://x.example","clic")',
    "+1+2",
    "-3+4",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1+1",
]


def csv_cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def xlsx_cells(content: bytes) -> list[list[object]]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize("value", DANGEROUS)
def test_a_csv_cell_that_would_run_as_a_formula_is_written_as_text(value: str) -> None:
    assert csv_cells(csv_text([["F-PAN-1", value]])) == [["F-PAN-1", "'" + value]]


@pytest.mark.parametrize("value", DANGEROUS)
def test_an_xlsx_cell_that_would_run_as_a_formula_is_written_as_text(value: str) -> None:
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes([["F-PAN-1", value]]))).active
    assert sheet is not None
    cell = sheet["B1"]
    assert cell.data_type == "s"
    # XML keeps a carriage return as a line feed; the leading quote is what matters.
    assert cell.value == "'" + value.replace("\r", "\n")


def test_plain_text_numbers_dates_and_blanks_are_written_as_they_are() -> None:
    moment = datetime(2027, 3, 1, 12, 30, tzinfo=UTC)
    assert csv_cells(csv_text([["María Ávila", -5, 2.5, moment, None, "a=b"]])) == [
        ["María Ávila", "-5", "2.5", "2027-03-01T12:30:00+00:00", "", "a=b"]
    ]
    assert xlsx_cells(xlsx_bytes([["María Ávila", -5, 2.5, "a-b"]])) == [
        ["María Ávila", -5, 2.5, "a-b"]
    ]


def test_the_preload_templates_neutralise_a_candidacy_key_that_looks_like_a_formula() -> None:
    key = '=HYPERLINK("http://x.example")'
    assert xlsx_cells(template_sheet(ImportFormat.XLSX, [key]))[1][0] == "'" + key
    rows = csv_cells(template_sheet(ImportFormat.CSV, [key]).decode("utf-8-sig"))
    assert rows[1] == ["'" + key]
