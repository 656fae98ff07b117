"""Change requests to a published candidacy: once per candidacy, filed by the party's
liaison, decided by the institute's administration (000 §5.4, 001 §31-32, 002 §II.C,
003 §30, 004 §31).

- **Once.** Every seed says "por única ocasión": a candidacy files one request, whatever
  became of it; a second is refused with the date of the first.
- **Who files.** A party candidacy's request comes through its supervisor (000 §5.4,
  001 §31, 003 §30, 004 §31) or, in Zacatecas, through the party's representation
  before the institute (002 §II.C). In this house the representation is the party's own
  accounts, not the supervisor's: the party admin account where the institute issues
  one (``Role.PARTY_ADMIN``, "Administración del partido", 004 §10) and the party's
  generic account, which 002 §II.A has the institute send "a las representaciones de los
  PP" (``Role.CAPTURIST``, the party's generic capture account; Zacatecas issues no party
  admin accounts). An independent files directly (001 §31, 002 §II.C), or through its
  team's supervisor where its team has one.
- **What.** Public curricular fields only, each with its new text; never identity
  answers, which stay in capture.
- **Only what is validated.** A change is to information already validated (published
  or about to be): a draft is still the party's to capture.
- **On paper or by e-mail.** The request may reach the institute as a writing presented
  at the oficialía de partes (000 §5.4) or by e-mail (001 §31, 002 §II.C, 003 §30,
  004 §31). The institute's administration then enters it for the party, naming who
  presented it, how it arrived and when it was received; the due day counts from that
  moment, not from when it was typed. The admin files nothing of its own otherwise.
- **Within the period.** «La solicitud de cambios debe realizarse dentro de los plazos
  establecidos en los Lineamientos» (000 §5.4, 001 §32, 002 §II.C, 003 §30, 004 §31). The
  seeds give no figure: the election's calendar may set the last day
  (``change_requests_until``), and without it there is no period. A request received
  on paper within the period counts as in time even if entered after it.
"""

import datetime as dt
import re
from zoneinfo import ZoneInfo

from contracts.business_days import end_of_day
from contracts.change_requests import (
    LIST_TYPES,
    PHOTO_SHA256,
    ChangeRequestStatus,
    change_label,
    changeable_of,
    names_identity,
)
from contracts.formula import Person, person_of
from contracts.profile import ChangeRequestFiler, ChangeRequestMode, InstituteProfile
from contracts.questionnaires import FieldType
from contracts.requests import Principal
from contracts.roles import PARTY_ROLES, OutOfScope, Role
from contracts.spanish_dates import long_date
from services.moderation.domain.errors import NO_CANDIDACY, Forbidden, NotFound, Refused

PARTY_FILERS: dict[ChangeRequestFiler, frozenset[Role]] = {
    ChangeRequestFiler.SUPERVISOR: frozenset({Role.SUPERVISOR}),
    ChangeRequestFiler.REPRESENTATION: frozenset({Role.PARTY_ADMIN, Role.CAPTURIST}),
}
INDEPENDENT_FILERS: dict[ChangeRequestFiler, frozenset[Role]] = {
    ChangeRequestFiler.SUPERVISOR: frozenset({Role.INDEPENDENT, Role.SUPERVISOR}),
    ChangeRequestFiler.REPRESENTATION: frozenset({Role.INDEPENDENT, Role.PARTY_ADMIN}),
}
WHO_FILES: dict[ChangeRequestFiler, str] = {
    ChangeRequestFiler.SUPERVISOR: "La solicitud de cambio la presenta la supervisión del "
    "partido; una candidatura independiente, directamente.",
    ChangeRequestFiler.REPRESENTATION: "La solicitud de cambio la presenta la representación "
    "del partido ante el Instituto; una candidatura independiente, directamente.",
}
DECIDERS = frozenset({Role.ADMIN})
RECEIVERS = DECIDERS
"""Who enters a request the institute received on paper or by e-mail (000 §5.4)."""
ENTERS_RECEIVED = (
    "La administración del Instituto registra la solicitud que recibió por escrito en la "
    "oficialía de partes o por correo electrónico: diga quién la presentó, cómo llegó y "
    "cuándo se recibió."
)
ONLY_RECEIVERS = (
    "Solo la administración del Instituto registra una solicitud recibida por escrito o por "
    "correo electrónico; el partido presenta la suya desde su cuenta."
)
NOT_CHANGEABLE = (
    "Una solicitud de cambio nombra campos que pueden publicarse; {names} no se cambian así."
)


def _own(principal: Principal, election_id: str, scope_id: str, independent: bool) -> bool:
    if principal.election_id != election_id:
        return False
    if independent and principal.role == Role.INDEPENDENT:
        return principal.candidacy_id == scope_id
    return principal.party_id == scope_id


