"""A candidacy's questionnaires from draft to validation, as rules.

One chance (000 §3.16): once submitted, the capturing account cannot edit. Then the
party's supervisor edits and validates, or — where the profile says so (000 §4.3) — asks
the institute to correct instead of editing; independents validate their own (001 §27).
"""

from enum import StrEnum

from contracts.profile import InstituteProfile, NonCompliantData
from contracts.requests import Principal
from contracts.roles import Role
from services.capture.domain.scope import CandidacyScope


class CaptureStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    VALIDATED = "validated"


class Refused(Exception):
    """The step is not possible now; the message says why, in Spanish."""


def check_may_edit(
    status: CaptureStatus,
    principal: Principal,
    profile: InstituteProfile,
    candidacy: CandidacyScope,
) -> None:
    if status is CaptureStatus.VALIDATED:
        raise Refused("Los cuestionarios ya se validaron; solo una solicitud de cambio los reabre.")
    if status is CaptureStatus.DRAFT:
        return
    if candidacy.capturing_party is None and principal.role == Role.INDEPENDENT:
        return  # an independent reviews its own before validating (003 §26)
    if principal.role != Role.SUPERVISOR:
        raise Refused("Los cuestionarios ya se enviaron: hay una sola oportunidad (000 §3.16).")
    if profile.validation.non_compliant_data is NonCompliantData.ASK_INSTITUTE:
        raise Refused(
            "La supervisión no edita en este proceso: solicite al Instituto la "
            "corrección (000 §4.3)."
        )


def check_may_submit(status: CaptureStatus) -> None:
    if status is not CaptureStatus.DRAFT:
        raise Refused("Los cuestionarios ya se enviaron: hay una sola oportunidad (000 §3.16).")


def check_may_validate(
    status: CaptureStatus, principal: Principal, candidacy: CandidacyScope
) -> None:
    if status is not CaptureStatus.SUBMITTED:
        raise Refused("Solo se validan cuestionarios enviados y aún sin validar.")
    if candidacy.capturing_party is None:
        if principal.role not in (Role.INDEPENDENT, Role.SUPERVISOR, Role.PARTY_ADMIN):
            raise Refused("La candidatura independiente valida sus propios cuestionarios.")
    elif principal.role != Role.SUPERVISOR:
        raise Refused("Valida la supervisión del partido.")
