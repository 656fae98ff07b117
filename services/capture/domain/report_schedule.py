"""When an election's capture-progress reports are cut off (004 §48, Lineamientos art.
15 g): «cuando menos uno en abril y uno en mayo» of the election year — at the end of each
month's last day — and the final one «en un plazo de cuatro (4) meses posteriores a la
Jornada Electoral», at the end of election day plus the profile's days. The months and
the days are knobs (``analysis.progress_report_months``, ``final_report_days``); where the
profile makes no progress reports, there is no schedule. A cut-off is the midnight that
ends its day where the institute is."""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from contracts.analysis import ReportKind
from contracts.capture import Calendar
from contracts.profile import Analysis


@dataclass(frozen=True)
class Cutoff:
    kind: ReportKind
    at: dt.datetime  # aware, in UTC


def _end_of(day: dt.date, zone: ZoneInfo) -> dt.datetime:
    """The midnight that ends ``day`` where the institute is, in UTC."""
    following = day + dt.timedelta(days=1)
    return dt.datetime.combine(following, dt.time(), zone).astimezone(dt.UTC)


def _last_day_of(year: int, month: int) -> dt.date:
    first_of_next = dt.date(year + month // 12, month % 12 + 1, 1)
    return first_of_next - dt.timedelta(days=1)


def scheduled_cutoffs(analysis: Analysis, calendar: Calendar, time_zone: str) -> list[Cutoff]:
    """The election's cut-offs in order; none where the profile makes no reports. The
    election year is election day's (else the year publication starts); without an
    election day there is no final report yet."""
    if not analysis.progress_reports:
        return []
    zone = ZoneInfo(time_zone)
    election_day = calendar.election_day
    year = (election_day or calendar.publication_starts).year
    cutoffs = [
        Cutoff(ReportKind.PERIODIC, _end_of(_last_day_of(year, month), zone))
        for month in sorted(set(analysis.progress_report_months))
    ]
    if election_day is not None:
        final_day = election_day + dt.timedelta(days=analysis.final_report_days)
        cutoffs.append(Cutoff(ReportKind.FINAL, _end_of(final_day, zone)))
    return sorted(cutoffs, key=lambda c: c.at)


def due_cutoffs(cutoffs: list[Cutoff], made: set[dt.datetime], now: dt.datetime) -> list[Cutoff]:
    """The cut-offs passed whose report is not made yet."""
    return [c for c in cutoffs if c.at <= now and c.at not in made]
