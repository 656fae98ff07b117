"""Reading a registry file into rows, each with the line a person sees in the file.

CSV (UTF-8, with or without BOM, header in the first line), XLSX (the first sheet,
header in the first row) and JSON (a list of objects: "line" is the object's position).

Rows are read one at a time, never the whole file as text at once (CSV through an
incremental decoder, XLSX in openpyxl's read-only mode), and a file with more rows than
``max_rows`` is refused as soon as the row after the limit is read. A JSON file is read
whole: its size is bounded by the account's quota of pending upload bytes.
"""

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

import openpyxl

from contracts.capture import ImportFormat
from services.capture.domain.errors import Invalid

Row = tuple[int, dict[str, Any]]


class UnreadableFile(Invalid):
    """The file cannot be read as the format it claims; the message says why, in Spanish."""


def read_rows(file_format: ImportFormat, content: bytes, max_rows: int) -> Iterator[Row]:
    readers = {ImportFormat.CSV: _csv, ImportFormat.XLSX: _xlsx, ImportFormat.JSON: _json}
    return _at_most(readers[file_format](content), max_rows)


def _at_most(rows: Iterable[Row], max_rows: int) -> Iterator[Row]:
    for count, row in enumerate(rows, start=1):
        if count > max_rows:
            raise UnreadableFile(
                f"El archivo tiene más de {max_rows:,} filas, el máximo que se importa de una "
                "vez; divídalo en archivos más pequeños."
            )
        yield row


class _Record:
    """The physical lines the CSV reader takes for one record, to say where a field that
    it cannot read is."""

    def __init__(self, lines: Iterable[str]) -> None:
        self._lines = iter(lines)
        self.lines: list[str] = []
        self.read = 0  # physical lines so far

    def __iter__(self) -> "_Record":
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self.lines.append(line)
        self.read += 1
        return line

    @property
    def first_line(self) -> int:
        return self.read - len(self.lines) + 1


def _field_over(record: str, limit: int) -> int:
    """The index of the first field of ``record`` longer than ``limit`` characters."""
    index, length, quoted, previous = 0, 0, False, ""
    for char in record:
        if quoted:
            if char == '"':
                quoted = False
            else:
                length += 1
        elif char == '"':
            quoted = True
            length += previous == '"'  # a doubled quote inside a quoted field
        elif char == ",":
            index, length = index + 1, 0
        elif char not in "\r\n":
            length += 1
        if length > limit:
            return index
        previous = char
    return index


def _csv(content: bytes) -> Iterator[Row]:
    text = io.TextIOWrapper(io.BytesIO(content), encoding="utf-8-sig", newline="")
    record = _Record(text)
    reader = csv.DictReader(record)
    while True:
        record.lines = []
        try:
            row = next(reader)
        except StopIteration:
            return
        except UnicodeDecodeError:
            raise UnreadableFile("El archivo CSV debe estar en UTF-8.") from None
        except csv.Error as error:
            raise UnreadableFile(_csv_problem(reader, record, error)) from None
        if None in row:
            raise UnreadableFile(
                f"La línea {reader.line_num} tiene más columnas que el encabezado."
            )
        yield reader.line_num, dict(row)


def _csv_problem(reader: "csv.DictReader[str]", record: _Record, error: csv.Error) -> str:
    line = record.first_line
    limit = csv.field_size_limit()
    if "field larger than field limit" not in str(error):
        return f"La línea {line} no es CSV legible: revise sus comillas."
    index = _field_over("".join(record.lines), limit)
    header = list(reader.fieldnames or []) if line > 1 else []
    column = f"«{header[index]}»" if index < len(header) else f"{index + 1}"
    return (
        f"La línea {line}, columna {column}, tiene un campo de más de {limit:,} caracteres; "
        "ningún dato del registro es tan largo: revise que sus comillas cierren."
    )


def _cell(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _xlsx(content: bytes) -> Iterator[Row]:
    try:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:
        raise UnreadableFile("El archivo no es un libro de Excel (XLSX) legible.") from None
    try:
        sheet = book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = [str(h).strip() if h is not None else "" for h in next(rows, ())]
        for number, values in enumerate(rows, start=2):
            if all(v is None for v in values):
                continue
            yield number, {h: _cell(v) for h, v in zip(header, values, strict=False) if h}
    finally:
        book.close()


def _json(content: bytes) -> Iterator[Row]:
    try:
        document = json.loads(content)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise UnreadableFile(f"El archivo no es JSON válido: {error}") from None
    if not isinstance(document, list) or not all(isinstance(r, dict) for r in document):
        raise UnreadableFile("El JSON debe ser una lista de objetos, uno por persona.")
    yield from enumerate(document, start=1)
