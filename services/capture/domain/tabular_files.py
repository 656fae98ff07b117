"""Reading a registry or pre-load file into rows, each with the line a person sees in the
file, as institutes' staff really export them.

- CSV in UTF-8 (with or without BOM), UTF-16 with its BOM, or Windows-1252 (what Excel
  writes in a Spanish locale); comma, semicolon or tab between columns, told apart by
  which one splits the heading row into known columns; CRLF or LF.
- XLSX: the first sheet whose heading row holds known columns (an instructions sheet
  may come first); real date cells, and numbers typed where text was expected.
- JSON: a list of objects ("line" is the object's position).

In a CSV or XLSX the heading row may sit below a title row or blank rows; headings are
matched without regard to case, accents or spacing, by their code (``numero_lista``) or
the label a person reads ("Número de lista"). Blank rows are skipped. What the reader
had to interpret is said in ``Table.notes``, in Spanish, so the person knows.

Rows are read one at a time, never the whole file as text at once (CSV through an
incremental decoder, XLSX in openpyxl's read-only mode), and a file with more rows than
``max_rows`` is refused as soon as the row after the limit is read. A JSON file is read
whole: its size is bounded by the account's quota of pending upload bytes.
"""

import codecs
import csv
import datetime as dt
import io
import itertools
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import openpyxl

from contracts.capture import ImportFormat
from services.capture.domain.errors import Invalid
from services.capture.domain.text_keys import compact

Row = tuple[int, dict[str, Any]]
HEADING_SEARCH = 30  # rows looked at for the heading row before giving up
DELIMITERS = {",": "coma", ";": "punto y coma", "\t": "tabulador"}


class UnreadableFile(Invalid):
    """The file cannot be read as the format it claims; the message says why, in Spanish."""


@dataclass(frozen=True)
class Columns:
    """The columns a file may have: each column's code, and every heading that names it
    (its code and its label, compared by ``compact``)."""

    codes: tuple[str, ...]
    by_key: Mapping[str, str]
    labels: Mapping[str, str]
    enough: int  # known headings that make a row the heading row

    @classmethod
    def of(
        cls,
        labels: Mapping[str, str],
        aliases: Mapping[str, Iterable[str]] | None = None,
        enough: int = 3,
    ) -> "Columns":
        by_key = {compact(code): code for code in labels}
        by_key |= {compact(label): code for code, label in labels.items()}
        for code, others in (aliases or {}).items():
            by_key |= {compact(other): code for other in others}
        return cls(tuple(labels), by_key, labels, min(enough, len(labels)))

    def code_of(self, heading: str) -> str | None:
        return self.by_key.get(compact(heading))

    def is_heading_row(self, cells: Iterable[Any]) -> bool:
        known = {self.code_of(str(c)) for c in cells if c is not None and str(c).strip()}
        known.discard(None)
        return len(known) >= self.enough

    def named(self, codes: Iterable[str]) -> str:
        return ", ".join(f"«{self.labels[code]}»" for code in codes)


@dataclass(frozen=True)
class Heading:
    """One column of the file's heading row: what it says, and the column it names
    (None: no column of this file; the text is kept so the checker can say so)."""

    text: str
    code: str | None


@dataclass
class Table:
    """A file's heading row (where it was found, what each heading names), its rows keyed
    by column code (unknown headings by their own text), and what was interpreted."""

    rows: Iterator[Row]
    headings: list[Heading]
    heading_line: int
    notes: list[str] = field(default_factory=list)


def read_table(file_format: ImportFormat, content: bytes, max_rows: int, columns: Columns) -> Table:
    readers: dict[ImportFormat, Callable[[bytes, Columns], Table]] = {
        ImportFormat.CSV: _csv,
        ImportFormat.XLSX: _xlsx,
        ImportFormat.JSON: _json,
    }
    table = readers[file_format](content, columns)
    table.rows = _at_most(table.rows, max_rows)
    return table


def read_rows(
    file_format: ImportFormat, content: bytes, max_rows: int, columns: Columns
) -> Iterator[Row]:
    return read_table(file_format, content, max_rows, columns).rows


def _at_most(rows: Iterable[Row], max_rows: int) -> Iterator[Row]:
    for count, row in enumerate(rows, start=1):
        if count > max_rows:
            raise UnreadableFile(
                f"El archivo tiene más de {max_rows:,} filas, el máximo que se importa de una "
                "vez; divídalo en archivos más pequeños."
            )
        yield row


