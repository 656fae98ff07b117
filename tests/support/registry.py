"""Registry files for tests: the demo election's candidacies as CSV, XLSX or JSON."""

import csv
import io
import json
from typing import Any

import openpyxl

from services.capture.domain.registry_rows import COLUMNS


def person(clave: str, quality: str, names: str, surname: str, **formula: Any) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys(COLUMNS, "")
    row |= {
        "clave": clave,
        "calidad": quality,
        "nombres": names,
        "primer_apellido": surname,
        "sexo": "Mujer",
        "fecha_nacimiento": "1985-04-12",
        "cargo": "diputacion-mr",
        "distrito": "distrito-1",
        "postulante_tipo": "partido",
        "postulante": "pan",
        "estatus": "registrada",
    }
    row |= formula
    return row


def demo_rows() -> list[dict[str, Any]]:
    return [
        person("F-PAN-1", "propietaria", "María Fernanda", "Ávila", segundo_apellido="Núñez"),
        person("F-PAN-1", "suplente", "Lucía", "Peña", segundo_apellido="Ibáñez"),
        person(
            "F-SHH-1",
            "propietaria",
            "José Ángel",
            "Ibáñez",
            sexo="Hombre",
            postulante_tipo="coalicion",
            postulante="sigamos",
        ),
        person(
            "F-IND-1",
            "propietaria",
            "Raúl",
            "Cantú",
            sexo="Hombre",
            cargo="presidencia-municipal",
            distrito="",
            municipio="monterrey",
            postulante_tipo="independiente",
            postulante="",
        ),
        person(
            "F-MC-1", "propietaria", "Sofía", "Muñoz", postulante="mc", accion_afirmativa="indigena"
        ),
    ]


def as_csv(rows: list[dict[str, Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def as_xlsx(rows: list[dict[str, Any]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append([row[c] or None for c in COLUMNS])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def as_json(rows: list[dict[str, Any]]) -> bytes:
    return json.dumps([{k: v for k, v in r.items() if v != ""} for r in rows]).encode()


def feed_change(
    change_id: str,
    tipo: str,
    clave: str,
    names: str = "Sofía",
    surname: str = "Muñoz",
    **formula: Any,
) -> dict[str, Any]:
    """One change of the registration system's feed, its candidacy a PAN formula of one
    person in the demo election (``formula`` overrides its formula's fields)."""
    candidacy: dict[str, Any] = {
        "clave": clave,
        "cargo": "diputacion-mr",
        "distrito": "distrito-1",
        "postulante_tipo": "partido",
        "postulante": "pan",
        "propietaria": {
            "nombres": names,
            "primer_apellido": surname,
            "sexo": "Mujer",
            "fecha_nacimiento": "1985-04-12",
        },
    }
    return {"id": change_id, "tipo": tipo, "candidatura": candidacy | formula}


PARTIES_IN_TURN = (("partido", "pan"), ("partido", "mc"), ("coalicion", "sigamos"))


def many_rows(count: int) -> list[dict[str, Any]]:
    """``count`` one-person formulas of the demo election, keyed F-001, F-002…: postulated
    by PAN, MC and the coalition (Morena captures) in turn; the odd ones a deputation of
    district 1, the even ones a mayoralty of San Pedro or Monterrey in turn."""
    rows = []
    for n in range(1, count + 1):
        kind, postulant = PARTIES_IN_TURN[(n - 1) % 3]
        office = (
            {"cargo": "diputacion-mr", "distrito": "distrito-1"}
            if n % 2
            else {
                "cargo": "presidencia-municipal",
                "distrito": "",
                "municipio": ("monterrey", "san-pedro")[n // 2 % 2],
            }
        )
        rows.append(
            person(
                f"F-{n:03d}",
                "propietaria",
                f"Persona {n}",
                "Prueba",
                postulante_tipo=kind,
                postulante=postulant,
                **office,
            )
        )
    return rows
