"""The registry import as institutes' staff really feed it: files exported from their
registration system or saved by Excel in a Mexican locale.

Every file a person would call valid imports, says what was normalised, and means the
same candidacies as the clean file (so re-importing it changes nothing); every wrong one
is refused with each problem located and worded so the person can fix it in one round,
and leaves nothing behind.
"""

import copy
import datetime as dt
import unicodedata
from collections.abc import Callable
from typing import Any

import asyncpg
import pytest

from services.accounts.service import definition as accounts
from services.capture.service import definition as capture
from services.runtime import database
from services.runtime.settings import Settings
from tests.support.accounts import bearer
from tests.support.gateway import gateway_client
from tests.support.hosts import running
from tests.support.registry import LABELS, as_csv, as_json, as_xlsx, demo_rows, person, prepared
from tests.support.registry import REGISTRY_PATH as PATH

pytestmark = pytest.mark.timeout(300)
Rows = list[dict[str, Any]]


def changed(rows: Rows, change: Callable[[dict[str, Any]], None]) -> Rows:
    rows = copy.deepcopy(rows)
    for row in rows:
        change(row)
    return rows


def day_first(row: dict[str, Any]) -> None:
    year, month, day = row["fecha_nacimiento"].split("-")
    row["fecha_nacimiento"] = f"{day}/{month}/{year}"


def as_date_cell(row: dict[str, Any]) -> None:
    row["fecha_nacimiento"] = dt.datetime.fromisoformat(row["fecha_nacimiento"])


def as_excel_serial(row: dict[str, Any]) -> None:
    born = dt.date.fromisoformat(row["fecha_nacimiento"])
    row["fecha_nacimiento"] = (born - dt.date(1899, 12, 30)).days


def shouted(row: dict[str, Any]) -> None:
    labels = {"propietaria": "PROPIETARIA", "suplente": "Suplente"}
    kinds = {"partido": "PARTIDO", "coalicion": "Coalición", "independiente": "Independiente"}
    row |= {
        "calidad": labels[row["calidad"]],
        "sexo": row["sexo"].upper(),
        "postulante_tipo": kinds[row["postulante_tipo"]],
        "estatus": "Registrada",
    }


def by_name(row: dict[str, Any]) -> None:
    offices = {
        "diputacion-mr": "Diputación local de mayoría relativa",
        "presidencia-municipal": "PRESIDENCIA MUNICIPAL",
    }
    parties = {"pan": "PAN", "mc": "Movimiento Ciudadano", "sigamos": "Sigamos Haciendo Historia"}
    row["cargo"] = offices[row["cargo"]]
    row["postulante"] = parties.get(row["postulante"], row["postulante"])
    row["distrito"] = "1" if row["distrito"] else ""
    row["municipio"] = "Monterrey" if row["municipio"] else ""
    row["accion_afirmativa"] = "Persona indígena" if row["accion_afirmativa"] else ""


def decomposed_and_spaced(row: dict[str, Any]) -> None:
    row["nombres"] = unicodedata.normalize("NFD", row["nombres"]).replace(" ", "  ")
    row["primer_apellido"] = unicodedata.normalize("NFD", row["primer_apellido"]) + " "


SHOUTED_HEADINGS = [f" {label.upper()} " for label in LABELS]
UNACCENTED_HEADINGS = [unicodedata.normalize("NFD", h) for h in LABELS]
TITLE = [["Registro de candidaturas aprobadas — Proceso Electoral Local 2026-2027"], []]

