"""What of a validated candidacy may be public now (DESIGN §4).

Curricular answers marked public; the formula's public data (names, office, place,
postulant, sex; not the birth date); identity answers only where the rules allow: an
affirmative-action candidacy where the profile makes its identity public (000 §3.9,
001 §19), or express consent given, not revoked, and — where the profile requires it —
verified by the institute (000 §3.9). Answers meant for statistics never leave.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from contracts.profile import InstituteProfile
from contracts.questionnaires import CURRICULAR, IDENTITY, NOT_APPLICABLE, Publicity

FORMULA_PUBLIC = (
    "key",
    "office",
    "district",
    "municipality",
    "list_position",
    "postulant_kind",
    "postulant",
    "affirmative_action",
    "status",
)
PERSON_PUBLIC = ("names", "first_surname", "second_surname", "nickname", "sex")


@dataclass(frozen=True)
class ConsentState:
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


def _person(person: dict[str, Any] | None) -> dict[str, Any] | None:
    return None if person is None else {k: person.get(k) for k in PERSON_PUBLIC}


def public_formula(formula: dict[str, Any]) -> dict[str, Any]:
    public = {k: formula.get(k) for k in FORMULA_PUBLIC}
    public["owner"] = _person(formula.get("owner"))
    public["alternate"] = _person(formula.get("alternate"))
    return public


def public_curricular(answers: dict[str, Any]) -> dict[str, Any]:
    public = {f.name for f in CURRICULAR.fields if f.publicity is Publicity.PUBLIC}
    return {k: v for k, v in answers.items() if k in public}


def public_identity(answers: dict[str, Any]) -> dict[str, Any]:
    public = {f.name for f in IDENTITY.fields if f.publicity is Publicity.IF_CONSENTED}
    return {k: v for k, v in answers.items() if k in public and v != NOT_APPLICABLE}
