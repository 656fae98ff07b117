"""An open-data release as files: each table as CSV (UTF-8, Spanish headers, every text
cell neutralised against formula injection by services/runtime/spreadsheets.py) and as
JSON (the same rows, the text as published), the Frictionless Data Package descriptor
(``datapackage.json``: the data dictionary, a table schema per file, each file's size
and SHA-256), the manifest (``manifest.sha256``, what ``sha256sum -c`` reads) and one
zip of them all.

The same tables and moment give the same bytes: rows arrive ordered, JSON keys keep the
columns' order, and the zip's entries carry the release's moment, not the clock's.

Why the files are made this way (bench/open_data.py, 100,000 profiles, 1.5 GB of files):
the ``csv`` module spends about 10 s on the curricular table, one cell at a time; the
rows joined here, quoted only where RFC 4180 asks, give the same bytes in 2 s. Each file
is compressed once, in pieces of ``PIECE_BYTES`` (raw deflate, ISA-L's level 1: the ratio
of zlib's level 1 at three times its speed), each piece alone: the pieces one after the
other are the file's entry in the zip, and each piece is what the database keeps of that
part of the file, so a download inflates only the part it asks for, and the release
writes a fifth of the bytes (PostgreSQL writes about 100 MB/s here: 15 s for the files as
they are).
"""

import hashlib
import json
import struct
import zlib
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from typing import Any

import orjson
from isal import isal_zlib

from contracts.publication import OPEN_DATA_CHUNK_BYTES
from services.publication.domain import open_data
from services.publication.domain.open_data import (
    LICENCE,
    LICENCE_TITLE,
    LICENCE_URL,
    TABLES,
    Document,
    ElectionNames,
    Row,
    Table,
    TableSpec,
    moment,
)
from services.runtime.spreadsheets import FORMULA_LEADS

DESCRIPTOR = "datapackage.json"
MANIFEST = "manifest.sha256"
CSV = "text/csv; charset=utf-8"
JSON = "application/json"
ZIP = "application/zip"
MANIFEST_TYPE = "text/plain; charset=utf-8"
PIECE_BYTES = OPEN_DATA_CHUNK_BYTES
"""A piece is the part of a file a download asks for at once."""
_LEVEL = 1


def _deflated_piece(content: bytes, start: int) -> bytes:
    compressor = isal_zlib.compressobj(_LEVEL, isal_zlib.DEFLATED, -15)
    last = start + PIECE_BYTES >= len(content)
    flush = isal_zlib.Z_FINISH if last else isal_zlib.Z_SYNC_FLUSH
    piece = memoryview(content)[start : start + PIECE_BYTES]
    return compressor.compress(piece) + compressor.flush(flush)


def _starts(content: bytes) -> range:
    return range(0, max(len(content), 1), PIECE_BYTES)


def deflated_pieces(content: bytes) -> tuple[bytes, ...]:
    """``content`` in pieces of ``PIECE_BYTES``, each compressed alone (raw deflate, RFC
    1951): each inflates by itself, and all of them in order are one deflate stream (all
    but the last end on a byte boundary without closing the stream)."""
    return tuple(_deflated_piece(content, start) for start in _starts(content))


def inflated(piece: bytes) -> bytes:
    """A piece of ``deflated_pieces`` as it was."""
    return zlib.decompressobj(-15).decompress(piece)


@dataclass(frozen=True)
class PackedFile:
    name: str
    media_type: str
    content: bytes
    compressed: bool = field(default=True, kw_only=True)
    """Whether it is kept in deflated pieces (a zip is kept as it is)."""

    @cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()

    @cached_property
    def pieces(self) -> tuple[bytes, ...]:
        return deflated_pieces(self.content)

    @cached_property
    def crc32(self) -> int:
        return isal_zlib.crc32(self.content)


def _sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _worked_out(files: list[PackedFile], threads: int) -> None:
    """Each file's SHA-256, CRC-32 and deflated pieces made at once on ``threads``
    threads (hashlib and ISA-L let go of the GIL on large buffers; at 100,000 profiles
    1.3 GB go through each), kept where the properties keep theirs."""
    if threads <= 1:
        return
    with ThreadPoolExecutor(threads) as pool:
        work = [
            (
                file,
                pool.submit(_sha256, file.content),
                pool.submit(isal_zlib.crc32, file.content),
                [
                    pool.submit(_deflated_piece, file.content, start)
                    for start in _starts(file.content)
                ]
                if file.compressed
                else None,
            )
            for file in sorted(files, key=lambda f: -len(f.content))  # the longest first
        ]
        for file, digest, crc, pieces in work:
            file.__dict__["sha256"] = digest.result()
            file.__dict__["crc32"] = crc.result()
            if pieces is not None:
                file.__dict__["pieces"] = tuple(piece.result() for piece in pieces)