# (what a person would call it, file format, content, what the import says it normalised)
ACCEPTED: list[tuple[str, str, Callable[[Rows], bytes], str | None]] = [
    ("UTF-8 con BOM", "csv", lambda r: b"\xef\xbb\xbf" + as_csv(r), None),
    ("Windows-1252", "csv", lambda r: as_csv(r, encoding="cp1252"), "Windows-1252"),
    ("punto y coma", "csv", lambda r: as_csv(r, delimiter=";"), "punto y coma"),
    ("CRLF", "csv", lambda r: as_csv(r, line_end="\r\n"), None),
    ("filas en blanco al final", "csv", lambda r: as_csv(r, blank_rows_after=3), None),
    (
        "Excel en español: Windows-1252, punto y coma, CRLF, títulos",
        "csv",
        lambda r: as_csv(
            r, headings=LABELS, encoding="cp1252", delimiter=";", line_end="\r\n", above=TITLE
        ),
        "línea 3",
    ),
    ("encabezados de la plantilla", "csv", lambda r: as_csv(r, headings=LABELS), None),
    ("encabezados en mayúsculas", "csv", lambda r: as_csv(r, headings=SHOUTED_HEADINGS), None),
    ("encabezados sin acentos", "csv", lambda r: as_csv(r, headings=UNACCENTED_HEADINGS), None),
    ("título sobre los encabezados", "csv", lambda r: as_csv(r, above=TITLE), "línea 3"),
    ("fechas dd/mm/aaaa", "csv", lambda r: as_csv(changed(r, day_first)), "dd/mm/aaaa"),
    (
        "valores en mayúsculas",
        "csv",
        lambda r: as_csv(changed(r, shouted)),
        "escritos de otra forma",
    ),
    (
        "cargos y partidos por su nombre",
        "csv",
        lambda r: as_csv(changed(r, by_name)),
        "por su nombre",
    ),
    (
        "nombres en otra forma Unicode",
        "csv",
        lambda r: as_csv(changed(r, decomposed_and_spaced)),
        "espacios de más",
    ),
    (
        "hoja de instrucciones primero",
        "xlsx",
        lambda r: as_xlsx(r, headings=LABELS, sheets_before=["Instrucciones"], above=TITLE),
        "hoja «Registro»",
    ),
    ("fechas de Excel", "xlsx", lambda r: as_xlsx(changed(r, as_date_cell)), None),
    (
        "fechas como número de serie",
        "xlsx",
        lambda r: as_xlsx(changed(r, as_excel_serial)),
        "como número",
    ),
    (
        "JSON con las etiquetas",
        "json",
        lambda r: as_json(
            [{label: row[code] for code, label in zip(row, LABELS, strict=True)} for row in r]
        ),
        None,
    ),
]


async def test_files_a_person_would_call_valid_mean_the_same_candidacies(fresh: Settings) -> None:
    async with running(fresh, accounts, capture), gateway_client(fresh) as client:
        admin = await prepared(client, fresh)
        clean = await client.post(
            PATH, params={"formato": "csv"}, data=as_csv(demo_rows()), headers=bearer(admin)
        )
        assert (await clean.json())["registered"] == 4
        for what, formato, encode, said in ACCEPTED:
            answer = await client.post(
                PATH, params={"formato": formato}, data=encode(demo_rows()), headers=bearer(admin)
            )
            report = await answer.json()
            assert answer.status == 200, (what, report)
            # the same people, read another way: nothing registered anew, nothing updated
            assert (report["unchanged"], report["registered"], report["updated"]) == (4, 0, 0), (
                what,
                report,
            )
            if said is not None:
                assert any(said in note for note in report["normalised"]), (what, report)


async def test_a_clave_typed_as_a_number_is_its_digits(fresh: Settings) -> None:
    async with running(fresh, accounts, capture), gateway_client(fresh) as client:
        admin = await prepared(client, fresh)
        rows = [person("2027", "propietaria", "Itzel", "Hernández")]
        typed_as_text = await client.post(
            PATH, params={"formato": "csv"}, data=as_csv(rows), headers=bearer(admin)
        )
        assert (await typed_as_text.json())["registered"] == 1
        rows[0]["clave"] = 2027  # a number cell in Excel
        typed_as_number = await client.post(
            PATH, params={"formato": "xlsx"}, data=as_xlsx(rows), headers=bearer(admin)
        )
        report = await typed_as_number.json()
        assert report["unchanged"] == 1, report
        assert any("como número" in note for note in report["normalised"])


def located(problem: dict[str, Any]) -> dict[tuple[int | None, str], str]:
    return {(e["line"], e["field"]): e["reason"] for e in problem["errors"]}


