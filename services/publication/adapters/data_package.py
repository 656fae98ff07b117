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
rows joined here, quoted only where RFC 4180 asks, give the same bytes in 2 s. A file is
kept in sections (raw deflate, ISA-L's level 1: the ratio of zlib's level 1 at three
times its speed), each compressed alone: one per group of profiles
(domain/open_data.py ``profile_groups``) and one per part of its own (the header, the
brackets). The sections one after the other are the file's entry in the zip and what the
database keeps of it, so a download inflates only the sections it asks for, and the next
release reuses every group's sections but the changed ones': it compresses a few MB,
not 1.3 GB, and reads back a sixth of the bytes (it still inflates the rest, to digest
the files).
"""

import bisect
import hashlib
import json
import struct
import zlib
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
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
"""The most a section holds: about the part of a file a download asks for at once."""
_LEVEL = 1
STREAM_END = zlib.compressobj(_LEVEL, zlib.DEFLATED, -15).flush()
"""The empty last block that closes a file's deflate stream after its sections."""


@dataclass(frozen=True)
class Section:
    """A part of a file, deflated alone (raw deflate, RFC 1951, ending on a byte boundary
    without closing the stream): it inflates by itself, and a file's sections one after
    the other, then ``STREAM_END``, are the file's deflate stream, its entry in the zip."""

    deflated: bytes
    size: int
    """How many bytes it inflates to."""
    key: str = ""
    """The ``ProfileGroup`` it holds (a next release reuses it while the key is the
    same); "" for the file's own parts (the header, the brackets)."""


@dataclass(frozen=True)
class Fresh:
    """A part of a file still to be compressed."""

    raw: bytes
    key: str = ""


Part = Section | Fresh


def _deflated(raw: bytes | memoryview) -> bytes:
    compressor = isal_zlib.compressobj(_LEVEL, isal_zlib.DEFLATED, -15)
    return compressor.compress(raw) + compressor.flush(isal_zlib.Z_SYNC_FLUSH)


def sections(raw: bytes, key: str = "") -> tuple[Section, ...]:
    """``raw`` as sections of ``PIECE_BYTES`` at most (one, empty, when it is empty)."""
    view = memoryview(raw)
    starts = range(0, max(len(raw), 1), PIECE_BYTES)
    return tuple(
        Section(_deflated(view[at : at + PIECE_BYTES]), len(view[at : at + PIECE_BYTES]), key)
        for at in starts
    )


def literal_ref(stored: bytes) -> str:
    """The name releases keep bytes of no group under: their digest."""
    return "=" + hashlib.sha256(stored).hexdigest()[:32]


def inflated(deflated: bytes) -> bytes:
    """A section's bytes, as they were (or several sections', one after the other)."""
    return isal_zlib.decompressobj(-15).decompress(deflated)


def _size(part: Part) -> int:
    return part.size if isinstance(part, Section) else len(part.raw)


@dataclass(frozen=True)
class PackedFile:
    name: str
    media_type: str
    sections: tuple[Section, ...]
    size: int
    sha256: str
    crc32: int

    def refs(self) -> list[str]:
        """Each section's name where releases keep them (migration 0008): the n-th of a
        group in this file, or the digest of a part of the file's own."""
        refs: list[str] = []
        within: dict[str, int] = {}
        for section in self.sections:
            if section.key:
                n = within.get(section.key, 0)
                within[section.key] = n + 1
                refs.append(f"{self.name}:{section.key}:{n}")
            else:
                refs.append(literal_ref(section.deflated))
        return refs

    def content(self) -> bytes:
        """The file itself (inflated: for the small ones and the tests)."""
        return b"".join(inflated(s.deflated) for s in self.sections)


def packed(name: str, media_type: str, parts: Sequence[Part]) -> PackedFile:
    """The file made of ``parts`` in order: the fresh ones compressed, the kept ones as
    they are, and the whole file's size, SHA-256 and CRC-32 (a kept section is inflated
    to count it: that, not compressing, is what a release after a change costs)."""
    digest = hashlib.sha256()
    crc = 0
    kept: list[Section] = []
    for part in parts:
        if isinstance(part, Section):
            raw = inflated(part.deflated)
            kept.append(part)
        else:
            raw = part.raw
            kept += sections(raw, part.key)
        digest.update(raw)
        crc = isal_zlib.crc32(raw, crc)
    return PackedFile(
        name, media_type, tuple(kept), sum(s.size for s in kept), digest.hexdigest(), crc
    )


@dataclass(frozen=True)
class FileParts:
    name: str
    media_type: str
    parts: list[Part]


def _all_packed(files: list[FileParts], threads: int) -> list[PackedFile]:
    """Each file packed, ``threads`` at once (hashlib and ISA-L let go of the GIL on
    large buffers), the longest started first; in the order given."""
    if threads <= 1:
        return [packed(f.name, f.media_type, f.parts) for f in files]
    longest_first = sorted(files, key=lambda f: -sum(_size(p) for p in f.parts))
    with ThreadPoolExecutor(threads) as pool:
        work = {f.name: pool.submit(packed, f.name, f.media_type, f.parts) for f in longest_first}
        return [work[f.name].result() for f in files]


