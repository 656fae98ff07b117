"""Amending a validated candidacy after an approved change request (000 §5.4, 001 §31-32,
002 §II.C).

Where the institute applies the change, it saves the approved text itself. Where it
enables the fields instead, just those curricular fields open to the party: until the
end of the next business day (001 §32: "a más tardar el día hábil siguiente a la
habilitación") or for 24 hours (002 §II.C: "dentro de las 24 horas siguientes a su
habilitación"), as the profile's ``change_requests.deadline`` says. The party saves
them — only them — and its supervisor, or the independent, validates again, which
publishes the new text; a window that closes with nothing validated puts the fields
back as they were, so the public profile and the stored answers never part.
"""

import datetime as dt
from collections.abc import Collection, Iterable

from contracts.business_days import next_business_day_closes
from contracts.capture import QuestionnaireName
from contracts.change_requests import names_identity
from contracts.errors import FieldProblem
from contracts.events.capture import Person, of_person
from contracts.profile import ChangeRequestDeadline, InstituteProfile
from contracts.requests import Principal
from contracts.roles import Role
from services.capture.domain.errors import Invalid, Refused
from services.capture.domain.one_chance import CaptureStatus
from services.capture.domain.scope import CandidacyScope
from services.capture.domain.validation import check_may_validate

EDITORS = frozenset(
    {Role.CAPTURIST, Role.CANDIDATE, Role.SUPERVISOR, Role.PARTY_ADMIN, Role.INDEPENDENT}
)
"""Who re-captures enabled fields: the party's people and the candidacy's own account
(the validation account of 004 §10 validates, never edits)."""


def window_closes(
    opened: dt.datetime,
    deadline: ChangeRequestDeadline,
    time_zone: str,
    non_working: Iterable[dt.date] = (),
) -> dt.datetime:
    if deadline is ChangeRequestDeadline.HOURS_24:
        return (opened + dt.timedelta(hours=24)).astimezone(dt.UTC)
    return next_business_day_closes(opened, time_zone, non_working)


def check_may_edit_in_window(
    principal: Principal,
    questionnaire: QuestionnaireName,
    enabled: Collection[str],
    sent: Collection[str],
    person: Person = Person.OWNER,
) -> None:
    """Only the enabled fields, by the party's people. ``enabled`` names the alternate's
    fields prefixed (``suplente.propuesta_1``); ``sent`` are ``person``'s own."""
    if principal.role not in EDITORS:
        raise Refused("Su rol no captura los campos habilitados por la solicitud de cambio.")
    if not opens(enabled, questionnaire):
        raise Refused(
            f"La solicitud de cambio no habilitó campos del {questionnaire_words(questionnaire)}: "
            "sigue validado."
        )
    others = sorted(name for name in sent if of_person(person, name) not in set(enabled))
    if others:
        reason = "Este campo no está habilitado por la solicitud de cambio."
        raise Invalid(
            "Solo se capturan los campos que habilitó la solicitud de cambio.",
            [FieldProblem(field=name, reason=reason) for name in others],
        )


def opens(enabled: Collection[str], questionnaire: QuestionnaireName) -> bool:
    """Whether the enabled fields include any of ``questionnaire``'s."""
    identity = questionnaire is QuestionnaireName.IDENTITY
    return any(names_identity(name) is identity for name in enabled)


def questionnaire_words(questionnaire: QuestionnaireName) -> str:
    if questionnaire is QuestionnaireName.IDENTITY:
        return "cuestionario de identidad"
    return "cuestionario curricular"


def check_may_revalidate(
    principal: Principal, candidacy: CandidacyScope, profile: InstituteProfile
) -> None:
    """Who validated validates again: the party's supervision, or the independent."""
    check_may_validate(CaptureStatus.SUBMITTED, principal, candidacy, profile)
