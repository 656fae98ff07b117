"""The rules of a change request (000 §5.4, 001 §31-32, 002 §II.C): when it is due —
across a weekend, a Mexican holiday and an election's non-working day, where the
institute is —, who files it under each profile, once, for public curricular fields
only; and how long the enabled fields stay open."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from contracts.business_days import next_business_day_closes
from contracts.change_requests import ChangeRequestStatus
from contracts.profile import (
    ChangeRequestDeadline,
    ChangeRequestFiler,
    ChangeRequestMode,
    InstituteProfile,
)
from contracts.requests import Principal
from contracts.roles import OutOfScope, Role
from services.capture.adapters.profile_files import shipped_profiles
from services.capture.domain.amendments import window_closes
from services.moderation.domain.errors import Forbidden, Refused
from services.moderation.domain.once_per_candidacy import (
    approved_changes,
    check_changes,
    check_may_file,
    check_once,
    is_overdue,
)

MONTERREY, TIJUANA = "America/Monterrey", "America/Tijuana"
PROPOSAL = "Propongo una red de bibliotecas abiertas en fin de semana. " * 8


def local(day: str, hour: int, zone: str, minute: int = 0) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(hour=hour, minute=minute, tzinfo=ZoneInfo(zone))


def due_day(filed: dt.datetime, zone: str, non_working: list[dt.date] | None = None) -> dt.date:
    """The last local day the decision may take (the due moment is that day's midnight)."""
    due = next_business_day_closes(filed, zone, non_working or [])
    return (due.astimezone(ZoneInfo(zone)) - dt.timedelta(seconds=1)).date()


def test_a_request_filed_on_friday_is_due_after_the_weekend_and_the_holiday() -> None:
    # Friday 12 March 2027; Monday 15 is Benito Juárez's day (third Monday of March).
    assert due_day(local("2027-03-12", 10, MONTERREY), MONTERREY) == dt.date(2027, 3, 16)


def test_a_request_filed_on_wednesday_is_due_on_thursday() -> None:
    assert due_day(local("2027-03-17", 9, MONTERREY), MONTERREY) == dt.date(2027, 3, 18)


def test_the_elections_non_working_days_are_skipped_too() -> None:
    filed = local("2027-03-17", 9, MONTERREY)
    assert due_day(filed, MONTERREY, [dt.date(2027, 3, 18)]) == dt.date(2027, 3, 19)
    assert due_day(filed, MONTERREY, [dt.date(2027, 3, 18), dt.date(2027, 3, 19)]) == dt.date(
        2027, 3, 22
    )


def test_the_due_day_is_counted_where_the_institute_is() -> None:
    # 22:30 on Thursday in Tijuana is already Friday in UTC: Tijuana's Thursday decides.
    filed = local("2027-03-18", 22, TIJUANA, minute=30)
    assert filed.astimezone(dt.UTC).date() == dt.date(2027, 3, 19)
    assert due_day(filed, TIJUANA) == dt.date(2027, 3, 19)
    due = next_business_day_closes(filed, TIJUANA)
    assert due == local("2027-03-20", 0, TIJUANA).astimezone(dt.UTC)


def test_a_request_is_overdue_only_while_undecided_past_its_due() -> None:
    due = local("2027-03-19", 0, MONTERREY)
    later = due + dt.timedelta(minutes=1)
    assert is_overdue(ChangeRequestStatus.FILED, due, later)
    assert not is_overdue(ChangeRequestStatus.FILED, due, due - dt.timedelta(minutes=1))
    assert not is_overdue(ChangeRequestStatus.APPROVED, due, later)


def profile(filer: ChangeRequestFiler) -> InstituteProfile:
    profiles = shipped_profiles()
    name = "zacatecas" if filer is ChangeRequestFiler.REPRESENTATION else "nuevo-leon"
    chosen = profiles[name]
    assert chosen.change_requests.filed_by is filer
    return chosen


def principal(role: Role, party: str | None = "pan", candidacy: str | None = None) -> Principal:
    return Principal(
        account_id=f"{role}-1",
        role=role,
        election_id="pel-2027",
        party_id=party,
        candidacy_id=candidacy,
    )


def files(who: Principal, filer: ChangeRequestFiler, *, independent: bool = False) -> bool:
    scope = "F-IND-1" if independent else "pan"
    try:
        check_may_file(
            who, profile(filer), election_id="pel-2027", scope_id=scope, independent=independent
        )
    except Forbidden:
        return False
    return True


def test_the_supervisor_files_where_the_procedure_says_so_and_the_capture_account_does_not() -> (
    None
):
    assert files(principal(Role.SUPERVISOR), ChangeRequestFiler.SUPERVISOR)
    assert not files(principal(Role.CAPTURIST), ChangeRequestFiler.SUPERVISOR)
    assert not files(principal(Role.CANDIDATE, candidacy="F-PAN-1"), ChangeRequestFiler.SUPERVISOR)


def test_in_zacatecas_the_partys_representation_files_not_the_supervisor() -> None:
    assert files(principal(Role.CAPTURIST), ChangeRequestFiler.REPRESENTATION)
    assert files(principal(Role.PARTY_ADMIN), ChangeRequestFiler.REPRESENTATION)
    assert not files(principal(Role.SUPERVISOR), ChangeRequestFiler.REPRESENTATION)


@pytest.mark.parametrize("filer", list(ChangeRequestFiler))
def test_an_independent_files_directly_under_every_profile(filer: ChangeRequestFiler) -> None:
    own = principal(Role.INDEPENDENT, party="F-IND-1", candidacy="F-IND-1")
    assert files(own, filer, independent=True)


def test_another_partys_liaison_is_out_of_scope() -> None:
    with pytest.raises(OutOfScope):
        files(principal(Role.SUPERVISOR, party="prd"), ChangeRequestFiler.SUPERVISOR)


def test_a_second_request_is_refused_with_the_date_of_the_first() -> None:
    check_once(None, MONTERREY)
    with pytest.raises(Refused, match=r"el viernes 12 de marzo de 2027.*por única ocasión"):
        check_once(local("2027-03-12", 10, MONTERREY), MONTERREY)


def test_the_private_e_mail_and_statistics_answers_are_not_changed_by_a_request() -> None:
    for field in ("correo_aclaraciones", "nivel_ingresos", "no_existe"):
        with pytest.raises(Refused, match="campos que pueden publicarse"):
            check_changes({field: "Sí"}, ChangeRequestMode.ADMIN_APPLIES)
    check_changes(
        {"propuesta_1": PROPOSAL, "grado_maximo_estudios": "Licenciatura"},
        ChangeRequestMode.ADMIN_APPLIES,
    )


@pytest.mark.parametrize("mode", list(ChangeRequestMode))
def test_an_identity_answer_is_named_without_its_answer_in_any_mode(
    mode: ChangeRequestMode,
) -> None:
    check_changes({"indigena": "", "suplente.migrante": ""}, mode)
    with pytest.raises(Refused, match="no escriba la respuesta"):
        check_changes({"indigena": "Sí"}, mode)


def test_the_photo_comes_with_the_request_only_where_the_institute_applies_it() -> None:
    new_photo = "0a" * 32
    check_changes({"fotografia": new_photo}, ChangeRequestMode.ADMIN_APPLIES)
    with pytest.raises(Refused, match="suba la fotografía nueva con la solicitud"):
        check_changes({"fotografia": ""}, ChangeRequestMode.ADMIN_APPLIES)
    check_changes({"fotografia": ""}, ChangeRequestMode.ENABLE_FIELDS)
    with pytest.raises(Refused, match="se sube cuando el Instituto habilite el campo"):
        check_changes({"fotografia": new_photo}, ChangeRequestMode.ENABLE_FIELDS)


def test_the_new_text_is_held_to_the_fields_limits() -> None:
    with pytest.raises(Refused, match="al menos 280 caracteres"):
        check_changes({"propuesta_1": "Muy corta."}, ChangeRequestMode.ADMIN_APPLIES)
    with pytest.raises(Refused, match="elija una de sus opciones"):
        check_changes(
            {"grado_maximo_estudios": "Doctorado honoris causa"}, ChangeRequestMode.ADMIN_APPLIES
        )


def test_the_admin_applies_its_edit_only_where_the_institute_applies_the_change() -> None:
    asked = {"propuesta_1": PROPOSAL}
    edited = {"propuesta_1": PROPOSAL.upper()}
    assert approved_changes(ChangeRequestMode.ADMIN_APPLIES, asked, None) == asked
    assert approved_changes(ChangeRequestMode.ADMIN_APPLIES, asked, edited) == edited
    with pytest.raises(Refused, match="Solo se aplican los campos que nombra"):
        approved_changes(ChangeRequestMode.ADMIN_APPLIES, asked, {"propuesta_2": PROPOSAL})
    assert approved_changes(ChangeRequestMode.ENABLE_FIELDS, asked, None) == {}
    with pytest.raises(Refused, match="el partido captura el texto"):
        approved_changes(ChangeRequestMode.ENABLE_FIELDS, asked, edited)


def test_enabled_fields_stay_open_24_hours_or_until_the_next_business_day_ends() -> None:
    opened = local("2027-03-12", 10, MONTERREY)  # a Friday, before the Monday holiday
    assert window_closes(opened, ChangeRequestDeadline.HOURS_24, MONTERREY) == (
        opened + dt.timedelta(hours=24)
    )
    closes = window_closes(opened, ChangeRequestDeadline.NEXT_BUSINESS_DAY, MONTERREY)
    assert closes == local("2027-03-17", 0, MONTERREY)  # 001 §32: the end of Tuesday 16


def test_each_shipped_profile_names_its_mode_and_its_filer() -> None:
    knobs = {
        name: (p.change_requests.mode, p.change_requests.filed_by, p.change_requests.deadline)
        for name, p in shipped_profiles().items()
    }
    applies, enables = ChangeRequestMode.ADMIN_APPLIES, ChangeRequestMode.ENABLE_FIELDS
    supervisor, representation = ChangeRequestFiler.SUPERVISOR, ChangeRequestFiler.REPRESENTATION
    next_day, hours = ChangeRequestDeadline.NEXT_BUSINESS_DAY, ChangeRequestDeadline.HOURS_24
    assert knobs == {
        "nuevo-leon": (applies, supervisor, next_day),  # 000 §5.4
        "estado-de-mexico": (enables, supervisor, next_day),  # 001 §31-32
        "zacatecas": (enables, representation, hours),  # 002 §II.C
        "durango": (applies, supervisor, next_day),  # 003 §30
        "tabasco": (applies, supervisor, next_day),  # 004 §31
    }
