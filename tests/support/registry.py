"""Registry files for tests: the demo election's candidacies as CSV, XLSX or JSON."""

import csv
import datetime as dt
import io
import json
from collections.abc import Sequence
from typing import Any

import openpyxl

from contracts.capture import REGISTRY_COLUMN_LABELS, Named
from services.capture.demo import demo_config
from services.capture.domain.registry_rows import COLUMNS
from services.runtime.settings import Settings
from tests.support.accounts import bearer, signed_in_admin

LABELS = tuple(REGISTRY_COLUMN_LABELS.values())


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


def as_csv(
    rows: list[dict[str, Any]],
    *,
    headings: Sequence[str] = COLUMNS,
    encoding: str = "utf-8",
    delimiter: str = ",",
    line_end: str = "\n",
    above: Sequence[Sequence[str]] = (),
    blank_rows_after: int = 0,
) -> bytes:
    """The rows as a CSV file, written as a person's program might: ``headings`` in place
    of the column codes (in the same order), ``above`` the heading row (a title, blank
    lines), blank rows at the end."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator=line_end)
    writer.writerows(above)
    writer.writerow(headings)
    writer.writerows([row.get(c, "") for c in COLUMNS] for row in rows)
    writer.writerows([[""] * len(COLUMNS)] * blank_rows_after)
    return out.getvalue().encode(encoding)


def as_xlsx(
    rows: list[dict[str, Any]],
    *,
    headings: Sequence[str] = COLUMNS,
    above: Sequence[Sequence[str]] = (),
    sheets_before: Sequence[str] = (),
) -> bytes:
    """The rows as a workbook; ``sheets_before``: sheets of instructions that come first."""
    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    for number, title in enumerate(sheets_before):
        sheet = first if number == 0 else book.create_sheet()
        sheet.title = title
        sheet.append(["Llene la hoja del registro: una fila por persona."])
    sheet = book.create_sheet("Registro") if sheets_before else first
    for row in above:
        sheet.append(list(row))
    sheet.append(list(headings))
    for values in rows:
        sheet.append([values[c] if values[c] != "" else None for c in COLUMNS])
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


REGISTRY_PATH = f"/api/v1/elecciones/{demo_config().election_id}/registro"


async def prepared(
    client: Any, settings: Settings, profile: str = "estado-de-mexico", districts: int = 0
) -> str:
    """The demo election under ``profile`` (by default one where every candidacy gets an
    account of its own, 001 §9), with ``districts`` more districts where asked."""
    admin, _ = await signed_in_admin(settings, client)
    demo = demo_config()
    more = [Named(id=f"distrito-{n}", name=f"Distrito {n}") for n in range(2, districts + 2)]
    update = {"profile": profile, "districts": demo.districts + more}
    config = demo.model_copy(update=update).model_dump(mode="json")
    assert (await client.post("/api/v1/elecciones", headers=bearer(admin), json=config)).ok
    return admin


PARTIES_IN_TURN = (("partido", "pan"), ("partido", "mc"), ("coalicion", "sigamos"))


def many_rows(count: int) -> list[dict[str, Any]]:
    """``count`` one-person formulas of the demo election, keyed F-001, F-002…: postulated
    by PAN, MC and the coalition (Morena captures) in turn; the odd ones a deputation of
    district 1, the even ones a mayoralty of San Pedro or Monterrey in turn, each in a list
    place of its own (a party has one formula per seat)."""
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
                numero_lista=n,
                **office,
            )
        )
    return rows


def filled_template(template: bytes) -> bytes:
    """Two formulas typed into «Registro» with the values its lists offer, as a person
    fills it: a PAN formula with its alternate, and a coalition's owner alone."""
    book = openpyxl.load_workbook(io.BytesIO(template))
    sheet = book["Registro"]
    office, district = "Diputación local de mayoría relativa", "Distrito 1 — Monterrey"
    people: list[tuple[str, str, str, str, str, dt.datetime, str]] = [
        ("T-PAN-1", "Propietaria", "Ana", "Ríos", "Mujer", dt.datetime(1980, 5, 4), "PAN"),
        ("T-PAN-1", "Suplente", "Eva", "Luna", "Mujer", dt.datetime(1982, 1, 9), "PAN"),
        ("T-SHH-1", "Propietaria", "Luis", "Vega", "Hombre", dt.datetime(1975, 11, 30), ""),
    ]
    for row, (key, quality, names, surname, sex, born, party) in enumerate(people, start=2):
        values: dict[str, str | dt.datetime] = {
            "clave": key,
            "cargo": office,
            "distrito": district,
            "postulante_tipo": "Partido" if party else "Coalición",
            "postulante": party or "Sigamos Haciendo Historia",
            "calidad": quality,
            "nombres": names,
            "primer_apellido": surname,
            "sexo": sex,
            "fecha_nacimiento": born,
            "estatus": "Registrada",
        }
        for column, value in values.items():
            sheet.cell(row, COLUMNS.index(column) + 1, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