@dataclass(frozen=True)
class Package:
    files: list[PackedFile]
    """The data files, the descriptor, the manifest and the zip, in that order."""
    entries: dict[str, int] = field(default_factory=dict)
    """Where each file's deflated pieces start in the zip (its entry's data): what the
    database keeps of a compressed file is that part of the zip, not a copy."""

    @property
    def archive(self) -> PackedFile:
        return self.files[-1]

    @property
    def manifest(self) -> PackedFile:
        return next(f for f in self.files if f.name == MANIFEST)


def schema(spec: TableSpec) -> dict[str, Any]:
    """The table's Frictionless Table Schema: its columns in order, with Spanish titles."""
    return {
        "fields": [
            {
                "name": c.name,
                "title": c.title,
                "type": c.type,
                "description": c.description,
            }
            for c in spec.columns
        ],
        "missingValues": [""],
    }


def _csv_cell(value: object) -> str:
    """A cell as ``csv_text`` writes it (services/runtime/spreadsheets.py): text
    neutralised against formula injection, quoted where it holds a quote, a comma or a
    line end; numbers as they are; nothing as an empty cell."""
    if value is None:
        return ""
    if value.__class__ is not str:
        return str(value)
    text = str(value)
    if text.startswith(FORMULA_LEADS):
        text = "'" + text
    if '"' in text or "," in text or "\n" in text or "\r" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


def csv_bytes(table: Table) -> bytes:
    names = [c.name for c in table.spec.columns]
    lines = [",".join([_csv_cell(name) for name in names])]
    lines += [",".join([_csv_cell(row.get(name)) for name in names]) for row in table.rows]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def _in_column_order(spec: TableSpec, rows: list[Row]) -> list[Row]:
    names = [c.name for c in spec.columns]
    if all(list(row) == names for row in rows):  # the domain's rows already are
        return rows
    return [{name: row.get(name) for name in names} for row in rows]


def json_bytes(table: Table) -> bytes:
    return orjson.dumps(_in_column_order(table.spec, table.rows), option=orjson.OPT_INDENT_2)


@dataclass(frozen=True)
class MadeTable:
    """A table as its two files' bytes."""

    spec: TableSpec
    csv: bytes
    json: bytes

    @classmethod
    def of(cls, table: Table) -> "MadeTable":
        return cls(table.spec, csv_bytes(table), json_bytes(table))


PIECE_COLUMNS = tuple(f"{spec.name}_{fmt}" for spec in TABLES for fmt in ("csv", "json"))
"""A profile's pieces, in the order ``profile_pieces`` makes them (migration 0007)."""


def _csv_lines(spec: TableSpec, rows: list[Row]) -> bytes:
    names = [c.name for c in spec.columns]
    lines = [",".join([_csv_cell(row.get(name)) for name in names]) + "\r\n" for row in rows]
    return "".join(lines).encode("utf-8")


def _json_fragment(spec: TableSpec, rows: list[Row]) -> bytes:
    """The rows as ``json_bytes`` writes them inside the list: without the brackets
    around them or the comma after the last."""
    if not rows:
        return b""
    return orjson.dumps(_in_column_order(spec, rows), option=orjson.OPT_INDENT_2)[2:-2]


def profile_pieces(profile: Document, names: ElectionNames) -> tuple[bytes, ...]:
    """One profile's part of each table of the release, finished (``PIECE_COLUMNS``):
    its CSV lines (text neutralised, each line ending in CRLF) and its JSON rows; empty
    where it has no row. The files are these, in candidacy order, after the header
    (``joined_tables``)."""
    identity = open_data.identity_row(profile)
    rows = (
        open_data.candidacy_rows(profile, names),
        [open_data.curricular_row(profile)],
        [] if identity is None else [identity],
    )
    pieces: list[bytes] = []
    for spec, table_rows in zip(TABLES, rows, strict=True):
        pieces += [_csv_lines(spec, table_rows), _json_fragment(spec, table_rows)]
    return tuple(pieces)


