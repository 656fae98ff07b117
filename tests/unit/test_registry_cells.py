"""How a registry file's headings and cells are read, without servers: what is
unambiguous is taken, what is not is refused saying what was expected."""

import datetime as dt
from typing import Any

import pytest

from contracts.capture import ImportFormat, Named
from services.capture.demo import demo_config
from services.capture.domain.registry_rows import REGISTRY_COLUMNS, RegistryRules, check_rows
from services.capture.domain.registry_values import CellProblem, Interpreted, birth_date
from services.capture.domain.tabular_files import UnreadableFile, read_table
from tests.support.registry import LABELS, as_csv, demo_rows

RULES = RegistryRules(today=dt.date(2026, 12, 1))


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("1985-04-12", dt.date(1985, 4, 12)),
        ("12/04/1985", dt.date(1985, 4, 12)),
        ("2/4/1985", dt.date(1985, 4, 2)),
        ("12-04-1985", dt.date(1985, 4, 12)),
        ("12/04/1985 00:00", dt.date(1985, 4, 12)),  # Excel's CSV of a date-time cell
        (31149, dt.date(1985, 4, 12)),  # Excel's serial in a number cell
        ("31149", dt.date(1985, 4, 12)),
        (dt.datetime(1985, 4, 12), dt.date(1985, 4, 12)),
    ],
)
def test_a_birth_date_is_read_the_mexican_way_or_as_excel_keeps_it(typed: Any, meant: Any) -> None:
    assert birth_date(typed, Interpreted()) == meant


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("12/04/85", "cuatro cifras"),
        ("04/13/1985", "mes/día/año"),
        ("31/02/1985", "no existe en el calendario"),
        ("abril de 1985", "dd/mm/aaaa"),
        (31149.5, "dd/mm/aaaa"),
    ],
)
def test_a_date_that_cannot_be_read_says_the_format_expected(typed: Any, said: str) -> None:
    with pytest.raises(CellProblem, match=said):
        birth_date(typed, Interpreted())


def test_a_name_two_districts_share_is_refused_as_ambiguous_and_a_number_finds_its_district() -> (
    None
):
    config = demo_config()
    districts = [
        Named(id="distrito-1", name="Distrito 1 — Monterrey"),
        Named(id="distrito-1-bis", name="Distrito 1 bis — Apodaca"),
        Named(id="distrito-2", name="Distrito 2 — Guadalupe"),
    ]
    config = config.model_copy(update={"districts": districts})
    rows = demo_rows()
    rows[0]["distrito"] = rows[1]["distrito"] = "1"  # two districts are numbered 1
    rows[2]["distrito"] = "02"
    rows[4]["distrito"] = "DISTRITO 1 BIS — APODACA"
    checked = check_rows(list(enumerate(rows, start=2)), config, RULES)
    reasons = {(p.line, p.field): p.reason for p in checked.problems}
    assert "puede ser más de uno" in reasons[(2, "distrito")]
    assert sorted(reasons) == [(2, "distrito"), (3, "distrito")]
    districts_of = {f.key: f.district for f in checked.formulas}
    assert districts_of["F-SHH-1"] == "distrito-2" and districts_of["F-MC-1"] == "distrito-1-bis"


def test_a_coalition_named_as_a_party_is_told_its_kind() -> None:
    rows = demo_rows()
    rows[2]["postulante_tipo"] = "partido"  # «sigamos» is a coalition
    checked = check_rows(list(enumerate(rows, start=2)), demo_config(), RULES)
    assert [(p.line, p.reason) for p in checked.problems] == [
        (4, "«sigamos» es una coalición: su tipo de postulación es «Coalición»."),
    ]


def test_utf16_and_tab_separated_files_as_excel_saves_unicode_text() -> None:
    content = as_csv(demo_rows(), headings=LABELS, delimiter="\t").decode().encode("utf-16")
    table = read_table(ImportFormat.CSV, content, 100, REGISTRY_COLUMNS)
    rows = list(table.rows)
    assert len(rows) == 5 and rows[0][1]["nombres"] == "María Fernanda"
    assert any("UTF-16" in note for note in table.notes)
    assert any("tabulador" in note for note in table.notes)


def test_bytes_that_are_neither_utf8_nor_windows_1252_are_refused_plainly() -> None:
    content = as_csv(demo_rows()) + b"\x81\x8d\x8f"  # undefined in Windows-1252
    with pytest.raises(UnreadableFile):
        list(read_table(ImportFormat.CSV, content, 100, REGISTRY_COLUMNS).rows)


def test_a_row_with_more_filled_cells_than_headings_is_named() -> None:
    content = as_csv(demo_rows()).replace(b"registrada,\n", b"registrada,,extra\n", 1)
    with pytest.raises(UnreadableFile, match="La línea 2 tiene más columnas"):
        list(read_table(ImportFormat.CSV, content, 100, REGISTRY_COLUMNS).rows)


def test_a_name_the_template_quoted_against_formulas_is_read_without_its_quote() -> None:
    config = demo_config()
    offices = [config.offices[0].model_copy(update={"name": "=Diputación"}), *config.offices[1:]]
    rows = demo_rows()[:2]
    for row in rows:
        row["cargo"] = "'=Diputación"  # as the template's list offers it
    checked = check_rows(
        list(enumerate(rows, start=2)), config.model_copy(update={"offices": offices}), RULES
    )
    assert checked.problems == [] and checked.formulas[0].office == "diputacion-mr"
