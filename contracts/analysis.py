"""The analysis area's shapes (004 §4.V, §45-48): the capture-progress reports capture
makes at each cut-off (periodic, final, or on demand), kept as made, and their downloads.
"""

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, Field

from contracts.form_input import FilledByForm


class ReportKind(StrEnum):
    PERIODIC = "periodico"  # at least one in April and one in May (004 §48, art. 15 g)
    FINAL = "final"  # within four months after election day (004 §48)
    ON_DEMAND = "a_peticion"  # made when the admin or the analysis area asks


REPORT_KIND_LABEL: dict[ReportKind, str] = {
    ReportKind.PERIODIC: "Informe periódico",
    ReportKind.FINAL: "Informe final",
    ReportKind.ON_DEMAND: "Informe a petición",
}


class ReportFormat(StrEnum):
    CSV = "csv"
    PDF = "pdf"


class ScheduledCutoff(BaseModel):
    kind: ReportKind
    cutoff_at: dt.datetime = Field(description="The moment the report counts up to.")
    made: bool = Field(description="Whether its report was already made.")


class ProgressReportSummary(BaseModel):
    report_id: str
    election_id: str
    kind: ReportKind
    cutoff_at: dt.datetime
    made_at: dt.datetime
    made_by: str | None = Field(description="The account that asked for it; None: the timer.")
    candidacies: int
    validated: int


class ProgressReports(BaseModel):
    election_id: str
    periodic: bool = Field(description="Whether the profile makes reports at cut-offs.")
    matrix: bool = Field(description="Whether the profile has the identity data matrix.")
    scheduled: list[ScheduledCutoff]
    reports: list[ProgressReportSummary] = Field(description="The newest first.")


class ReportRequest(FilledByForm):
    """An on-demand report of the election, cut off when it is made."""

    election_id: str = Field(min_length=1, max_length=60)


class ReportDownload(FilledByForm):
    report_id: str = Field(min_length=1, max_length=80)
    formato: ReportFormat