def joined_tables(pieces: Sequence[Sequence[bytes]]) -> list[MadeTable]:
    """The tables of the profiles whose ``profile_pieces`` are given in candidacy order:
    the same bytes as ``csv_bytes`` and ``json_bytes`` of ``open_data.tables``."""
    made = []
    for index, spec in enumerate(TABLES):
        at_csv, at_json = 2 * index, 2 * index + 1
        header = ",".join([_csv_cell(c.name) for c in spec.columns]) + "\r\n"
        content = b"".join([header.encode("utf-8"), *(p[at_csv] for p in pieces)])
        fragments = [p[at_json] for p in pieces if p[at_json]]
        if fragments:  # the brackets on the ends, not around a copy of the whole
            fragments[0] = b"[\n" + fragments[0]
            fragments[-1] = fragments[-1] + b"\n]"
        rows = b",\n".join(fragments) if fragments else b"[]"
        made.append(MadeTable(spec, content, rows))
    return made


def _resource(file: PackedFile, spec: TableSpec, fmt: str) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "name": f"{spec.name}-{fmt}",
        "type": "table",
        "path": file.name,
        "title": spec.title,
        "description": spec.description,
        "format": fmt,
        "mediatype": file.media_type.split(";")[0],
        "encoding": "utf-8",
        "schema": schema(spec),
    }
    if fmt == "csv":
        # frictionless checks a CSV's size and digest as it reads it; it reads a JSON
        # table through a parser that does not count them (manifest.sha256 covers both).
        resource["bytes"] = len(file.content)
        resource["hash"] = f"sha256:{file.sha256}"
        resource["dialect"] = {"delimiter": ",", "lineTerminator": "\r\n", "header": True}
    return resource


