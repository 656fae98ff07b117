"""One chance to submit (000 §3.16): where a candidacy's questionnaires stand, and who
may still change them.

Draft → submitted → validated. Once submitted, the capturing account cannot edit. Then
the party's supervisor edits and validates, or — where the profile says so (000 §4.3) —
asks the institute to correct instead of editing; independents validate their own
(001 §27). A substituted or cancelled candidacy changes no more. Who may validate is
``domain/validation.py``.
"""

from enum import StrEnum

from contracts.capture import SubmitPreview
from contracts.events.capture import Person
from contracts.profile import InstituteProfile, NonCompliantData
from contracts.requests import Principal
from contracts.roles import Role
from services.capture.domain.errors import Refused
from services.capture.domain.formulas import RegisteredFormula, Status
from services.capture.domain.scope import CandidacyScope

ONE_CHANCE = "Los cuestionarios ya se enviaron: hay una sola oportunidad de envío."  # 000 §3.16
WITHDRAWN = "La candidatura fue sustituida o cancelada."


CAPTURING = frozenset({Role.CAPTURIST, Role.CANDIDATE})
"""The accounts a party candidacy captures with (its party's capture, or its own)."""


class CaptureStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    VALIDATED = "validated"


def check_live(status: Status) -> None:
    """A substituted or cancelled candidacy (000 §3.14) is no longer captured."""
    if status is not Status.REGISTERED:
        raise Refused(WITHDRAWN)


def check_may_edit(
    status: CaptureStatus,
    principal: Principal,
    profile: InstituteProfile,
    candidacy: CandidacyScope,
) -> None:
    if status is CaptureStatus.VALIDATED:
        raise Refused("Los cuestionarios ya se validaron; solo una solicitud de cambio los reabre.")
    if principal.role == Role.VALIDATOR:
        raise Refused("La validación no edita los cuestionarios: los valida o no.")
    if status is CaptureStatus.DRAFT:
        return
    if candidacy.capturing_party is None and principal.role == Role.INDEPENDENT:
        return  # an independent reviews its own before validating (003 §26)
    if principal.role in CAPTURING and profile.validation.candidacies_edit_before_validation:
        return  # every candidacy edits within the validation profile (003 §26, 004 §27)
    if principal.role != Role.SUPERVISOR:
        raise Refused(ONE_CHANCE)
    if profile.validation.non_compliant_data is NonCompliantData.ASK_INSTITUTE:
        raise Refused(
            "La supervisión no edita en este proceso: solicite al Instituto la "
            "corrección de los campos que no cumplen."  # 000 §4.3
        )


def check_may_submit(status: CaptureStatus) -> None:
    if status is not CaptureStatus.DRAFT:
        raise Refused(ONE_CHANCE)


def people_to_send(formula: RegisteredFormula, profile: InstituteProfile) -> tuple[Person, ...]:
    """Whose questionnaires must be complete to send the formula: the owner's, and the
    alternate's too where the profile makes the alternate capture as a candidacy of its
    own (001 §3.III-V, knob ``capture.alternate_must_capture``). Elsewhere the alternate's
    answers are optional."""
    if profile.capture.alternate_must_capture:
        return formula.people
    return (Person.OWNER,)


def is_complete(preview: SubmitPreview) -> bool:
    """Nothing missing and nothing to correct: what submitting (and validating) needs."""
    return not any(preview.missing.values()) and not any(preview.problems.values())