def _headings(cells: Iterable[Any], columns: Columns) -> list[Heading]:
    found = []
    for cell in cells:
        text = "" if cell is None else str(cell).strip()
        found.append(Heading(text, columns.code_of(text) if text else None))
    return found


def _keyed(headings: list[Heading], values: Iterable[Any]) -> dict[str, Any]:
    return {
        (h.code or h.text): value
        for h, value in zip(headings, values, strict=False)
        if h.text or h.code
    }


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _no_heading(columns: Columns, where: str, first: str | None) -> UnreadableFile:
    said = f" Su primera línea dice «{first[:80]}»." if first else ""
    return UnreadableFile(
        f"No se encontró la fila de encabezados en las primeras {HEADING_SEARCH} líneas "
        f"{where}: debe nombrar las columnas, por ejemplo {columns.named(columns.codes[:4])}."
        f"{said}"
    )


# ----- CSV -------------------------------------------------------------------------------


def _encoding(content: bytes) -> tuple[str, str | None]:
    """The file's encoding, and a note when it is not plain UTF-8."""
    if content.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", None
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", "El archivo estaba en UTF-16 (texto Unicode de Excel); se leyó como tal."
    if _decodes(content, "utf-8"):
        return "utf-8", None
    if _decodes(content, "cp1252"):
        return "cp1252", (
            "El archivo estaba en Windows-1252 (como lo guarda Excel en español), no en "
            "UTF-8; se leyó como tal."
        )
    raise UnreadableFile(
        "El archivo no está en UTF-8 ni en Windows-1252: guárdelo desde Excel como "
        "«CSV UTF-8 (delimitado por comas)»."
    )


def _decodes(content: bytes, encoding: str) -> bool:
    """Whether ``content`` is text in ``encoding``, read a megabyte at a time."""
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        for start in range(0, len(content), 1 << 20):
            decoder.decode(content[start : start + (1 << 20)])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


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


def _field_over(record: str, limit: int, delimiter: str) -> int:
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
        elif char == delimiter:
            index, length = index + 1, 0
        elif char not in "\r\n":
            length += 1
        if length > limit:
            return index
        previous = char
    return index


def _first_records(lines: list[str], delimiter: str) -> list[tuple[int, list[str]]]:
    """The records in the first lines, each with the line it ends on."""
    reader = csv.reader(lines, delimiter=delimiter)
    records = []
    try:
        for record in reader:
            records.append((reader.line_num, record))
    except csv.Error:
        pass  # a record the heading search cannot read is not the heading
    return records


def _sniffed(lines: list[str], columns: Columns) -> tuple[str, int] | None:
    """The delimiter that splits a heading row into the most known columns, and the line
    the heading row ends on."""
    best: tuple[int, str, int] | None = None
    for delimiter in DELIMITERS:
        for line, record in _first_records(lines, delimiter):
            if columns.is_heading_row(record):
                known = sum(columns.code_of(cell) is not None for cell in record)
                if best is None or known > best[0]:
                    best = (known, delimiter, line)
                break
    return None if best is None else (best[1], best[2])


def _wrong_separator(lines: list[str], columns: Columns) -> str | None:
    """The character that seems to separate the columns of a heading row no accepted
    delimiter splits, as in "clave|cargo|distrito"."""
    for line in lines:
        for char in sorted({c for c in line if not c.isalnum() and c not in ' "_\r\n'}):
            if char not in DELIMITERS and columns.is_heading_row(line.split(char)):
                return char
    return None


def _csv(content: bytes, columns: Columns) -> Table:
    encoding, encoding_note = _encoding(content)
    text = io.TextIOWrapper(io.BytesIO(content), encoding=encoding, newline="")
    first = list(itertools.islice(text, HEADING_SEARCH))
    sniffed = _sniffed(first, columns)
    if sniffed is None:
        separator = _wrong_separator(first, columns)
        if separator is not None:
            raise UnreadableFile(
                f"Las columnas del archivo están separadas por «{separator}»; sepárelas con "
                "coma (,) o punto y coma (;), como las guarda Excel en «CSV»."
            )
        shown = next((line.strip() for line in first if line.strip()), None)
        raise _no_heading(columns, "del archivo", shown)
    delimiter, heading_line = sniffed
    record = _Record(itertools.chain(first, text))
    reader = csv.reader(record, delimiter=delimiter)
    headings: list[Heading] = []
    for values in reader:
        if reader.line_num == heading_line:
            headings = _headings(values, columns)
            break
    notes = [note for note in (encoding_note,) if note]
    if delimiter != ",":
        notes.append(f"Las columnas venían separadas por {DELIMITERS[delimiter]}.")
    if heading_line > 1:
        notes.append(
            f"Los encabezados están en la línea {heading_line}; se omitieron las líneas anteriores."
        )
    return Table(_csv_rows(reader, record, headings), headings, heading_line, notes)