@dataclass(frozen=True)
class Archive:
    """The release's zip as its pieces in order: each entry's header, the file's sections
    as they are (the same bytes, under the same names, as the file's own), the stream's
    end, and the directory."""

    name: str
    pieces: list[tuple[str, bytes]]
    """Each piece's name (``PackedFile.refs``, ``literal_ref``) and bytes."""
    media_type: str = ZIP

    @cached_property
    def sha256(self) -> str:
        digest = hashlib.sha256()
        for _, piece in self.pieces:
            digest.update(piece)
        return digest.hexdigest()

    @property
    def size(self) -> int:
        return sum(len(piece) for _, piece in self.pieces)

    @property
    def content(self) -> bytes:
        return b"".join(piece for _, piece in self.pieces)


@dataclass(frozen=True)
class Package:
    files: list[PackedFile]
    """The data files, the descriptor and the manifest, in that order."""
    archive: Archive

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
class TableParts:
    """A table's two files as their parts."""

    spec: TableSpec
    csv: list[Part]
    json: list[Part]

    @classmethod
    def of(cls, table: Table) -> "TableParts":
        return cls(table.spec, [Fresh(csv_bytes(table))], [Fresh(json_bytes(table))])


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
    its CSV lines (text neutralised, each line ending in CRLF) and its JSON rows, one a
    person of the formula (``calidad``); empty where it has no row. The files are these,
    in candidacy order, after the header (``grouped_tables``)."""
    rows = (
        open_data.candidacy_rows(profile, names),
        open_data.curricular_rows(profile),
        open_data.identity_rows(profile),
    )
    pieces: list[bytes] = []
    for spec, table_rows in zip(TABLES, rows, strict=True):
        pieces += [_csv_lines(spec, table_rows), _json_fragment(spec, table_rows)]
    return tuple(pieces)


DATA_FILES = tuple(f"{spec.name}.{fmt}" for spec in TABLES for fmt in ("csv", "json"))
"""The files the profiles' groups make, in ``PIECE_COLUMNS`` order."""


@dataclass(frozen=True)
class GroupParts:
    """A ``ProfileGroup``'s part of every data file: kept from the last release (its
    sections by file name), or its profiles' ``profile_pieces`` in candidacy order, to
    make it from."""

    key: str
    kept: Mapping[str, tuple[Section, ...]] | None = None
    pieces: Sequence[Sequence[bytes]] = ()


def _json_list(groups: list[tuple[Part, ...]]) -> list[Part]:
    """The groups' JSON rows as the file's list: brackets on the ends, a comma between
    groups that have rows (a group without any keeps its empty section, to be reused)."""
    if not any(_size(p) for group in groups for p in group):
        return [Fresh(b"[]"), *(p for group in groups for p in group)]
    parts: list[Part] = [Fresh(b"[\n")]
    seen_rows = False
    for group in groups:
        has_rows = any(_size(p) for p in group)
        if has_rows and seen_rows:
            parts.append(Fresh(b",\n"))
        parts += group
        seen_rows = seen_rows or has_rows
    return [*parts, Fresh(b"\n]")]


def grouped_tables(groups: Sequence[GroupParts]) -> list[TableParts]:
    """The tables of the profiles in ``groups`` (in candidacy order): the same bytes as
    ``csv_bytes`` and ``json_bytes`` of ``open_data.tables``, each group's part of each
    file a part of its own, the kept ones as they were."""
    made = []
    for index, spec in enumerate(TABLES):
        at_csv, at_json = 2 * index, 2 * index + 1
        csv_name, json_name = DATA_FILES[at_csv], DATA_FILES[at_json]
        header = ",".join([_csv_cell(c.name) for c in spec.columns]) + "\r\n"
        csv_parts: list[Part] = [Fresh(header.encode("utf-8"))]
        json_groups: list[tuple[Part, ...]] = []
        for group in groups:
            if group.kept is not None:
                csv_parts += group.kept[csv_name]
                json_groups.append(group.kept[json_name])
                continue
            csv_parts.append(Fresh(b"".join([p[at_csv] for p in group.pieces]), group.key))
            fragments = [p[at_json] for p in group.pieces if p[at_json]]
            json_groups.append((Fresh(b",\n".join(fragments), group.key),))
        made.append(TableParts(spec, csv_parts, _json_list(json_groups)))
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
        resource["bytes"] = file.size
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
    return packed(MANIFEST, MANIFEST_TYPE, [Fresh(lines.encode("utf-8"))])


_ZIP_LIMIT = 0xFFFFFFFF
_MADE_BY = (3 << 8) | 20  # Unix, zip 2.0
_DEFLATE = 8


def _literal(stored: bytes) -> tuple[str, bytes]:
    return literal_ref(stored), stored


