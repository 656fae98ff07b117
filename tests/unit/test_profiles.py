"""The five institutes' profiles load, differ where their procedures differ, and a
malformed profile is refused with the field and the reason."""

from pathlib import Path

import pytest

from contracts.profile import CapturedBy, ChangeRequestMode, IneReplication, NonCompliantData
from services.capture.adapters.profile_files import ProfileRefused, load_profile, shipped_profiles

SEEDS = ["durango", "estado-de-mexico", "nuevo-leon", "tabasco", "zacatecas"]


def test_one_profile_per_seed_ships_and_loads() -> None:
    profiles = shipped_profiles()
    assert sorted(profiles) == SEEDS
    assert sorted(p.seed for p in profiles.values()) == ["000", "001", "002", "003", "004"]


def test_the_knobs_follow_each_procedure() -> None:
    p = shipped_profiles()
    assert p["nuevo-leon"].validation.non_compliant_data is NonCompliantData.ASK_INSTITUTE
    assert (
        p["estado-de-mexico"].validation.non_compliant_data is NonCompliantData.EDIT_THEN_VALIDATE
    )
    assert (
        p["nuevo-leon"].consent.institute_verifies and not p["tabasco"].consent.institute_verifies
    )
    assert p["durango"].capture.captured_by is CapturedBy.SUPERVISOR_PARTY_OR_CANDIDATE
    assert p["tabasco"].accounts.party_admin_accounts
    assert p["zacatecas"].accounts.credentials_delivery_days == 3
    assert p["zacatecas"].change_requests.mode is ChangeRequestMode.ENABLE_FIELDS
    assert p["durango"].publication.ine_replication is IneReplication.CONSENT_ONLY
    assert p["estado-de-mexico"].capture.bulk_preload
    assert p["durango"].validation.candidacies_edit_before_validation
    assert p["tabasco"].validation.candidacies_edit_before_validation
    assert not p["nuevo-leon"].validation.candidacies_edit_before_validation
    assert p["zacatecas"].validation.parties_ask_corrections
    assert p["zacatecas"].validation.supervisor_edit_warns_party
    assert {n for n, x in p.items() if x.accounts.candidacy_accounts} == {
        "estado-de-mexico",
        "zacatecas",
    }
    assert {n for n, x in p.items() if x.affirmative_action.identity_public} == {"estado-de-mexico"}
    # The analysis areas that work on the identity answers (001 §6, 002 §II.B.3, 003 §7, 004 §6).
    assert {n for n, x in p.items() if x.analysis.identity_data_matrix} == {
        "estado-de-mexico",
        "zacatecas",
        "durango",
        "tabasco",
    }
    assert all(profile.capture.window_days == 15 for profile in p.values())
    assert all(profile.capture.window_days_after_substitution == 5 for profile in p.values())


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


BASE = 'name = "prueba"\ninstitute = "Instituto"\nseed = "000"\ntime_zone = "America/Monterrey"\n'


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ('offices = ["Diputación local"]\n[capture]\nwindow_days = 0\n', "capture.window_days"),
        (
            'offices = ["Diputación local"]\n[capture]\ncaptured_by = "nadie"\n',
            "capture.captured_by",
        ),
        ('offices = ["Diputación local"]\n[consent]\nverifica = true\n', "consent.verifica"),
        ("offices = []\n", "offices"),
    ],
)
def test_a_malformed_profile_is_refused_naming_the_field(
    tmp_path: Path, extra: str, field: str
) -> None:
    with pytest.raises(ProfileRefused) as refused:
        load_profile(write(tmp_path, "prueba", BASE + extra))
    fields = [f for f, _ in refused.value.problems]
    assert field in fields
    assert all(reason for _, reason in refused.value.problems)


def test_a_profile_file_that_is_not_toml_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ProfileRefused, match="no es TOML válido"):
        load_profile(write(tmp_path, "roto", "name = "))
