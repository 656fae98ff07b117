"""The registry file's rules, without servers."""

import datetime as dt
from typing import Any

import pytest

from contracts.capture import ElectionConfig, ImportFormat, Office
from contracts.profile import FormulaSexes
from services.capture.adapters.profile_files import shipped_profile
from services.capture.demo import demo_config
from services.capture.domain.registry_rows import (
    REGISTRY_COLUMNS,
    CheckedRows,
    RegistryRules,
    Share,
    check_rows,
    check_table,
    merged,
)
from services.capture.domain.tabular_files import UnreadableFile, read_rows, read_table
from tests.support.registry import as_csv, as_json, as_xlsx, demo_rows, many_rows, person

TODAY = dt.date(2026, 12, 1)
RULES = RegistryRules(today=TODAY)


def numbered(rows: list[dict[str, Any]]) -> list[tuple[int, dict[str, Any]]]:
    return list(enumerate(rows, start=2))


def test_a_coalitions_candidacy_is_captured_by_the_party_the_agreement_names() -> None:
    checked = check_rows(numbered(demo_rows()), demo_config(), RULES)
    formulas, problems = checked.formulas, checked.problems
    assert problems == []
    by_key = {f.key: f for f in formulas}
    assert by_key["F-SHH-1"].capturing_party == "morena"  # 000 §3.13
    assert by_key["F-IND-1"].capturing_party is None
    assert by_key["F-PAN-1"].alternate is not None


def test_the_rows_of_one_formula_must_agree_and_independents_name_no_party() -> None:
    rows = demo_rows()
    rows[1]["distrito"] = ""  # the alternate's row says another place
    rows[1]["municipio"] = "monterrey"
    rows[3]["postulante"] = "pan"  # an independent with a party
    problems = check_rows(numbered(rows), demo_config(), RULES).problems
    assert {(p.line, p.field) for p in problems} >= {
        (3, "distrito"),
        (3, "municipio"),
        (5, "postulante"),
    }


def test_a_csv_field_over_the_csv_limit_is_refused_with_its_line_and_column() -> None:
    rows = demo_rows()
    rows[2]["nombres"] = "A" * 131_073
    with pytest.raises(UnreadableFile) as refused:
        list(read_rows(ImportFormat.CSV, as_csv(rows), max_rows=100, columns=REGISTRY_COLUMNS))
    assert "línea 4" in str(refused.value) and "«nombres»" in str(refused.value)
    assert "131,072 caracteres" in str(refused.value)


@pytest.mark.parametrize("file_format", list(ImportFormat))
def test_a_file_over_the_row_limit_is_refused_naming_the_limit(file_format: ImportFormat) -> None:
    writers = {ImportFormat.CSV: as_csv, ImportFormat.XLSX: as_xlsx, ImportFormat.JSON: as_json}
    content = writers[file_format](demo_rows())
    assert len(list(read_rows(file_format, content, max_rows=5, columns=REGISTRY_COLUMNS))) == 5
    with pytest.raises(UnreadableFile, match="más de 4 filas"):
        list(read_rows(file_format, content, max_rows=4, columns=REGISTRY_COLUMNS))


def with_rp_office() -> ElectionConfig:
    config = demo_config()
    rp = Office(id="diputacion-rp", name="Diputación de representación proporcional")
    return config.model_copy(update={"offices": [*config.offices, rp]})


def test_an_independent_for_an_office_the_profile_closes_to_them_is_refused_row_by_row() -> None:
    rows = demo_rows()
    rows[3] |= {"cargo": "diputacion-rp", "municipio": "", "distrito": "distrito-1"}
    zacatecas = shipped_profile("zacatecas").independent_offices
    assert zacatecas is not None
    rules = RegistryRules(today=TODAY, independent_offices=zacatecas)
    problems = check_rows(numbered(rows), with_rp_office(), rules).problems
    assert [(p.line, p.field) for p in problems] == [(5, "cargo")]
    assert "no admite candidaturas independientes" in problems[0].reason
    rows[3] |= {"cargo": "diputacion-mr"}  # «… local de mayoría relativa» is open to them
    assert check_rows(numbered(rows), with_rp_office(), rules).problems == []


