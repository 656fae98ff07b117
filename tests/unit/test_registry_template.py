"""The candidacy registry's template as the admin opens it: the instructions first, then
the sheet to fill, headed by the columns' labels, with the election's own lists to
choose from, and nothing in it that would import by mistake or run as a formula."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation

from contracts.capture import REGISTRY_COLUMN_LABELS, ElectionConfig, Named, Office, Party
from contracts.profile import FormulaSexes, Registry
from services.capture.adapters.profile_files import shipped_profile
from services.capture.adapters.registry_template import (
    registry_template_csv,
    registry_template_xlsx,
)
from services.capture.demo import demo_config
from services.capture.domain.ages import born_by
from services.capture.domain.formulas import PostulantKind, Quality, Status
from services.capture.domain.registry_rows import (
    COLUMNS,
)
from services.capture.domain.registry_values import KIND_LABELS, QUALITY_LABELS, STATUS_LABELS
from services.runtime.spreadsheets import FORMULA_LEADS

LABELS = [REGISTRY_COLUMN_LABELS[column] for column in COLUMNS]


def workbook(election: ElectionConfig | None = None, profile: str | None = None) -> Workbook:
    election = election or demo_config()
    built = registry_template_xlsx(election, shipped_profile(profile or election.profile))
    return openpyxl.load_workbook(io.BytesIO(built))


def validation_of(book: Workbook, label: str) -> DataValidation:
    sheet = book["Registro"]
    cell = sheet.cell(2, LABELS.index(label) + 1).coordinate
    found = [v for v in sheet.data_validations.dataValidation if cell in v.sqref]
    assert len(found) == 1, (label, found)
    return found[0]


def listed(book: Workbook, label: str) -> list[str]:
    """The values the list of the column headed ``label`` offers."""
    validation = validation_of(book, label)
    assert validation.type == "list"
    assert validation.formula1 is not None
    sheet_name, cells = validation.formula1.split("!")
    return [row[0].value for row in book[sheet_name][cells.replace("$", "")]]


def texts(book: Workbook) -> list[str]:
    return [
        value
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if isinstance(value, str)
    ]


def test_the_instructions_come_first_then_the_sheet_to_fill_then_its_lists() -> None:
    assert workbook().sheetnames == ["Instrucciones", "Registro", "Listas"]


def test_the_sheet_to_fill_is_headed_by_the_labels_bold_and_frozen_with_no_example_row() -> None:
    sheet = workbook()["Registro"]
    header = list(next(sheet.iter_rows(max_row=1)))
    assert [cell.value for cell in header] == LABELS
    assert "Número de lista" in LABELS and "Partido o coalición" in LABELS
    assert all(cell.font.bold for cell in header)
    assert sheet.freeze_panes == "A2"
    assert all(
        value is None for row in sheet.iter_rows(min_row=2, values_only=True) for value in row
    )


def test_each_column_naming_something_of_the_election_offers_its_human_values() -> None:
    book = workbook()
    config = demo_config()
    assert listed(book, "Cargo") == [office.name for office in config.offices]
    assert listed(book, "Distrito") == ["Distrito 1 — Monterrey"]
    assert listed(book, "Municipio") == ["Monterrey", "San Pedro Garza García"]
    assert listed(book, "Partido o coalición") == [
        "PAN",
        "PRI",
        "MORENA",
        "MC",
        "PVEM",
        "Sigamos Haciendo Historia",
    ]
    assert listed(book, "Tipo de postulación") == ["Partido", "Coalición", "Independiente"]
    assert listed(book, "Calidad") == ["Propietaria", "Suplente"]
    assert listed(book, "Sexo") == ["Mujer", "Hombre", "No binario"]
    assert listed(book, "Acción afirmativa") == ["Persona indígena", "Persona con discapacidad"]
    assert listed(book, "Estatus") == ["Registrada", "Sustituida", "Cancelada"]
    assert str(validation_of(book, "Cargo").sqref) == "B2:B1001"  # a thousand rows to fill


def test_the_birth_date_is_a_date_day_first_and_the_key_is_text() -> None:
    book = workbook()
    sheet = book["Registro"]
    birth = LABELS.index("Fecha de nacimiento") + 1
    assert sheet.cell(2, birth).number_format == "DD/MM/YYYY"
    assert sheet.cell(1001, birth).number_format == "DD/MM/YYYY"
    dated = validation_of(book, "Fecha de nacimiento")
    assert (dated.type, dated.operator) == ("date", "between")
    assert dated.formula2 == "DATE(2027,6,6)"  # nobody is born after election day
    assert dated.error is not None and "dd/mm/aaaa" in dated.error
    assert sheet.cell(2, LABELS.index("Clave") + 1).number_format == "@"


def test_the_instructions_hold_the_example_and_each_offices_minimum_age() -> None:
    book = workbook()
    rows = [
        [v for v in row if v is not None]
        for row in book["Instrucciones"].iter_rows(values_only=True)
    ]
    words = " ".join(str(v) for row in rows for v in row)
    for needed in ("todo o nada", "dd/mm/aaaa", "Sustituye a", "Nombre de ejemplo", "Suplente"):
        assert needed in words
    assert ["Diputación local de mayoría relativa", 21, dt.datetime(2006, 6, 6)] in rows
    assert ["Presidencia municipal", 25, dt.datetime(2002, 6, 6)] in rows
    assert "domingo 6 de junio de 2027" in words


def test_a_name_that_would_run_as_a_formula_is_written_as_text_everywhere() -> None:
    config = demo_config().model_copy(
        update={
            "name": "=cmd|' /C calc'!A0",
            "offices": [Office(id="diputacion-mr", name='=HYPERLINK("http://x.example","clic")')],
            "districts": [Named(id="distrito-1", name="@SUM(A1)")],
            "parties": [Party(id="pan", name="Partido", acronym="+PAN")],
            "coalitions": [],
        }
    )
    book = workbook(config)
    written = texts(book)
    assert "'+PAN" in written and "'@SUM(A1)" in written
    assert [t for t in written if t.startswith(FORMULA_LEADS)] == []
    assert all(cell.data_type != "f" for s in book for row in s.iter_rows() for cell in row)


def test_an_election_without_places_or_actions_offers_no_empty_list() -> None:
    config = demo_config().model_copy(
        update={"districts": [], "municipalities": [], "affirmative_actions": []}
    )
    book = workbook(config)
    validated = {
        LABELS[cells.min_col - 1]
        for validation in book["Registro"].data_validations.dataValidation
        for cells in validation.sqref.ranges
    }
    assert {"Distrito", "Municipio", "Acción afirmativa"}.isdisjoint(validated)
    assert "Cargo" in validated
    example = [
        r for r in book["Instrucciones"].iter_rows(values_only=True) if r[0] == "Número de lista"
    ]
    assert example[0][3] == 1  # the example formula says where by its list position


def test_the_institutes_rules_on_the_formula_are_said_where_its_profile_has_them() -> None:
    zacatecas = " ".join(texts(workbook(demo_config(), "zacatecas")))
    assert "solo se registra para: Diputación local de mayoría relativa, Presidencia municipal" in (
        zacatecas
    )
    assert "encabezada por un hombre la suplente puede ser una mujer" in zacatecas
    estado_de_mexico = texts(workbook())
    assert "Candidaturas independientes" not in estado_de_mexico  # open to every office
    any_sexes = shipped_profile("zacatecas").model_copy(
        update={"registry": Registry(formula_sexes=FormulaSexes.ANY)}
    )
    unchecked = registry_template_xlsx(demo_config(), any_sexes)
    assert "Paridad en la fórmula" not in texts(openpyxl.load_workbook(io.BytesIO(unchecked)))


def test_the_csv_is_the_header_row_alone_with_a_bom_for_excel() -> None:
    content = registry_template_csv()
    assert content.startswith(b"\xef\xbb\xbf")
    assert list(csv.reader(io.StringIO(content.decode("utf-8-sig")))) == [LABELS]


def test_every_value_of_a_list_has_its_label() -> None:
    assert set(KIND_LABELS) == set(PostulantKind)
    assert set(QUALITY_LABELS) == set(Quality)
    assert set(STATUS_LABELS) == set(Status)


@pytest.mark.parametrize(
    ("years", "day", "latest"),
    [
        (21, dt.date(2027, 6, 6), dt.date(2006, 6, 6)),
        (18, dt.date(2028, 2, 29), dt.date(2010, 2, 28)),  # no 29 February in 2010
        (20, dt.date(2028, 2, 29), dt.date(2008, 2, 29)),
    ],
)
def test_the_latest_birth_date_of_a_minimum_age_on_election_day(
    years: int, day: dt.date, latest: dt.date
) -> None:
    assert born_by(years, day) == latest