def check_may_file(
    principal: Principal,
    profile: InstituteProfile,
    *,
    election_id: str,
    scope_id: str,
    independent: bool,
) -> None:
    """The filer is the liaison the profile names, of the candidacy's own party; the
    admin enters what the liaison presented on paper or by e-mail instead."""
    if principal.role in RECEIVERS:
        raise Forbidden(ENTERS_RECEIVED)
    filer = profile.change_requests.filed_by
    allowed = (INDEPENDENT_FILERS if independent else PARTY_FILERS)[filer]
    if principal.role not in allowed:
        raise Forbidden(WHO_FILES[filer])
    if not _own(principal, election_id, scope_id, independent):
        raise OutOfScope


def who_files(profile: InstituteProfile) -> str:
    """Who presents a request under ``profile``, as a person reads it."""
    return WHO_FILES[profile.change_requests.filed_by]


def check_may_enter_received(
    principal: Principal, election_id: str, received_at: dt.datetime, now: dt.datetime
) -> None:
    """The administration of the candidacy's election enters a request the institute
    already received (000 §5.4): received at a moment that has come."""
    if principal.role not in RECEIVERS:
        raise Forbidden(ONLY_RECEIVERS)
    if principal.election_id is not None and principal.election_id != election_id:
        raise NotFound(NO_CANDIDACY)
    if received_at > now:
        raise Refused(
            "La fecha y hora de recepción aún no llega: escriba cuándo recibió el Instituto "
            "la solicitud."
        )


def check_within_period(until: dt.date | None, received_at: dt.datetime, time_zone: str) -> None:
    """«Dentro de los plazos establecidos en los Lineamientos» (000 §5.4, 001 §32,
    002 §II.C, 003 §30, 004 §31): counted by when the institute received it."""
    if until is None or received_at < end_of_day(until, ZoneInfo(time_zone)):
        return
    raise Refused(
        f"El plazo para presentar solicitudes de cambio terminó el {long_date(until)}: "
        "los lineamientos no admiten solicitudes después de ese día."
    )


def check_validated(validated_at: dt.datetime | None, withdrawn_at: dt.datetime | None) -> None:
    if withdrawn_at is not None:
        raise Refused("La candidatura fue sustituida o cancelada: ya no se cambia.")
    if validated_at is None:
        raise Refused(
            "Solo se pide un cambio de información ya validada; mientras tanto, la captura "
            "y la validación siguen su curso."
        )


def check_once(earlier_filed_at: dt.datetime | None, time_zone: str) -> None:
    """ "Por única ocasión" (000 §5.4, 001 §31, 002 §II.C, 003 §30, 004 §31)."""
    if earlier_filed_at is None:
        return
    day = long_date(earlier_filed_at.astimezone(ZoneInfo(time_zone)).date())
    raise Refused(
        f"Esta candidatura ya presentó su solicitud de cambio el {day}: los lineamientos "
        "permiten una sola, por única ocasión."
    )


def _count(text: str) -> int:
    """Lengths count characters other than whitespace (reference §7)."""
    return sum(1 for char in text if not char.isspace())


def problems_of(changes: dict[str, str], photo_with_request: bool = True) -> list[str]:
    """What is wrong with each change, as a person reads it; empty when nothing is.
    ``photo_with_request``: the institute applies the change, so a photo named comes with
    it (uploaded with the request); otherwise the party uploads it once the field opens."""
    others = sorted(name for name in changes if changeable_of(name) is None)
    if others:
        return [NOT_CHANGEABLE.format(names=", ".join(others))]
    problems = []
    for name, text in changes.items():
        found = changeable_of(name)
        assert found is not None  # only changeable names are left
        spec = found[1]
        label = f"«{change_label(name)}»"
        if names_identity(name):
            if text.strip():
                problems.append(
                    f"{label}: no escriba la respuesta; el campo se habilita para responderlo "
                    "de nuevo desde la captura, y la respuesta no sale de ella."
                )
            continue
        if spec.type is FieldType.IMAGE:
            if photo_with_request and not re.fullmatch(PHOTO_SHA256, text.strip()):
                problems.append(f"{label}: suba la fotografía nueva con la solicitud.")
            elif not photo_with_request and text.strip():
                problems.append(
                    f"{label}: la fotografía nueva se sube cuando el Instituto habilite el "
                    "campo, no con la solicitud."
                )
            continue
        if spec.type in LIST_TYPES:
            items = [line for line in text.splitlines() if line.strip()]
            most, longest = spec.max_items, spec.max_length
            if most is not None and len(items) > most:
                problems.append(f"{label}: a lo más {most} elementos, uno por renglón.")
            if longest is not None and any(len(item.strip()) > longest for item in items):
                problems.append(f"{label}: cada elemento, de a lo más {longest} caracteres.")
            continue
        if spec.type is FieldType.CHOICE:
            if text.strip() not in spec.options:
                problems.append(f"{label}: elija una de sus opciones ({', '.join(spec.options)}).")
            continue
        length = _count(text)
        if spec.required and length == 0:
            problems.append(f"{label}: es obligatorio; escriba el texto nuevo.")
        elif spec.min_length is not None and 0 < length < spec.min_length:
            problems.append(
                f"{label}: al menos {spec.min_length} caracteres sin contar espacios "
                f"(tiene {length})."
            )
        elif spec.max_length is not None and length > spec.max_length:
            problems.append(
                f"{label}: a lo más {spec.max_length} caracteres sin contar espacios "
                f"(tiene {length})."
            )
    return problems