async def refused(client: Any, admin: str, content: bytes, formato: str = "csv") -> dict[str, Any]:
    answer = await client.post(
        PATH, params={"formato": formato}, data=content, headers=bearer(admin)
    )
    problem: dict[str, Any] = await answer.json()
    assert answer.status == 422, problem
    assert "no se importó nada" in problem["detail"].lower()
    return problem


async def test_wrong_people_and_seats_are_refused_with_both_lines(fresh: Settings) -> None:
    async with running(fresh, accounts, capture), gateway_client(fresh) as client:
        admin = await prepared(client, fresh)
        rows = demo_rows()
        # line 7: María Fernanda again, in another formula for another seat
        rows.append(
            person("F-PRI-1", "propietaria", "María  Fernanda", "AVILA", segundo_apellido="Núñez")
            | {"postulante": "pri", "cargo": "presidencia-municipal", "distrito": ""}
            | {"municipio": "san-pedro"}
        )
        # line 8: a second PAN formula for district 1
        rows.append(person("F-PAN-2", "propietaria", "Laura", "Gómez"))
        # line 9: a PVEM formula where its coalition already stands (F-SHH-1, line 4)
        rows.append(person("F-PVEM-1", "propietaria", "Rosa", "Vega", postulante="pvem"))
        # line 10: a line repeated as it was
        rows.append(dict(rows[-1]))
        problem = await refused(client, admin, as_csv(rows))
        where = located(problem)
        assert "línea 2" in where[(7, "nombres")] and "María Fernanda" in where[(7, "nombres")]
        assert "línea 2" in where[(8, "postulante")]
        assert (
            "línea 4" in where[(9, "postulante")] and "PVEM ya postula" in where[(9, "postulante")]
        )
        assert where[(10, "calidad")] == "Esta fila repite la línea 9."
        assert problem["detail"].startswith(f"El archivo tiene {len(where)} problemas")

        # one person in two live candidacies across two imports
        assert (
            await client.post(
                PATH, params={"formato": "csv"}, data=as_csv(demo_rows()), headers=bearer(admin)
            )
        ).status == 200
        again = [
            person("F-PRI-1", "propietaria", "Lucía", "Peña", segundo_apellido="Ibáñez")
            | {"postulante": "pri"}
        ]
        problem = await refused(client, admin, as_csv(again))
        assert problem["detail"].startswith("El archivo tiene 1 problema;")
        assert "«F-PAN-1», ya registrada" in located(problem)[(2, "nombres")]


async def test_implausible_people_and_the_parity_rule(fresh: Settings) -> None:
    async with running(fresh, accounts, capture), gateway_client(fresh) as client:
        admin = await prepared(client, fresh)
        rows = demo_rows()
        rows[0]["fecha_nacimiento"] = "2031-01-01"  # born in the future
        rows[1]["fecha_nacimiento"] = "1890-05-01"  # over 120
        rows[3]["fecha_nacimiento"] = "2004-01-01"  # 23 on election day: the office asks 25
        rows.append(person("F-PRI-1", "propietaria", "Ana", "Ruiz", postulante="pri"))
        rows.append(person("F-PRI-1", "suplente", "Juan", "Ruiz", postulante="pri", sexo="Hombre"))
        where = located(await refused(client, admin, as_csv(rows)))
        assert where[(2, "fecha_nacimiento")] == "La fecha de nacimiento es posterior a hoy."
        assert "más de 120 años" in where[(3, "fecha_nacimiento")]
        assert "tendría 23 años; el cargo pide al menos 25" in where[(5, "fecha_nacimiento")]
        assert "6 de junio de 2027" in where[(5, "fecha_nacimiento")]
        assert "encabezada por una mujer" in where[(8, "sexo")]