def test_where_the_profile_names_no_such_offices_independents_run_for_any() -> None:
    rows = demo_rows()
    rows[3] |= {"cargo": "diputacion-rp", "municipio": "", "distrito": "distrito-1"}
    nuevo_leon = shipped_profile("nuevo-leon").independent_offices
    rules = RegistryRules(today=TODAY, independent_offices=nuevo_leon)
    assert check_rows(numbered(rows), with_rp_office(), rules).problems == []


@pytest.mark.parametrize(
    ("sexes", "man_then_woman", "woman_then_man"),
    [
        (FormulaSexes.SAME, False, False),
        (FormulaSexes.SAME_OR_WOMAN_ALTERNATE, True, False),
        (FormulaSexes.ANY, True, True),
    ],
)
def test_the_parity_rule_of_a_formula_follows_the_profile(
    sexes: FormulaSexes, man_then_woman: bool, woman_then_man: bool
) -> None:
    """The same two formulas under each rule: a man's with a woman as alternate, and a
    woman's with a man; a refused one is named at the alternate's line and sex."""
    rows = [
        person("F-PAN-9", "propietaria", "Juan", "Ruiz", sexo="Hombre"),
        person("F-PAN-9", "suplente", "Ana", "Ruiz", sexo="Mujer"),
        person("F-PRI-9", "propietaria", "Eva", "Luna", postulante="pri", sexo="Mujer"),
        person("F-PRI-9", "suplente", "Luis", "Luna", postulante="pri", sexo="Hombre"),
    ]
    rules = RegistryRules(today=TODAY, formula_sexes=sexes)
    problems = check_rows(numbered(rows), demo_config(), rules).problems
    refused = {(p.line, p.field) for p in problems}
    assert ((3, "sexo") not in refused) is man_then_woman
    assert ((5, "sexo") not in refused) is woman_then_man
    assert refused <= {(3, "sexo"), (5, "sexo")}


def _varied_rows() -> list[dict[str, Any]]:
    """Formulas with owner and alternate on lines apart, some bad cells, a repeated row,
    dates as people type them: what a share must keep together or count."""
    rows = many_rows(60)
    for n, row in enumerate(rows):
        if n % 7 == 0:
            row["fecha_nacimiento"] = "12/04/1985"  # read day first, and said so
        if n % 11 == 0:
            row["sexo"] = "otro"  # a bad cell
    alternates = [
        person(r["clave"], "suplente", "Suplente", "Prueba", **_formula_of(r)) for r in rows[::3]
    ]
    return rows + alternates + [rows[5], person("F-SIN", "suplente", "Nadie", "Prueba")]


def _formula_of(row: dict[str, Any]) -> dict[str, Any]:
    formula = ("cargo", "distrito", "municipio", "numero_lista", "postulante_tipo", "postulante")
    return {column: row[column] for column in formula}


def test_a_file_checked_in_shares_is_the_file_checked_whole() -> None:
    file = as_csv(_varied_rows())

    def checked(share: Share) -> CheckedRows:
        table = read_table(ImportFormat.CSV, file, 1_000, REGISTRY_COLUMNS)
        return check_table(table, demo_config(), RULES, share)

    whole = checked(Share())
    assert whole.problems and whole.interpreted.counts["day_first"]
    for of in (2, 3):
        shares = [checked(Share(index, of)) for index in range(of)]
        assert all(share.formulas for share in shares)  # each share had rows to check
        together = merged(shares)
        assert [(f.key, f.line, f.alternate) for f in together.formulas] == [
            (f.key, f.line, f.alternate) for f in whole.formulas
        ]
        assert together.problems == whole.problems
        assert together.keys == whole.keys
        assert together.rows == whole.rows
        assert together.interpreted.counts == whole.interpreted.counts
