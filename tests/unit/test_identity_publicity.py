"""Whose identity answers may be public, under each of the five shipped profiles: an
affirmative-action candidacy without consent only in Estado de México (001 §19);
Nuevo León verifies consents except an affirmative-action candidacy's (000 §3.9); a
revocation or a rejection after a verification takes them back."""

from datetime import UTC, datetime, timedelta

import pytest

from contracts.requests import Principal
from contracts.roles import Role
from services.capture.adapters.profile_files import shipped_profile
from services.capture.domain.errors import Refused
from services.capture.domain.publicity import (
    ConsentState,
    check_may_revoke,
    consent_needs_verification,
    identity_may_be_public,
)
from services.capture.domain.scope import CandidacyScope

T0 = datetime(2027, 3, 1, 12, tzinfo=UTC)
NONE = ConsentState()
UPLOADED = ConsentState(document_sha256="ab" * 32, uploaded_at=T0)
VERIFIED = ConsentState(document_sha256="ab" * 32, uploaded_at=T0, verified_at=T0)
REVOKED_AFTER = ConsentState(
    document_sha256="ab" * 32, uploaded_at=T0, verified_at=T0, revoked_at=T0 + timedelta(days=1)
)
REJECTED_AFTER = ConsentState(
    document_sha256="ab" * 32, uploaded_at=T0, verified_at=T0, rejected_at=T0 + timedelta(days=1)
)
VERIFIED_AFTER_REJECTION = ConsentState(
    document_sha256="ab" * 32, uploaded_at=T0, rejected_at=T0, verified_at=T0 + timedelta(days=1)
)
AA = "indigena"


@pytest.mark.parametrize(
    ("profile", "public_without_consent"),
    [
        ("estado-de-mexico", True),
        ("nuevo-leon", False),
        ("zacatecas", False),
        ("durango", False),
        ("tabasco", False),
    ],
)
def test_an_affirmative_action_is_public_without_consent_only_where_the_seed_says(
    profile: str, public_without_consent: bool
) -> None:
    rules = shipped_profile(profile)
    assert identity_may_be_public(rules, AA, NONE) is public_without_consent
    assert identity_may_be_public(rules, None, NONE) is False  # nobody else, anywhere


@pytest.mark.parametrize("profile", ["zacatecas", "durango", "tabasco", "estado-de-mexico"])
def test_where_the_institute_does_not_verify_an_uploaded_consent_suffices(profile: str) -> None:
    rules = shipped_profile(profile)
    assert identity_may_be_public(rules, None, UPLOADED)
    assert not consent_needs_verification(rules, None, UPLOADED)


def test_nuevo_leon_verifies_every_consent_but_an_affirmative_actions() -> None:
    rules = shipped_profile("nuevo-leon")
    assert not identity_may_be_public(rules, None, UPLOADED)
    assert consent_needs_verification(rules, None, UPLOADED)
    assert identity_may_be_public(rules, None, VERIFIED)
    assert identity_may_be_public(rules, AA, UPLOADED)  # exempt from the verification
    assert not consent_needs_verification(rules, AA, UPLOADED)
    assert not identity_may_be_public(rules, AA, NONE)  # but not from consent itself


@pytest.mark.parametrize("profile", ["nuevo-leon", "zacatecas", "durango", "tabasco"])
@pytest.mark.parametrize("action", [None, AA])
def test_a_revocation_or_a_rejection_after_a_verification_takes_the_answers_back(
    profile: str, action: str | None
) -> None:
    rules = shipped_profile(profile)
    assert identity_may_be_public(rules, action, VERIFIED)
    assert not identity_may_be_public(rules, action, REVOKED_AFTER)
    assert not identity_may_be_public(rules, action, REJECTED_AFTER)
    assert identity_may_be_public(rules, action, VERIFIED_AFTER_REJECTION)  # the latest word


def test_in_estado_de_mexico_an_affirmative_actions_answers_stay_public_whatever_the_consent() -> (
    None
):
    rules = shipped_profile("estado-de-mexico")
    assert identity_may_be_public(rules, AA, REVOKED_AFTER)
    assert not identity_may_be_public(rules, None, REVOKED_AFTER)


@pytest.mark.parametrize("action", [None, AA])
def test_zacatecas_receives_and_keeps_an_independents_consent_before_it_publishes(
    action: str | None,
) -> None:
    """002 §II.B.3: the institute collects and keeps the independents' consents; a party
    candidacy's stays with its party."""
    rules = shipped_profile("zacatecas")
    assert not identity_may_be_public(rules, action, UPLOADED, independent=True)
    assert consent_needs_verification(rules, action, UPLOADED, independent=True)
    assert identity_may_be_public(rules, action, VERIFIED, independent=True)
    assert identity_may_be_public(rules, action, UPLOADED, independent=False)
    assert not consent_needs_verification(rules, action, UPLOADED, independent=False)


@pytest.mark.parametrize("profile", ["nuevo-leon", "estado-de-mexico", "durango", "tabasco"])
def test_elsewhere_an_independent_is_treated_as_any_candidacy(profile: str) -> None:
    rules = shipped_profile(profile)
    for action in (None, AA):
        assert consent_needs_verification(
            rules, action, UPLOADED, independent=True
        ) is consent_needs_verification(rules, action, UPLOADED)


@pytest.mark.parametrize("revocable", [True, False])
def test_a_revocation_is_refused_only_where_the_profile_gives_none(revocable: bool) -> None:
    """Every shipped profile lets the supervision revoke a consent (000 §5.5); a profile
    that gave no revocation would refuse it with its reason."""
    base = shipped_profile("nuevo-leon")
    consent = base.consent.model_copy(update={"revocable": revocable})
    profile = base.model_copy(update={"consent": consent})
    supervisor = Principal(
        account_id="s", role=Role.SUPERVISOR, election_id="pel-2027", party_id="pan"
    )
    scope = CandidacyScope(candidacy_id="F-PAN-1", election_id="pel-2027", capturing_party="pan")
    if revocable:
        check_may_revoke(supervisor, scope, profile)
    else:
        with pytest.raises(Refused, match="no prevé revocar el consentimiento"):
            check_may_revoke(supervisor, scope, profile)