NO_ALTERNATE = (
    "Esta fórmula no tiene suplente: la solicitud no puede nombrar campos de la suplente."
)


def check_changes(
    changes: dict[str, str], mode: ChangeRequestMode, has_alternate: bool = True
) -> None:
    """Each change names a public curricular field of the owner's, or prefixed
    ``suplente.``, of the alternate's (where the formula has one), with a fitting text:
    for the photo, where the institute applies the change, the new one uploaded with it."""
    if not has_alternate and any(person_of(name)[0] is Person.ALTERNATE for name in changes):
        raise Refused(NO_ALTERNATE)
    problems = problems_of(changes, photo_with_request=mode is ChangeRequestMode.ADMIN_APPLIES)
    if problems:
        raise Refused(" ".join(problems))


def check_may_decide(principal: Principal, election_id: str) -> None:
    """The institute's administration decides (DESIGN §1: "decide change requests")."""
    if principal.role not in DECIDERS:
        raise Forbidden("Solo la administración del Instituto decide las solicitudes de cambio.")
    if principal.election_id is not None and principal.election_id != election_id:
        raise NotFound("No existe esa solicitud de cambio.")


def check_pending(status: ChangeRequestStatus) -> None:
    if status is not ChangeRequestStatus.FILED:
        raise Refused("Esta solicitud de cambio ya se decidió.")


def approved_changes(
    mode: ChangeRequestMode, requested: dict[str, str], edited: dict[str, str] | None
) -> dict[str, str]:
    """What the institute applies: in admin_applies, the party's text or the admin's edit
    of it, for the same fields only; in enable_fields, nothing (the party re-captures)."""
    if mode is ChangeRequestMode.ENABLE_FIELDS:
        if edited:
            raise Refused(
                "En este proceso el Instituto habilita los campos y el partido captura el "
                "texto nuevo: no se aprueba con un texto del Instituto."
            )
        return {}
    if edited is None:
        return dict(requested)
    others = sorted(set(edited) - set(requested))
    if others:
        raise Refused(
            f"Solo se aplican los campos que nombra la solicitud; no {', '.join(others)}."
        )
    return {**requested, **edited}


def check_may_read(
    principal: Principal,
    *,
    election_id: str,
    candidacy_id: str,
    scope_id: str,
    independent: bool,
) -> None:
    """The admin reads every request of its election; a party's people, their party's;
    a candidacy's own account, its own."""
    if principal.role in DECIDERS:
        if principal.election_id is not None and principal.election_id != election_id:
            raise NotFound("No existe esa solicitud de cambio.")
        return
    if principal.role not in (*PARTY_ROLES, Role.INDEPENDENT, Role.CANDIDATE):
        raise Forbidden("Las solicitudes de cambio son de la administración y de cada partido.")
    own = (
        principal.election_id == election_id and principal.candidacy_id == candidacy_id
        if principal.role == Role.CANDIDATE
        else _own(principal, election_id, scope_id, independent)
    )
    if not own:
        raise NotFound("No existe esa solicitud de cambio.")


def check_may_list(principal: Principal, election_id: str) -> None:
    if principal.role in DECIDERS:
        if principal.election_id is not None and principal.election_id != election_id:
            raise NotFound("No existe esa elección.")
        return
    if principal.role not in (*PARTY_ROLES, Role.INDEPENDENT, Role.CANDIDATE):
        raise Forbidden("Las solicitudes de cambio son de la administración y de cada partido.")
    if principal.election_id != election_id:
        raise NotFound("No existe esa elección.")


def is_overdue(status: ChangeRequestStatus, due_at: dt.datetime, now: dt.datetime) -> bool:
    """A request still waiting for the admin past the end of its due day."""
    return status is ChangeRequestStatus.FILED and now >= due_at
