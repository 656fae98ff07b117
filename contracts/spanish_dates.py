"""Dates and moments as a person in Mexico reads them, in the institute's time zone.

Every date a user reads — on a page, in a notice, in a refusal, on a document — is said
here, so that they all read the same: «miércoles 16 de diciembre de 2026», «16/12/2026
23:59 h». A moment is stored in UTC and shown where the institute is.
"""

import datetime as dt
from zoneinfo import ZoneInfo

DEFAULT_TIME_ZONE = "America/Mexico_City"
"""Where a moment is shown when nothing says where the institute is yet."""

MONTHS = (
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
)
WEEKDAYS = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")
ZONE_NAMES = {
    "America/Mexico_City": "hora del centro de México",
    "America/Monterrey": "hora del centro de México",
    "America/Merida": "hora del centro de México",
    "America/Matamoros": "hora del centro de México",
    "America/Chihuahua": "hora de Chihuahua",
    "America/Mazatlan": "hora del Pacífico",
    "America/Hermosillo": "hora de Sonora",
    "America/Tijuana": "hora del noroeste",
    "America/Cancun": "hora del sureste",
}


def zone_name(time_zone: str) -> str:
    """How a person calls the time where the institute is (the IANA name otherwise)."""
    return ZONE_NAMES.get(time_zone, f"hora de {time_zone}")


def long_date(day: dt.date) -> str:
    """«miércoles 16 de diciembre de 2026»."""
    return f"{WEEKDAYS[day.weekday()]} {day.day} de {MONTHS[day.month - 1]} de {day.year}"


def local(moment: dt.datetime, time_zone: str) -> dt.datetime:
    return moment.astimezone(ZoneInfo(time_zone))


def short_moment(moment: dt.datetime, time_zone: str) -> str:
    """«16/12/2026 23:59 h», where the institute is."""
    return f"{local(moment, time_zone):%d/%m/%Y %H:%M} h"


def last_day_before(moment: dt.datetime, time_zone: str) -> dt.date:
    """The day that ends at ``moment``: a window closing at midnight closes at the end of
    the day before, and that is the day a person is told."""
    return (local(moment, time_zone) - dt.timedelta(microseconds=1)).date()


def as_told(moment: dt.datetime, time_zone: str) -> dt.datetime:
    """The moment as a person is told it, where the institute is: a cut-off at midnight
    is the end of the day before, told as that day's 23:59."""
    shown = local(moment, time_zone)
    if shown.timetz().replace(tzinfo=None) == dt.time():
        return shown - dt.timedelta(minutes=1)
    return shown


def cutoff_moment(moment: dt.datetime, time_zone: str) -> str:
    """«30/04/2027 23:59 h» for a cut-off at the midnight that ends 30 April."""
    return f"{as_told(moment, time_zone):%d/%m/%Y %H:%M} h"
