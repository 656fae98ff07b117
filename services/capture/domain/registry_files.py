"""Reading a registry file into rows, each with the line a person sees in the file.

CSV (UTF-8, with or without BOM, header in the first line), XLSX (the first sheet,
header in the first row) and JSON (a list of objects: "line" is the object's position).
"""

import csv
import datetime as dt
import io
import json
from typing import Any

import openpyxl

from contracts.capture import ImportFormat

Rows = list[tuple[int, dict[str, Any]]]


class UnreadableFile(Exception):
    """The file cannot be read as the format it claims; the message says why, in Spanish."""


def read_rows(file_format: ImportFormat, content: bytes) -> Rows:
    readers = {ImportFormat.CSV: _csv, ImportFormat.XLSX: _xlsx, ImportFormat.JSON: _json}
    return readers[file_format](content)


def _csv(content: bytes) -> Rows:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableFile("El archivo CSV debe estar en UTF-8.") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    rows = []
    for row in reader:
        if None in row:
            raise UnreadableFile(
                f"La línea {reader.line_num} tiene más columnas que el encabezado."
            )
        rows.append((reader.line_num, dict(row)))
    return rows


def _cell(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _xlsx(content: bytes) -> Rows:
    try:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:
        raise UnreadableFile("El archivo no es un libro de Excel (XLSX) legible.") from None
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [str(h).strip() if h is not None else "" for h in next(rows, ())]
    read = []
    for number, values in enumerate(rows, start=2):
        if all(v is None for v in values):
            continue
        read.append((number, {h: _cell(v) for h, v in zip(header, values, strict=False) if h}))
    book.close()
    return read


def _json(content: bytes) -> Rows:
    try:
        document = json.loads(content)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise UnreadableFile(f"El archivo no es JSON válido: {error}") from None
    if not isinstance(document, list) or not all(isinstance(r, dict) for r in document):
        raise UnreadableFile("El JSON debe ser una lista de objetos, uno por persona.")
    return [(number, row) for number, row in enumerate(document, start=1)]
