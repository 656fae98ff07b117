"""An open-data release as files: each table as CSV (UTF-8, Spanish headers, every text
cell neutralised against formula injection by services/runtime/spreadsheets.py) and as
JSON (the same rows, the text as published), the Frictionless Data Package descriptor
(``datapackage.json``: the data dictionary, a table schema per file, each file's size
and SHA-256), the manifest (``manifest.sha256``, what ``sha256sum -c`` reads) and one
zip of them all.

The same tables and moment give the same bytes: rows arrive ordered, JSON keys keep the
columns' order, and the zip's entries carry the release's moment, not the clock's.
"""

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from typing import Any

import orjson

from services.publication.domain.open_data import (
    LICENCE,
    LICENCE_TITLE,
    LICENCE_URL,
    Table,
    TableSpec,
    moment,
)
from services.runtime.spreadsheets import csv_text

DESCRIPTOR = "datapackage.json"
MANIFEST = "manifest.sha256"
CSV = "text/csv; charset=utf-8"
JSON = "application/json"
ZIP = "application/zip"
MANIFEST_TYPE = "text/plain; charset=utf-8"


@dataclass(frozen=True)
class PackedFile:
    name: str
    media_type: str
    content: bytes

    @cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


@dataclass(frozen=True)
class Package:
    files: list[PackedFile]
    """The data files, the descriptor, the manifest and the zip, in that order."""

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


def csv_bytes(table: Table) -> bytes:
    names = [c.name for c in table.spec.columns]
    header = [names]
    body = ([row.get(name) for name in names] for row in table.rows)
    return csv_text([*header, *body]).encode("utf-8")


def json_bytes(table: Table) -> bytes:
    names = [c.name for c in table.spec.columns]
    rows = [{name: row.get(name) for name in names} for row in table.rows]
    return orjson.dumps(rows, option=orjson.OPT_INDENT_2)


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


def zipped(name: str, files: list[PackedFile], created_at: datetime) -> PackedFile:
    stamp = created_at.astimezone(UTC).timetuple()[:6]
    out = io.BytesIO()
    # Level 1: text compresses to about a fifth at a fraction of the default's time.
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for file in files:
            info = zipfile.ZipInfo(file.name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, file.content, compresslevel=1)
    return PackedFile(name, ZIP, out.getvalue())


def package(
    tables: list[Table],
    *,
    election_id: str,
    election_name: str,
    institute: str | None,
    release_id: str,
    created_at: datetime,
    statistics: tuple[Any, Table] | None = None,
) -> Package:
    """Every file of the release. ``statistics``: the statistics document (written as it
    is, ``estadisticas.json``) and its numbers as a table (``estadisticas.csv``); None
    when the election has none yet."""
    data: list[PackedFile] = []
    resources: list[dict[str, Any]] = []
    for table in tables:
        as_csv = PackedFile(f"{table.spec.name}.csv", CSV, csv_bytes(table))
        as_json = PackedFile(f"{table.spec.name}.json", JSON, json_bytes(table))
        data += [as_csv, as_json]
        resources += [_resource(as_csv, table.spec, "csv"), _resource(as_json, table.spec, "json")]
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
    described = PackedFile(
        DESCRIPTOR,
        JSON,
        descriptor(election_id, election_name, institute, release_id, created_at, resources),
    )
    listed = [*data, described]
    checks = manifest(listed)
    archive = zipped(
        f"conoceles-{election_id}-{release_id}.zip".lower(), [*listed, checks], created_at
    )
    return Package([*listed, checks, archive])
