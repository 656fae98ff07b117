"""Who validates a submitted candidacy, and who asks the institute to correct it instead.

A party's candidacy is validated by its party's supervisor; an independent candidacy
validates its own (001 §27). Where the profile says the supervisor does not edit
(000 §4.3), the supervisor asks the institute to correct a submitted candidacy.
"""

from collections.abc import Collection

from contracts.capture import SubmitPreview
from contracts.errors import FieldProblem
from contracts.profile import InstituteProfile, NonCompliantData
from contracts.requests import Principal
from contracts.roles import Role
from services.capture.domain.errors import Forbidden, Invalid, Refused
from services.capture.domain.one_chance import CaptureStatus, is_complete
from services.capture.domain.scope import CandidacyScope

VALIDATORS = (Role.SUPERVISOR, Role.VALIDATOR)
"""A party's supervision, or the validation account its admin created (004 §10)."""


def check_may_validate(
    status: CaptureStatus,
    principal: Principal,
    candidacy: CandidacyScope,
    profile: InstituteProfile,
) -> None:
    if status is not CaptureStatus.SUBMITTED:
        raise Refused("Solo se validan cuestionarios enviados y aún sin validar.")
    if candidacy.capturing_party is None:
        own = (Role.INDEPENDENT,) if profile.validation.independents_validate_own else ()
        if principal.role not in (*own, *VALIDATORS, Role.PARTY_ADMIN):
            raise Refused(
                "Valida la supervisión del equipo de la candidatura independiente."
                if not own
                else "La candidatura independiente valida sus propios cuestionarios."
            )
    elif principal.role not in VALIDATORS:
        raise Refused("Valida la supervisión del partido.")


def check_complete(preview: SubmitPreview) -> None:
    """Only questionnaires with nothing missing and nothing to correct are validated."""
    if not is_complete(preview):
        raise Refused("Faltan datos o hay campos por corregir; no se puede validar todavía.")


PARTIES_ASKING = frozenset({Role.CAPTURIST, Role.CANDIDATE, Role.PARTY_ADMIN, Role.INDEPENDENT})


def check_may_request_correction(
    status: CaptureStatus, principal: Principal, profile: InstituteProfile
) -> None:
    asks = profile.validation.parties_ask_corrections
    if principal.role in PARTIES_ASKING and asks:
        pass  # the party's capture or an independent asks the institute too (002 §I.B.1.IX)
    elif principal.role != Role.SUPERVISOR:
        raise Forbidden("Solicita correcciones la supervisión del partido.")
    elif profile.validation.non_compliant_data is not NonCompliantData.ASK_INSTITUTE:
        raise Refused("En este proceso la supervisión edita y valida.")
    if status is not CaptureStatus.SUBMITTED:
        raise Refused("Solo se piden correcciones de cuestionarios enviados y sin validar.")


def party_asks_institute(
    status: CaptureStatus, principal: Principal, profile: InstituteProfile
) -> bool:
    """Whether the party's side (not its supervisor, who has the validation queue) may ask
    the institute to correct these questionnaires now (002 §I.B.1.IX)."""
    return (
        principal.role in PARTIES_ASKING
        and profile.validation.parties_ask_corrections
        and status is CaptureStatus.SUBMITTED
    )


def check_no_pending_correction(pending: bool) -> None:
    """What the supervisor asked the institute to correct is decided — applied or
    declined — before the candidacy is validated (000 §4.3)."""
    if pending:
        raise Refused(
            "Hay una solicitud de corrección pendiente: el Instituto debe aplicarla o "
            "rechazarla antes de validar."
        )


def check_may_decide_correction(pending: bool) -> None:
    if not pending:
        raise Refused("Esta solicitud de corrección ya se decidió.")


def check_may_apply_correction(status: CaptureStatus) -> None:
    """The institute corrects a submitted candidacy, which stays submitted for its
    supervisor to validate (000 §4.3)."""
    if status is not CaptureStatus.SUBMITTED:
        raise Refused("Solo se corrigen cuestionarios enviados y aún sin validar.")


def check_only_named(named: Collection[str], sent: Collection[str]) -> None:
    """The institute changes the fields the supervisor named, and no others."""
    others = sorted(set(sent) - set(named))
    if others:
        reason = "Este campo no está entre los que la supervisión pidió corregir."
        raise Invalid(
            "Solo se corrigen los campos que nombra la solicitud.",
            [FieldProblem(field=name, reason=reason) for name in others],
        )


def check_may_warn_party(
    status: CaptureStatus,
    principal: Principal,
    candidacy: CandidacyScope,
    profile: InstituteProfile,
) -> None:
    """The party's supervisor warns its capture and the candidacy of questionnaires that
    are incomplete or do not follow the rules, where the profile says so (002 §II.B.1.II),
    while they can still be put right: before validation."""
    if not profile.validation.supervisor_warns_party:
        raise Refused("Este proceso no prevé que la supervisión envíe advertencias a la captura.")
    if principal.role != Role.SUPERVISOR or candidacy.capturing_party is None:
        raise Forbidden("Advierte a la captura la supervisión del partido.")
    if status is CaptureStatus.VALIDATED:
        raise Refused(
            "Los cuestionarios ya se validaron: después de la validación solo una solicitud "
            "de cambio los reabre."
        )
