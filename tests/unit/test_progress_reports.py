"""The analysis area's capture-progress reports (004 §48, Lineamientos art. 15 g): when
they are cut off — at least one in April and one in May, the final one within four months
of election day, none where the profile makes none — what they count from a known set of
candidacies, and the PDF and CSV a person downloads."""

import csv
import datetime as dt
import io
import re
from typing import Any

import pytest
from pypdf import PdfReader

from contracts.analysis import ReportKind
from contracts.capture import Calendar
from contracts.profile import Analysis
from services.capture.adapters.profile_files import shipped_profiles
from services.capture.adapters.progress_pdf import BAR, ReportPage, render_csv, render_pdf
from services.capture.demo import demo_config
from services.capture.domain.capture_figures import Counted, progress_figures
from services.capture.domain.one_chance import CaptureStatus
from services.capture.domain.report_schedule import due_cutoffs, scheduled_cutoffs
from tests.support.accounts import pdf_text

ZONE = "America/Mexico_City"
TABASCO_2024 = Calendar(publication_starts=dt.date(2024, 4, 15), election_day=dt.date(2024, 6, 2))
FULL = {"datos": 100, "contacto": 100}


def _months_after(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    return day.replace(year=day.year + month // 12, month=month % 12 + 1)


def test_reports_are_cut_off_in_april_in_may_and_within_four_months_of_election_day() -> None:
    cutoffs = scheduled_cutoffs(Analysis(progress_reports=True), TABASCO_2024, ZONE)
    local = [c.at.astimezone(dt.timezone(dt.timedelta(hours=-6))) for c in cutoffs]
    assert [c.kind for c in cutoffs] == [ReportKind.PERIODIC, ReportKind.PERIODIC, ReportKind.FINAL]
    # each at the midnight that ends its day, where the institute is
    assert [m.replace(tzinfo=None) for m in local] == [
        dt.datetime(2024, 5, 1),
        dt.datetime(2024, 6, 1),
        dt.datetime(2024, 7, 3),
    ]
    final_day = (local[2] - dt.timedelta(seconds=1)).date()
    assert TABASCO_2024.election_day is not None
    assert TABASCO_2024.election_day < final_day <= _months_after(TABASCO_2024.election_day, 4)


@pytest.mark.parametrize("election_day", [dt.date(2024, 6, 2), dt.date(2025, 11, 1)])
def test_the_longest_final_delay_the_profile_allows_stays_within_four_months(
    election_day: dt.date,
) -> None:
    analysis = Analysis(progress_reports=True, final_report_days=120)
    calendar = Calendar(publication_starts=election_day, election_day=election_day)
    final = scheduled_cutoffs(analysis, calendar, ZONE)[-1]
    day = (
        final.at.astimezone(dt.timezone(dt.timedelta(hours=-6))) - dt.timedelta(seconds=1)
    ).date()
    assert day <= _months_after(election_day, 4)


def test_no_profile_but_tabascos_makes_progress_reports() -> None:
    profiles = shipped_profiles()
    scheduling = {
        name
        for name, profile in profiles.items()
        if scheduled_cutoffs(profile.analysis, TABASCO_2024, profile.time_zone)
    }
    assert scheduling == {"tabasco"}


def test_a_cutoff_is_due_once_passed_and_not_once_made() -> None:
    cutoffs = scheduled_cutoffs(Analysis(progress_reports=True), TABASCO_2024, ZONE)
    april = cutoffs[0].at
    assert due_cutoffs(cutoffs, set(), april - dt.timedelta(seconds=1)) == []
    assert due_cutoffs(cutoffs, set(), april) == [cutoffs[0]]
    assert due_cutoffs(cutoffs, {april}, april + dt.timedelta(days=40)) == [cutoffs[1]]


def _one(
    kind: str, postulant: str | None, office: str, status: CaptureStatus, *, full: bool = True
) -> Counted:
    identity = {"identidad": 100} if full else None
    return Counted(kind, postulant, office, status, FULL if full else {"datos": 50}, identity)


KNOWN = [
    _one("partido", "pan", "diputacion-mr", CaptureStatus.VALIDATED),
    _one("partido", "pan", "diputacion-mr", CaptureStatus.SUBMITTED),
    _one("partido", "pan", "presidencia-municipal", CaptureStatus.DRAFT, full=False),
    _one("coalicion", "sigamos", "diputacion-mr", CaptureStatus.DRAFT),
    _one("independiente", None, "presidencia-municipal", CaptureStatus.VALIDATED),
]


def test_the_report_counts_each_postulant_and_office_with_percentages() -> None:
    figures = progress_figures(demo_config(), KNOWN)
    rows = {(r.postulant, r.office): r for r in figures.rows}
    pan_deputies = rows[("Partido Acción Nacional", "Diputación local de mayoría relativa")]
    assert (pan_deputies.candidacies, pan_deputies.submitted, pan_deputies.validated) == (2, 2, 1)
    assert pan_deputies.percentage("validated") == 50.0
    pan = next(p for p in figures.postulants if p.postulant == "Partido Acción Nacional")
    assert (pan.candidacies, pan.curricular, pan.identity) == (3, 2, 2)
    assert pan.percentage("curricular") == 66.7
    coalition = rows[("Sigamos Haciendo Historia", "Diputación local de mayoría relativa")]
    assert (coalition.curricular, coalition.submitted) == (1, 0)  # captured, not sent
    assert figures.postulants[-1].postulant == "Candidaturas independientes"  # last
    total = figures.total
    assert (total.candidacies, total.submitted, total.validated) == (5, 3, 2)


def _page() -> ReportPage:
    return ReportPage(
        institute="Instituto Electoral y de Participación Ciudadana de Tabasco",
        election="Proceso Electoral Local 2023-2024",
        title="Informe periódico",
        time_zone=ZONE,
        cutoff_at=dt.datetime(2024, 5, 1, 6, 0, tzinfo=dt.UTC),  # midnight in Tabasco
        made_at=dt.datetime(2024, 5, 1, 6, 1, tzinfo=dt.UTC),
        figures=progress_figures(demo_config(), KNOWN),
    )


def test_the_pdf_names_the_institute_and_says_the_cutoff_in_spanish() -> None:
    text = pdf_text(render_pdf(_page()))
    assert "Instituto Electoral y de Participación Ciudadana de Tabasco" in text
    assert "Informe periódico: avance en la captura de la información" in text
    assert "martes 30 de abril de 2024, 23:59 h (hora del centro de México)" in text
    assert "Validadas (% de las candidaturas)" in text  # a chart's heading
    assert "Partido Acción Nacional" in text and "Candidaturas independientes" in text


def test_the_csv_is_utf8_for_excel_and_neutralises_formulas() -> None:
    page = _page()
    hostile = demo_config().model_copy(
        update={
            "parties": [
                p.model_copy(update={"name": '=HYPERLINK("http://x")'}) if p.id == "pan" else p
                for p in demo_config().parties
            ]
        }
    )
    page = ReportPage(**{**page.__dict__, "figures": progress_figures(hostile, KNOWN)})
    body = render_csv(page)
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Corte", "Postulante", "Cargo", "Candidaturas"]
    assert "Validadas (%)" in rows[0]
    postulants = {row[1] for row in rows[1:]}
    assert '\'=HYPERLINK("http://x")' in postulants  # shown as text, never run
    assert "Total de la elección" in postulants


def fill_colours(page: Any) -> set[tuple[int, ...]]:
    """Every fill colour a PDF page sets (its ``r g b rg`` operators), as 0-255 values."""
    stream = page.get_contents().get_data().decode("latin-1")
    found = re.findall(r"([\d.]+) ([\d.]+) ([\d.]+) rg", stream)
    return {tuple(round(float(c) * 255) for c in rgb) for rgb in found}


def test_the_table_is_printed_on_white_not_in_the_bars_colour() -> None:
    """The bars' dark blue filled every cell of the table after them, and the figures could
    not be read; the charts' page has it, the table's does not."""
    charts, table = PdfReader(io.BytesIO(render_pdf(_page()))).pages[:2]
    assert BAR in fill_colours(charts)
    assert BAR not in fill_colours(table)
