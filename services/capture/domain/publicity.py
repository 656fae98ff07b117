"""What of a validated candidacy may be public now (DESIGN §4), and the consent that
decides it for identity answers.

Curricular answers marked public; the formula's public data (names, office, place,
postulant, sex; not the birth date, nor the affirmative action, which the projection
carries only where the profile shows its type, 002 §II.C); identity answers only where
the rules allow: an affirmative-action candidacy where the profile makes its identity
public without consent (001 §19), or express consent given, neither revoked nor
rejected since, and — where the profile requires it, for candidacies not under an
affirmative action (000 §3.9) — verified by the institute; where the institute keeps the
independents' consents (002 §II.B.3), an independent's document is recorded by it as
received and kept first. Answers meant for statistics never leave. The consent may be
revoked at any time via the supervisor (000 §5.5).
"""

from dataclasses import dataclass
from datetime import date, datetime
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
from services.capture.domain.formulas import Person, RegisteredFormula
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

    @property
    def rejected_last(self) -> bool:
        """The institute's latest word on the document is a rejection."""
        if self.rejected_at is None:
            return False
        return self.verified_at is None or self.rejected_at >= self.verified_at


def verification_required(
    profile: InstituteProfile, affirmative_action: str | None, *, independent: bool = False
) -> bool:
    """Whether the institute must act on the document before identity answers publish.

    Nuevo León verifies the consents of candidacies not under an affirmative action
    (000 §3.9: "una vez cargados los correspondientes consentimientos, serán verificados
    por la DOYEE, quien habilitará la publicación"). Zacatecas collects and keeps in its
    archive the consents of the independent candidacies that make their identity answers
    public (002 §I.A.1.XII and §II.B.3: "La DEOEPP, recabará y resguardará en su archivo
    el consentimiento … de las Candidaturas Independientes"): an independent's document
    goes to the institute's consent queue too, and its identity answers wait until the
    institute records it as received and kept — with or without an affirmative action,
    since Zacatecas exempts none from consent (it only shows the action's type, 002 §II.C).
    A party candidacy in Zacatecas keeps its consent with its party (002 §II.B.3) and needs
    no act of the institute."""
    if independent and profile.consent.institute_keeps_independents_consent:
        return True
    return profile.consent.institute_verifies and affirmative_action is None


def institute_keeps(profile: InstituteProfile, *, independent: bool) -> bool:
    """The institute receives and keeps this document rather than verifying it (002 §II.B.3)."""
    return independent and profile.consent.institute_keeps_independents_consent


def identity_public_by_consent(
    profile: InstituteProfile,
    affirmative_action: str | None,
    consent: ConsentState,
    *,
    independent: bool = False,
) -> bool:
    """Express consent given, neither revoked nor rejected since, and verified (or kept)
    by the institute where the profile requires it (000 §3.9, 002 §II.B.3). What INE may
    receive where it takes identity answers only by consent (003 §28)."""
    if consent.uploaded_at is None or consent.revoked_at is not None or consent.rejected_last:
        return False
    return consent.verified_at is not None or not verification_required(
        profile, affirmative_action, independent=independent
    )


def identity_may_be_public(
    profile: InstituteProfile,
    affirmative_action: str | None,
    consent: ConsentState,
    *,
    independent: bool = False,
) -> bool:
    """By consent, or as an affirmative action where the profile makes its identity
    public without it (001 §19)."""
    if affirmative_action is not None and profile.affirmative_action.identity_public:
        return True
    return identity_public_by_consent(profile, affirmative_action, consent, independent=independent)


def consent_needs_verification(
    profile: InstituteProfile,
    affirmative_action: str | None,
    consent: ConsentState,
    *,
    independent: bool = False,
) -> bool:
    """A document uploaded and not verified yet, where the institute acts on it."""
    return bool(
        consent.uploaded_at
        and consent.verified_at is None
        and verification_required(profile, affirmative_action, independent=independent)
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


def age_on(birth_date: date, on: date) -> int:
    """Whole years lived on ``on`` (reference §2.1: the age shown is the person's, never
    the birth date): one more on each birthday; someone born on 29 February turns a year
    older on 1 March in a common year."""
    had_birthday = (on.month, on.day) >= (birth_date.month, birth_date.day)
    return on.year - birth_date.year - (0 if had_birthday else 1)


def _person(person: Person, on: date) -> PublicPerson:
    return PublicPerson(
        names=person.names,
        first_surname=person.first_surname,
        second_surname=person.second_surname,
        nickname=person.nickname,
        sex=person.sex.value,
        age=age_on(person.birth_date, on),
    )


def public_formula(formula: RegisteredFormula, on: date) -> PublicFormula:
    """The registry's public data of the formula, ages counted on ``on``."""
    return PublicFormula(
        key=formula.key,
        office=formula.office,
        district=formula.district,
        municipality=formula.municipality,
        list_position=formula.list_position,
        postulant_kind=formula.postulant_kind.value,
        postulant=formula.postulant,
        status=formula.status.value,
        owner=_person(formula.owner, on),
        alternate=_person(formula.alternate, on) if formula.alternate else None,
    )


def public_curricular(answers: dict[str, Any]) -> PublicCurricular:
    return PublicCurricular.model_validate(
        {k: v for k, v in answers.items() if k in CURRICULAR_PUBLIC}
    )


def public_identity(answers: dict[str, Any]) -> PublicIdentity:
    return PublicIdentity.model_validate(
        {k: v for k, v in answers.items() if k in IDENTITY_PUBLIC and v != NOT_APPLICABLE}
    )
