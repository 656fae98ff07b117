"""The candidacy registry's template, the file an admin fills and imports
(``domain/registry_rows.py`` checks it): in CSV, the header row alone; in Excel, the
instructions (``registry_instructions.py``), the «Registro» sheet to fill, with a list to
choose from in every column that names something of the election, and the «Listas»
sheet those lists are read from (a list written inside a validation may not pass 255
characters, a state's municipalities do).

Neither format carries an example row where rows are filled: one left there by mistake
would import a candidacy nobody registered. Every text cell is neutralised against
formula injection (``services/runtime/spreadsheets.py``): the election's names come from
its configuration, typed by a person.
"""

import datetime as dt
import io
from dataclasses import dataclass
from typing import Literal

import openpyxl
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from contracts.capture import REGISTRY_COLUMN_LABELS, ElectionConfig
from contracts.profile import InstituteProfile
from services.capture.adapters.registry_instructions import (
    Block,
    Emphasis,
    Line,
    Value,
    instructions,
)
from services.capture.domain.formulas import Sex
from services.capture.domain.registry_rows import (
    COLUMNS,
)
from services.capture.domain.registry_values import KIND_LABELS, QUALITY_LABELS, STATUS_LABELS
from services.runtime.spreadsheets import csv_text, neutralised

INSTRUCTIONS, DATA, LISTS = "Instrucciones", "Registro", "Listas"
ROWS_OFFERED = 1000
"""Rows of «Registro» that offer the lists and the date format; a longer registry still
imports, its further rows typed without them."""
DATE_FORMAT = "DD/MM/YYYY"
HEADER = [REGISTRY_COLUMN_LABELS[column] for column in COLUMNS]
WIDTHS = {"clave": 16, "cargo": 38, "distrito": 28, "municipio": 28, "postulante": 24}
INSTRUCTION_WIDTHS = (24, 24, 70, 28, 28)
FONTS = {Emphasis.TITLE: Font(bold=True, size=14), Emphasis.HEADING: Font(bold=True)}
BOLD = Font(bold=True)
WRAPPED = Alignment(wrap_text=True, vertical="top")


def registry_template_csv() -> bytes:
    """The header row, in UTF-8 with the BOM Excel needs to read it as such."""
    return csv_text([HEADER]).encode("utf-8-sig")


def registry_template_xlsx(election: ElectionConfig, profile: InstituteProfile) -> bytes:
    book = openpyxl.Workbook()
    first = book.active
    assert first is not None  # a new workbook always has its first sheet
    first.title = INSTRUCTIONS
    _instructions_sheet(first, instructions(election, profile))
    lists = _choices(election)
    _data_sheet(book.create_sheet(DATA), lists, election.calendar.election_day)
    _lists_sheet(book.create_sheet(LISTS), lists)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _put(sheet: Worksheet, row: int, column: int, value: Value) -> None:
    """The one way a cell is written here: text neutralised."""
    sheet.cell(row, column, neutralised(value) if isinstance(value, str) else value)
    if isinstance(value, dt.date):
        sheet.cell(row, column).number_format = DATE_FORMAT