def descriptor(
    election_id: str,
    election_name: str,
    institute: str | None,
    release_id: str,
    created_at: datetime,
    resources: list[dict[str, Any]],
) -> bytes:
    package = {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": f"conoceles-{election_id}".lower(),
        "id": f"conoceles-{election_id}-{release_id}",
        "title": f"Conóceles: {election_name}",
        "description": "Los datos públicos de las candidaturas verificadas en Conóceles: "
        "la base curricular y la de identidad (solo lo que es público) y las estadísticas "
        "agregadas. En los CSV, una celda de texto que empieza con =, +, -, @, tabulador o "
        "retorno de carro lleva un apóstrofo al inicio para que una hoja de cálculo no la "
        "ejecute como fórmula; los JSON guardan el texto tal como se publicó. "
        "Verifique los archivos con: sha256sum -c manifest.sha256",
        "version": release_id,
        "created": moment(created_at),
        "homepage": "/datos-abiertos",
        "keywords": ["candidaturas", "elecciones", "Conóceles", election_id],
        "licenses": [{"name": LICENCE, "title": LICENCE_TITLE, "path": LICENCE_URL}],
        "contributors": [{"title": institute or "Instituto electoral", "roles": ["publisher"]}],
        "resources": resources,
    }
    return (json.dumps(package, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def manifest(files: list[PackedFile]) -> PackedFile:
    """``<sha256>  <name>`` per file (binary mode of ``sha256sum``), sorted by name."""
    lines = "".join(f"{f.sha256}  {f.name}\n" for f in sorted(files, key=lambda f: f.name))
    return PackedFile(MANIFEST, MANIFEST_TYPE, lines.encode("utf-8"))


_ZIP_LIMIT = 0xFFFFFFFF
_MADE_BY = (3 << 8) | 20  # Unix, zip 2.0
_DEFLATE = 8


def zipped(
    name: str, files: list[PackedFile], created_at: datetime
) -> tuple[PackedFile, dict[str, int]]:
    """The files as one zip (APPNOTE 6.3.10, deflate, no zip64: a release of a national
    election is a few hundred MB), each entry the file's deflated pieces as they are, and
    where each entry's data starts."""
    stamp = created_at.astimezone(UTC)
    time = (stamp.hour << 11) | (stamp.minute << 5) | (stamp.second // 2)
    date = ((stamp.year - 1980) << 9) | (stamp.month << 5) | stamp.day
    parts: list[bytes] = []
    central: list[bytes] = []
    entries: dict[str, int] = {}
    offset = 0
    for file in files:
        encoded = file.name.encode("utf-8")
        data = b"".join(file.pieces)
        crc = file.crc32
        if max(len(file.content), len(data), offset) >= _ZIP_LIMIT:
            raise ValueError(f"{file.name}: too large for a zip without zip64")
        # version needed, flags (bit 11: the name is UTF-8), method, time, date, CRC-32,
        # compressed and uncompressed sizes, name and extra lengths
        common = struct.pack(
            "<HHHHHIII", 20, 0x800, _DEFLATE, time, date, crc, len(data), len(file.content)
        )
        local = b"PK\x03\x04" + common + struct.pack("<HH", len(encoded), 0) + encoded
        central.append(
            b"PK\x01\x02"
            + struct.pack("<H", _MADE_BY)
            + common
            # name, extra and comment lengths, disk, internal and external attributes
            + struct.pack("<HHHHHII", len(encoded), 0, 0, 0, 0, 0o100644 << 16, offset)
            + encoded
        )
        parts += [local, data]
        entries[file.name] = offset + len(local)
        offset += len(local) + len(data)
    directory = b"".join(central)
    end = b"PK\x05\x06" + struct.pack(
        "<HHHHIIH", 0, 0, len(files), len(files), len(directory), offset, 0
    )
    return PackedFile(name, ZIP, b"".join([*parts, directory, end]), compressed=False), entries


def package(
    tables: Sequence[Table | MadeTable],
    *,
    election_id: str,
    election_name: str,
    institute: str | None,
    release_id: str,
    created_at: datetime,
    statistics: tuple[Any, Table] | None = None,
    threads: int = 1,
) -> Package:
    """Every file of the release. ``statistics``: the statistics document (written as it
    is, ``estadisticas.json``) and its numbers as a table (``estadisticas.csv``); None
    when the election has none yet. ``threads``: how many digest and compress the data
    files at once (the same bytes)."""
    data: list[PackedFile] = []
    resources: list[dict[str, Any]] = []
    for given in tables:
        made = given if isinstance(given, MadeTable) else MadeTable.of(given)
        as_csv = PackedFile(f"{made.spec.name}.csv", CSV, made.csv)
        as_json = PackedFile(f"{made.spec.name}.json", JSON, made.json)
        data += [as_csv, as_json]
        resources += [_resource(as_csv, made.spec, "csv"), _resource(as_json, made.spec, "json")]
    if statistics is not None:
        document, table = statistics
        as_json = PackedFile(
            "estadisticas.json",
            JSON,
            orjson.dumps(document, option=orjson.OPT_INDENT_2),
        )
        as_csv = PackedFile("estadisticas.csv", CSV, csv_bytes(table))
        data += [as_csv, as_json]
        resources.append(_resource(as_csv, table.spec, "csv"))
        resources.append(
            {
                "name": "estadisticas-documento",
                "path": as_json.name,
                "title": "Estadísticas agregadas (documento)",
                "description": "El documento de estadísticas de la elección tal como lo "
                "muestra el portal, con las celdas pequeñas suprimidas.",
                "format": "json",
                "mediatype": JSON,
                "encoding": "utf-8",
                "bytes": len(as_json.content),
                "hash": f"sha256:{as_json.sha256}",
            }
        )
    _worked_out(data, threads)
    described = PackedFile(
        DESCRIPTOR,
        JSON,
        descriptor(election_id, election_name, institute, release_id, created_at, resources),
    )
    listed = [*data, described]
    checks = manifest(listed)
    archive, entries = zipped(
        f"conoceles-{election_id}-{release_id}.zip".lower(), [*listed, checks], created_at
    )
    return Package([*listed, checks, archive], entries)


@dataclass(frozen=True)
class PieceSpan:
    """The kept bytes a part of a compressed file is inflated from."""

    start: int
    stop: int
    cuts: tuple[int, ...]
    """Where each piece ends, from ``start``."""
    skip: int
    """The part's first byte in the first piece, inflated."""


def piece_span(piece_ends: list[int], size: int, offset: int, length: int) -> PieceSpan | None:
    """The pieces that hold ``length`` bytes of the file from ``offset`` on; None past
    its end."""
    if offset >= size or length <= 0:
        return None
    first = offset // PIECE_BYTES
    last = (min(offset + length, size) - 1) // PIECE_BYTES
    start = 0 if first == 0 else piece_ends[first - 1]
    cuts = tuple(end - start for end in piece_ends[first : last + 1])
    return PieceSpan(start, piece_ends[last], cuts, offset - first * PIECE_BYTES)


def inflated_part(kept: bytes, span: PieceSpan, length: int) -> bytes:
    """The part of the file ``span`` was asked for, from the kept bytes it names."""
    bounds = zip((0, *span.cuts[:-1]), span.cuts, strict=True)
    content = b"".join(inflated(kept[a:b]) for a, b in bounds)
    return content[span.skip : span.skip + length]