def zipped(name: str, files: list[PackedFile], created_at: datetime) -> Archive:
    """The files as one zip (APPNOTE 6.3.10, deflate, no zip64: a release of a national
    election is a few hundred MB), each entry the file's sections as they are."""
    stamp = created_at.astimezone(UTC)
    time = (stamp.hour << 11) | (stamp.minute << 5) | (stamp.second // 2)
    date = ((stamp.year - 1980) << 9) | (stamp.month << 5) | stamp.day
    pieces: list[tuple[str, bytes]] = []
    central: list[bytes] = []
    offset = 0
    for file in files:
        encoded = file.name.encode("utf-8")
        data_size = sum(len(s.deflated) for s in file.sections) + len(STREAM_END)
        if max(file.size, data_size, offset) >= _ZIP_LIMIT:
            raise ValueError(f"{file.name}: too large for a zip without zip64")
        # version needed, flags (bit 11: the name is UTF-8), method, time, date, CRC-32,
        # compressed and uncompressed sizes, name and extra lengths
        common = struct.pack(
            "<HHHHHIII", 20, 0x800, _DEFLATE, time, date, file.crc32, data_size, file.size
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
        pieces.append(_literal(local))
        pieces += zip(file.refs(), (s.deflated for s in file.sections), strict=True)
        pieces.append(_literal(STREAM_END))
        offset += len(local) + data_size
    directory = b"".join(central)
    end = b"PK\x05\x06" + struct.pack(
        "<HHHHIIH", 0, 0, len(files), len(files), len(directory), offset, 0
    )
    return Archive(name, [*pieces, _literal(directory + end)])


def package(
    tables: Sequence[Table | TableParts],
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
    when the election has none yet. ``threads``: how many files are packed at once (the
    same bytes)."""
    given = [t if isinstance(t, TableParts) else TableParts.of(t) for t in tables]
    wanted: list[FileParts] = []
    for table in given:
        wanted.append(FileParts(f"{table.spec.name}.csv", CSV, table.csv))
        wanted.append(FileParts(f"{table.spec.name}.json", JSON, table.json))
    if statistics is not None:
        document, stats_table = statistics
        wanted.append(FileParts("estadisticas.csv", CSV, [Fresh(csv_bytes(stats_table))]))
        as_json = orjson.dumps(document, option=orjson.OPT_INDENT_2)
        wanted.append(FileParts("estadisticas.json", JSON, [Fresh(as_json)]))
    data = _all_packed(wanted, threads)
    resources: list[dict[str, Any]] = []
    for index, table in enumerate(given):
        resources.append(_resource(data[2 * index], table.spec, "csv"))
        resources.append(_resource(data[2 * index + 1], table.spec, "json"))
    if statistics is not None:
        stats_csv, stats_json = data[-2:]
        resources.append(_resource(stats_csv, statistics[1].spec, "csv"))
        resources.append(
            {
                "name": "estadisticas-documento",
                "path": stats_json.name,
                "title": "Estadísticas agregadas (documento)",
                "description": "El documento de estadísticas de la elección tal como lo "
                "muestra el portal, con las celdas pequeñas suprimidas.",
                "format": "json",
                "mediatype": JSON,
                "encoding": "utf-8",
                "bytes": stats_json.size,
                "hash": f"sha256:{stats_json.sha256}",
            }
        )
    described = descriptor(election_id, election_name, institute, release_id, created_at, resources)
    listed = [*data, packed(DESCRIPTOR, JSON, [Fresh(described)])]
    checks = manifest(listed)
    archive = zipped(
        f"conoceles-{election_id}-{release_id}.zip".lower(), [*listed, checks], created_at
    )
    return Package([*listed, checks], archive)


@dataclass(frozen=True)
class PieceSpan:
    """The kept bytes a part of a file is inflated from."""

    first: int
    last: int
    """The first and the last section that hold it."""
    start: int
    stop: int
    cuts: tuple[int, ...]
    """Where each section ends, from ``start``."""
    skip: int
    """The part's first byte in the first section, inflated."""


def piece_span(
    piece_ends: Sequence[int], raw_ends: Sequence[int], offset: int, length: int
) -> PieceSpan | None:
    """The sections that hold ``length`` bytes of the file from ``offset`` on, from where
    each ends deflated (``piece_ends``) and inflated (``raw_ends``); None past its end."""
    size = raw_ends[-1] if raw_ends else 0
    if offset >= size or length <= 0:
        return None
    first = bisect.bisect_right(raw_ends, offset)
    last = bisect.bisect_left(raw_ends, min(offset + length, size))
    start = 0 if first == 0 else piece_ends[first - 1]
    cuts = tuple(end - start for end in piece_ends[first : last + 1])
    skip = offset - (0 if first == 0 else raw_ends[first - 1])
    return PieceSpan(first, last, start, piece_ends[last], cuts, skip)


def inflated_part(kept: bytes, span: PieceSpan, length: int) -> bytes:
    """The part of the file ``span`` was asked for, from the kept bytes it names."""
    bounds = zip((0, *span.cuts[:-1]), span.cuts, strict=True)
    content = b"".join(inflated(kept[a:b]) for a, b in bounds)
    return content[span.skip : span.skip + length]