def _instructions_sheet(sheet: Worksheet, blocks: list[Block]) -> None:
    """One line of text a row (a spreadsheet shows it across the empty cells beside it),
    a heading after a blank row, a table's header in bold."""
    for number, width in enumerate(INSTRUCTION_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = width
    row = 1
    for block in blocks:
        if isinstance(block, Line):
            row += block.emphasis is Emphasis.HEADING
            _put(sheet, row, 1, block.text)
            if block.emphasis in FONTS:
                sheet.cell(row, 1).font = FONTS[block.emphasis]
            row += 1
            continue
        for number, label in enumerate(block.header, start=1):
            _put(sheet, row, number, label)
            sheet.cell(row, number).font = BOLD
        for values in block.rows:
            row += 1
            for number, value in enumerate(values, start=1):
                _put(sheet, row, number, value)
                sheet.cell(row, number).alignment = WRAPPED
        row += 1


@dataclass(frozen=True)
class _Choice:
    """The values a column of «Registro» offers, as a person reads them."""

    column: str
    values: list[str]


def _choices(election: ElectionConfig) -> list[_Choice]:
    postulants = [party.acronym for party in election.parties]
    postulants += [coalition.name for coalition in election.coalitions]
    offered = [
        _Choice("cargo", [office.name for office in election.offices]),
        _Choice("distrito", [district.name for district in election.districts]),
        _Choice("municipio", [place.name for place in election.municipalities]),
        _Choice("postulante_tipo", list(KIND_LABELS.values())),
        _Choice("postulante", postulants),
        _Choice("calidad", list(QUALITY_LABELS.values())),
        _Choice("sexo", [sex.value for sex in Sex]),
        _Choice("accion_afirmativa", [action.name for action in election.affirmative_actions]),
        _Choice("estatus", list(STATUS_LABELS.values())),
    ]
    return [choice for choice in offered if choice.values]  # an empty list offers nothing


def _lists_sheet(sheet: Worksheet, lists: list[_Choice]) -> None:
    for number, choice in enumerate(lists, start=1):
        label = REGISTRY_COLUMN_LABELS[choice.column]
        _put(sheet, 1, number, label)
        sheet.cell(1, number).font = BOLD
        for row, value in enumerate(choice.values, start=2):
            _put(sheet, row, number, value)
        width = max(len(value) for value in [label, *choice.values])
        sheet.column_dimensions[get_column_letter(number)].width = min(60, width + 2)
    sheet.freeze_panes = "A2"


def _data_sheet(sheet: Worksheet, lists: list[_Choice], election_day: dt.date | None) -> None:
    last = ROWS_OFFERED + 1
    for number, (column, label) in enumerate(zip(COLUMNS, HEADER, strict=True), start=1):
        _put(sheet, 1, number, label)
        sheet.cell(1, number).font = BOLD
        width = WIDTHS.get(column, max(14, len(label) + 4))
        sheet.column_dimensions[get_column_letter(number)].width = width
    sheet.freeze_panes = "A2"
    key, birth = _letter("clave"), _letter("fecha_nacimiento")
    for row in range(2, last + 1):
        sheet[f"{key}{row}"].number_format = "@"  # text: «0012» stays «0012»
        sheet[f"{birth}{row}"].number_format = DATE_FORMAT
    for number, choice in enumerate(lists, start=1):
        source = get_column_letter(number)
        listed = f"{LISTS}!${source}$2:${source}${len(choice.values) + 1}"
        _validate(sheet, choice.column, last, "list", listed, error=_NOT_LISTED)
    day = election_day
    latest = f"DATE({day.year},{day.month},{day.day})" if day else "TODAY()"  # born by then
    _validate(
        sheet,
        "fecha_nacimiento",
        last,
        "date",
        "DATE(1900,1,1)",
        latest,
        error="Escriba una fecha como dd/mm/aaaa, por ejemplo 15/06/1984.",
    )
    _validate(
        sheet, "numero_lista", last, "whole", "1", "500", error="Escriba un número de 1 a 500."
    )


_NOT_LISTED = "Elija un valor de la lista; la hoja «Listas» los reúne."


def _letter(column: str) -> str:
    return get_column_letter(COLUMNS.index(column) + 1)


def _validate(
    sheet: Worksheet,
    column: str,
    last: int,
    kind: Literal["list", "date", "whole"],
    low: str,
    high: str | None = None,
    *,
    error: str,
) -> None:
    """Rows 2 to ``last`` of ``column`` take only what ``kind`` allows: from the list
    ``low`` refers to, or between ``low`` and ``high``."""
    validation = DataValidation(
        type=kind,
        operator=None if high is None else "between",
        formula1=low,
        formula2=high,
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=REGISTRY_COLUMN_LABELS[column],
        error=error,
    )
    sheet.add_data_validation(validation)
    validation.add(f"{_letter(column)}2:{_letter(column)}{last}")
