"""The registry file's rules, without servers."""

from typing import Any

from services.capture.demo import demo_config
from services.capture.domain.registry import check_rows
from tests.support.registry import demo_rows


def numbered(rows: list[dict[str, Any]]) -> list[tuple[int, dict[str, Any]]]:
    return list(enumerate(rows, start=2))


def test_a_coalitions_candidacy_is_captured_by_the_party_the_agreement_names() -> None:
    formulas, problems = check_rows(numbered(demo_rows()), demo_config())
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
    formulas, problems = check_rows(numbered(rows), demo_config())
    assert formulas == []
    assert {(p.line, p.field) for p in problems} >= {(3, "distrito"), (3, "municipio"),
                                                     (5, "postulante")}  # fmt: skip
