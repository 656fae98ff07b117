"""What of a validated candidacy may be public now (DESIGN §4), and the consent that
decides it for identity answers.

Curricular answers marked public; the formula's public data (names, office, place,
postulant, sex; not the birth date); identity answers only where the rules allow: an
affirmative-action candidacy where the profile makes its identity public (000 §3.9,
001 §19), or express consent given, not revoked, and — where the profile requires it —
verified by the institute (000 §3.9). Answers meant for statistics never leave. The
consent may be revoked at any time via the supervisor (000 §5.5).
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from contracts.events.capture import (
    PublicCurricular,
    PublicFormula,
    PublicIdentity,
    PublicPerson,
)
from contracts.profile import InstituteProfile
from contracts.questionnaires import CURRICULAR, IDENTITY, NOT_APPLICABLE, Publicity
from contracts.requests import Principal
from contracts.roles import Role
from services.capture.domain.errors import Forbidden, Refused
from services.capture.domain.registry_rows import Person, RegisteredFormula
from services.capture.domain.scope import CandidacyScope

CURRICULAR_PUBLIC = frozenset(f.name for f in CURRICULAR.fields if f.publicity is Publicity.PUBLIC)
IDENTITY_PUBLIC = frozenset(
    f.name for f in IDENTITY.fields if f.publicity is Publicity.IF_CONSENTED
)


@dataclass(frozen=True)
class ConsentState:
    document_sha256: str | None = None
    uploaded_at: datetime | None = None
    verified_at: datetime | None = None
    rejected_at: datetime | None = None
    revoked_at: datetime | None = None


def identity_may_be_public(
    profile: InstituteProfile, affirmative_action: str | None, consent: ConsentState
) -> bool:
    if affirmative_action is not None and profile.affirmative_action.identity_public:
        return True
    if consent.uploaded_at is None or consent.revoked_at is not None:
        return False
    if consent.rejected_at is not None and consent.verified_at is None:
        return False
    return consent.verified_at is not None or not profile.consent.institute_verifies


def consent_needs_verification(profile: InstituteProfile, consent: ConsentState) -> bool:
    """A document uploaded and not verified yet, where the institute verifies (000 §3.9)."""
    return bool(
        consent.uploaded_at and consent.verified_at is None and profile.consent.institute_verifies
    )


def check_may_revoke(
    principal: Principal, candidacy: CandidacyScope, profile: InstituteProfile
) -> None:
    """Revocation is presented by the party's supervisor, or by the independent itself."""
    independent = candidacy.capturing_party is None and principal.role == Role.INDEPENDENT
    if principal.role != Role.SUPERVISOR and not independent:
        raise Forbidden("La revocación se presenta por la supervisión.")
    if not profile.consent.revocable:
        raise Refused("Este proceso no prevé revocar el consentimiento.")


def _person(person: Person) -> PublicPerson:
    return PublicPerson(
        names=person.names,
        first_surname=person.first_surname,
        second_surname=person.second_surname,
        nickname=person.nickname,
        sex=person.sex.value,
    )


def public_formula(formula: RegisteredFormula) -> PublicFormula:
    return PublicFormula(
        key=formula.key,
        office=formula.office,
        district=formula.district,
        municipality=formula.municipality,
        list_position=formula.list_position,
        postulant_kind=formula.postulant_kind.value,
        postulant=formula.postulant,
        affirmative_action=formula.affirmative_action,
        status=formula.status.value,
        owner=_person(formula.owner),
        alternate=_person(formula.alternate) if formula.alternate else None,
    )


def public_curricular(answers: dict[str, Any]) -> PublicCurricular:
    return PublicCurricular.model_validate(
        {k: v for k, v in answers.items() if k in CURRICULAR_PUBLIC}
    )


def public_identity(answers: dict[str, Any]) -> PublicIdentity:
    return PublicIdentity.model_validate(
        {k: v for k, v in answers.items() if k in IDENTITY_PUBLIC and v != NOT_APPLICABLE}
    )
