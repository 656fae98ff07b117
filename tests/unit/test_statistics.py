"""Identity statistics suppress small cells and carry no names."""

import datetime as dt

from services.capture.domain.statistics import Person, age_band, aggregate, matrix_row


def people(n: int, party: str, answer: str = "Sí") -> list[Person]:
    return [Person("diputacion-mr", party, "Mujer", dt.date(1990, 1, 1), {"indigena": answer})
            for _ in range(n)]  # fmt: skip


def test_cells_under_five_are_suppressed_never_shown() -> None:
    cells = {c.postulant: c for c in aggregate(people(6, "pan") + people(2, "mc")
                                                + people(9, "pri", "No"))}  # fmt: skip
    assert cells["pan"].count == 6
    assert cells["mc"].count is None and cells["mc"].suppressed
    assert "pri" not in cells  # nobody answered "Sí" there


def test_the_matrix_has_no_name_and_an_age_band() -> None:
    row = matrix_row(people(1, "pan")[0], dt.date(2027, 3, 1))
    assert row == {"cargo": "diputacion-mr", "postulante": "pan", "sexo": "Mujer",
                   "edad": "30-39", "indigena": "Sí"}  # fmt: skip
    assert age_band(dt.date(2000, 6, 2), dt.date(2027, 6, 1)) == "20-29"