async def test_blank_cells_dates_separators_and_headings_are_named_as_such(
    fresh: Settings,
) -> None:
    async with running(fresh, accounts, capture), gateway_client(fresh) as client:
        admin = await prepared(client, fresh)
        rows = demo_rows()
        rows[1]["nombres"] = ""
        rows[2]["fecha_nacimiento"] = "12-04-85"
        rows[3]["fecha_nacimiento"] = "04/31/1985"
        rows[4]["sexo"] = "Femenil"
        where = located(await refused(client, admin, as_csv(rows)))
        assert where[(3, "nombres")] == "Este campo es obligatorio."
        assert "cuatro cifras" in where[(4, "fecha_nacimiento")]
        assert "mes/día/año" in where[(5, "fecha_nacimiento")]
        assert where[(6, "sexo")] == "«Femenil» no es un sexo: escriba Mujer, Hombre o No binario."

        piped = await refused(client, admin, as_csv(demo_rows(), delimiter="|"))
        assert "separadas por «|»" in piped["detail"] and not piped["errors"]

        headless = await refused(client, admin, as_csv(demo_rows(), headings=[""] * 17))
        assert "No se encontró la fila de encabezados" in headless["detail"]

        misspelt = list(LABELS)
        misspelt[LABELS.index("Fecha de nacimiento")] = "Fecha nacimento"
        where = located(await refused(client, admin, as_csv(demo_rows(), headings=misspelt)))
        assert "¿Quiso decir «Fecha de nacimiento»?" in where[(1, "Fecha nacimento")]
        assert where[(1, "fecha_nacimiento")] == "Falta la columna «Fecha de nacimiento»."
        assert len(where) == 2  # not once per row


async def test_substitutions_are_checked_with_everything_else_in_one_round(
    fresh: Settings,
) -> None:
    async with running(fresh, accounts, capture), gateway_client(fresh) as client:
        admin = await prepared(client, fresh)
        assert (
            await client.post(
                PATH, params={"formato": "csv"}, data=as_csv(demo_rows()), headers=bearer(admin)
            )
        ).status == 200
        cancelled = [r | {"estatus": "cancelada"} for r in demo_rows() if r["clave"] == "F-MC-1"]
        assert (
            await client.post(
                PATH, params={"formato": "csv"}, data=as_csv(cancelled), headers=bearer(admin)
            )
        ).status == 200
        rows = [
            # line 2: stands for another office than the one it replaces
            person("S-PAN-1", "propietaria", "Elena", "Ríos", sustituye_a="F-PAN-1")
            | {"cargo": "presidencia-municipal", "distrito": "", "municipio": "monterrey"},
            # line 3: replaces itself
            person("S-PRI-1", "propietaria", "Carmen", "Luna", postulante="pri")
            | {"sustituye_a": "S-PRI-1"},
            # line 4: replaces a candidacy cancelled before
            person(
                "S-MC-1",
                "propietaria",
                "Paola",
                "Sosa",
                postulante="mc",
                accion_afirmativa="indigena",
                sustituye_a="F-MC-1",
            ),
            # line 5: another party's candidacy
            person("S-SHH-1", "propietaria", "Irma", "Cruz", sustituye_a="F-SHH-1", sexo="Hombre"),
            # line 6: a blank surname, an ordinary problem
            person("F-PRI-9", "propietaria", "Nora", "", postulante="pri", distrito="distrito-1"),
        ]
        where = located(await refused(client, admin, as_csv(rows)))
        assert "mismo cargo" in where[(2, "cargo")]
        assert where[(3, "sustituye_a")] == "Una candidatura no se sustituye a sí misma."
        assert "ya fue cancelada" in where[(4, "sustituye_a")]
        assert "mismo postulante" in where[(5, "postulante")]
        assert where[(6, "primer_apellido")] == "Este campo es obligatorio."


async def test_a_refused_file_leaves_nothing_behind(fresh: Settings) -> None:
    async with running(fresh, accounts, capture), gateway_client(fresh) as client:
        admin = await prepared(client, fresh)
        rows = demo_rows()
        rows[0]["fecha_nacimiento"] = "no sé"
        await refused(client, admin, as_csv(rows))
        conn = await asyncpg.connect(database.admin_dsn(fresh, database=fresh.instance))
        try:
            kept = await conn.fetchval("SELECT count(*) FROM capture.uploads")
            registered = await conn.fetchval("SELECT count(*) FROM capture.candidacies")
        finally:
            await conn.close()
        assert (kept, registered) == (0, 0)  # neither the file nor any of its rows