def _csv_rows(reader: Any, record: _Record, headings: list[Heading]) -> Iterator[Row]:
    while True:
        record.lines = []
        try:
            values = next(reader)
        except StopIteration:
            return
        except UnicodeDecodeError:
            raise UnreadableFile(
                "El archivo mezcla codificaciones: guárdelo de nuevo como «CSV UTF-8»."
            ) from None
        except csv.Error as error:
            raise UnreadableFile(_csv_problem(headings, record, error, reader)) from None
        if all(_blank(v) for v in values):
            continue
        if any(not _blank(v) for v in values[len(headings) :]):
            raise UnreadableFile(
                f"La línea {reader.line_num} tiene más columnas que el encabezado."
            )
        yield reader.line_num, _keyed(headings, values)


def _csv_problem(headings: list[Heading], record: _Record, error: csv.Error, reader: Any) -> str:
    line = record.first_line
    limit = csv.field_size_limit()
    if "field larger than field limit" not in str(error):
        return f"La línea {line} no es CSV legible: revise sus comillas."
    index = _field_over("".join(record.lines), limit, reader.dialect.delimiter)
    named = headings[index].code or headings[index].text if index < len(headings) else None
    column = f"«{named}»" if named else f"{index + 1}"
    return (
        f"La línea {line}, columna {column}, tiene un campo de más de {limit:,} caracteres; "
        "ningún dato del registro es tan largo: revise que sus comillas cierren."
    )


# ----- XLSX ------------------------------------------------------------------------------


def _cell(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _xlsx(content: bytes, columns: Columns) -> Table:
    try:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:
        raise UnreadableFile("El archivo no es un libro de Excel (XLSX) legible.") from None
    passed: list[str] = []
    for sheet in book.worksheets:
        rows = sheet.iter_rows(values_only=True)
        for number, values in enumerate(itertools.islice(rows, HEADING_SEARCH), start=1):
            if columns.is_heading_row(values):
                headings = _headings(values, columns)
                notes = []
                if passed:
                    notes.append(
                        f"Se leyó la hoja «{sheet.title}»; "
                        + ", ".join(f"«{p}»" for p in passed)
                        + (" no tiene" if len(passed) == 1 else " no tienen")
                        + " encabezados del registro."
                    )
                if number > 1:
                    notes.append(
                        f"Los encabezados están en la fila {number}; se omitieron las filas "
                        "anteriores."
                    )
                return Table(_xlsx_rows(book, rows, headings, number), headings, number, notes)
        passed.append(sheet.title)
    book.close()
    raise _no_heading(columns, "de ninguna hoja", None)


def _xlsx_rows(book: Any, rows: Iterator[Any], headings: list[Heading], at: int) -> Iterator[Row]:
    try:
        for number, values in enumerate(rows, start=at + 1):
            if all(_blank(v) for v in values):
                continue
            yield number, _keyed(headings, (_cell(v) for v in values))
    finally:
        book.close()


# ----- JSON ------------------------------------------------------------------------------


def _json(content: bytes, columns: Columns) -> Table:
    try:
        document = json.loads(content)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise UnreadableFile(f"El archivo no es JSON válido: {error}") from None
    if not isinstance(document, list) or not all(isinstance(r, dict) for r in document):
        raise UnreadableFile("El JSON debe ser una lista de objetos, uno por persona.")
    names = dict.fromkeys(key for row in document for key in row)
    headings = [Heading(name, columns.code_of(name)) for name in names]
    code = {h.text: h.code or h.text for h in headings}
    rows = (
        (line, {code[k]: v for k, v in row.items()}) for line, row in enumerate(document, start=1)
    )
    return Table(rows, headings, 0)
