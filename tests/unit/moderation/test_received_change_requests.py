"""A change request received on paper or by e-mail, and the period requests are filed
in (000 §5.4, 001 §31-32, 002 §II.C, 003 §30, 004 §31): only the institute's
administration enters what reached the oficialía de partes or its e-mail, at a moment
that has come; the admin's own account files nothing otherwise; and after the last day
the election sets, a request is refused — counted by when the institute received it, in
its time zone."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from contracts.change_requests import ChangeRequestChannel, FileChangeRequest
from contracts.profile import InstituteProfile
from contracts.requests import Principal
from contracts.roles import Role
from services.capture.adapters.profile_files import shipped_profiles
from services.moderation.domain.errors import Forbidden, NotFound, Refused
from services.moderation.domain.once_per_candidacy import (
    check_may_enter_received,
    check_may_file,
    check_within_period,
    who_files,
)

MONTERREY = "America/Monterrey"
NOW = dt.datetime(2027, 4, 20, 17, 0, tzinfo=ZoneInfo(MONTERREY))


def principal(role: Role, election: str | None = "pel-2027") -> Principal:
    return Principal(account_id=f"{role}-1", role=role, election_id=election, party_id="pan")


def nuevo_leon() -> InstituteProfile:
    return shipped_profiles()["nuevo-leon"]


def test_the_admin_enters_a_request_received_at_the_oficialia_de_partes() -> None:
    received = NOW - dt.timedelta(days=1)
    check_may_enter_received(principal(Role.ADMIN), "pel-2027", received, NOW)
    check_may_enter_received(principal(Role.ADMIN, election=None), "pel-2027", received, NOW)


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.CAPTURIST, Role.PARTY_ADMIN])
def test_a_partys_account_does_not_enter_a_received_request(role: Role) -> None:
    with pytest.raises(Forbidden, match="Solo la administración del Instituto registra"):
        check_may_enter_received(principal(role), "pel-2027", NOW, NOW)


def test_another_elections_admin_does_not_find_the_candidacy() -> None:
    with pytest.raises(NotFound):
        check_may_enter_received(principal(Role.ADMIN, "otra-2027"), "pel-2027", NOW, NOW)


def test_a_request_received_in_the_future_is_refused() -> None:
    with pytest.raises(Refused, match="aún no llega"):
        check_may_enter_received(
            principal(Role.ADMIN), "pel-2027", NOW + dt.timedelta(hours=1), NOW
        )


def test_the_admin_filing_without_a_receipt_is_told_to_name_who_presented_it() -> None:
    with pytest.raises(Forbidden, match="diga quién la presentó, cómo llegó y cuándo"):
        check_may_file(
            principal(Role.ADMIN),
            nuevo_leon(),
            election_id="pel-2027",
            scope_id="pan",
            independent=False,
        )


def test_a_receipt_names_how_it_arrived_who_presented_it_and_a_moment_with_its_zone() -> None:
    order = FileChangeRequest.model_validate(
        {
            "candidacy_id": "F-PAN-1",
            "cambios": {"propuesta_2": "Texto"},
            "recepcion": {
                "via": "oficialia_de_partes",
                "presentada_por": "Laura Gómez, supervisora del PAN",
                "recibida_el": "2027-04-19T10:15:00-06:00",
            },
        }
    )
    assert order.recepcion is not None
    assert order.recepcion.via is ChangeRequestChannel.PARTY_OFFICE
    with pytest.raises(ValueError):
        FileChangeRequest.model_validate(
            {
                "candidacy_id": "F-PAN-1",
                "cambios": {"propuesta_2": "Texto"},
                "recepcion": {
                    "via": "fax",
                    "presentada_por": "Laura Gómez",
                    "recibida_el": "2027-04-19T10:15:00",  # no zone: refused
                },
            }
        )


def test_who_files_is_said_as_the_profile_names_it() -> None:
    assert "supervisión del partido" in who_files(nuevo_leon())
    assert "representación del partido" in who_files(shipped_profiles()["zacatecas"])


def test_without_a_period_a_request_is_filed_any_day() -> None:
    check_within_period(None, NOW + dt.timedelta(days=400), MONTERREY)


def test_a_request_is_filed_until_the_end_of_the_last_day_where_the_institute_is() -> None:
    last = dt.date(2027, 4, 30)
    just_in = dt.datetime(2027, 4, 30, 23, 59, tzinfo=ZoneInfo(MONTERREY))
    check_within_period(last, just_in, MONTERREY)
    # 00:30 on 1 May in Monterrey is still 30 April in Tijuana: the institute's zone counts.
    after = dt.datetime(2027, 5, 1, 0, 30, tzinfo=ZoneInfo(MONTERREY))
    with pytest.raises(Refused) as refused:
        check_within_period(last, after, MONTERREY)
    assert str(refused.value) == (
        "El plazo para presentar solicitudes de cambio terminó el viernes 30 de abril de "
        "2027: los lineamientos no admiten solicitudes después de ese día."
    )
    check_within_period(last, after, "America/Tijuana")
