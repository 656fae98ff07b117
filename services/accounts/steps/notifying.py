"""Notices to an account: always in its in-app inbox, and by e-mail when it has an address.

E-mail is written to the ``mail`` table in the same transaction as the notice and sent
by a timer (steps/mailing.py) through SMTP when one is configured; with no SMTP it stays
there, the local mailbox admins read in the console. Later issues send their notices
(moderation observations, deadline reminders, incident updates) through here.
"""

from collections.abc import Collection
from datetime import datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from contracts.accounts import (
    AccountStatus,
    NoticeCount,
    NoticeRef,
    Scope,
    ScopeKind,
    SendNotice,
    SendScopeNotice,
)
from contracts.change_requests import change_label
from contracts.envelope import new_event_id, utc_now
from contracts.events.capture import (
    ChangeCompleted,
    ChangeOutcome,
    ChangeWindowOpened,
    CorrectionDecided,
    CorrectionOutcome,
    CorrectionRequested,
    PartyWarned,
    Person,
    WindowExtended,
    person_of,
)
from contracts.events.moderation import (
    ChangeRequestDecided,
    ChangeRequestFiled,
    CompletenessReminded,
    ConsentDecision,
    ModerationDecided,
)
from contracts.moderation import PROHIBITION_LABEL, field_label
from contracts.profile import ChangeRequestMode
from contracts.questionnaires import CURRICULAR, IDENTITY
from contracts.roles import Role
from contracts.spanish_dates import DEFAULT_TIME_ZONE, last_day_before, long_date, zone_name
from services.accounts.steps.locating import known_account
from services.accounts.steps.recording import Origin, account_target
from services.accounts.store import accounts, candidacies, elections, mail, notices
from services.accounts.store.accounts import Account, AccountFilter
from services.runtime.connections import Connection
from services.runtime.service_deps import ServiceDeps


class UnknownNotice(Exception):
    """No such notice in the caller's own inbox."""


async def notify(
    conn: Connection, account_id: str, subject: str, body: str, key: str | None = None
) -> str | None:
    """The new notice's id; None when ``key`` already brought this notice to the account."""
    now = utc_now()
    notice_id = str(new_event_id())
    if not await notices.insert_notice(
        conn,
        notice_id=notice_id,
        account_id=account_id,
        subject=subject,
        body=body,
        created_at=now,
        key=key,
    ):
        return None
    account = await accounts.account(conn, account_id)
    if account is not None and account.email:
        await mail.insert_mail(
            conn,
            message_id=str(new_event_id()),
            to_address=account.email,
            subject=subject,
            body=body,
            created_at=now,
        )
    return notice_id


async def send(conn: Connection, deps: ServiceDeps, origin: Origin, form: SendNotice) -> NoticeRef:
    """A service's notice to one account."""
    await known_account(conn, form.account_id)
    notice_id = await notify(conn, form.account_id, form.subject, form.body)
    assert notice_id is not None  # no key: always new
    await origin.record(
        conn,
        deps.outbox,
        "notice.send",
        target=account_target(form.account_id),
        detail={"aviso": notice_id},
    )
    return NoticeRef(notice_id=notice_id)


async def send_to_scope(
    conn: Connection, deps: ServiceDeps, origin: Origin, form: SendScopeNotice
) -> NoticeCount:
    """A service's notice to a party's accounts of some roles and a candidacy's own; the
    key makes a repeated send reach each inbox once."""
    targets = await _reached(conn, form.election_id, form.scope, form.roles, form.candidacy_id)
    sent = 0
    for account in targets:
        if await notify(conn, account.account_id, form.subject, form.body, form.key):
            sent += 1
            await origin.record(
                conn,
                deps.outbox,
                "notice.send",
                target=account_target(account.account_id),
                detail={"clave": form.key[:200]},
            )
    return NoticeCount(sent=sent)


async def _reached(
    conn: Connection,
    election_id: str,
    scope: Scope,
    roles: Collection[Role],
    candidacy_id: str | None,
) -> list[Account]:
    """A scope's live accounts of ``roles``, and the candidacy's own account."""
    targets = [
        account
        for account in await accounts.live_accounts_in_scope(conn, election_id, scope)
        if account.role in roles
        or (candidacy_id is not None and account.candidacy_id == candidacy_id)
    ]
    own = await accounts.live_account_of_candidacy(conn, candidacy_id or "")
    if own is not None and own.account_id not in {t.account_id for t in targets}:
        targets.append(own)
    return targets


class CaptureStep(StrEnum):
    SUBMITTED = "enviada"
    VALIDATED = "validada"
    SUPERVISOR_EDITED = "editada-por-supervision"


STEP_NOTICES: dict[CaptureStep, tuple[str, str, tuple[Role, ...]]] = {
    CaptureStep.SUBMITTED: (
        "Cuestionarios por validar: {who}",
        "Se enviaron los cuestionarios de {who}. Revíselos en la cola de validación y "
        "valídelos, o corrija lo que haga falta según el proceso.",
        (Role.SUPERVISOR, Role.PARTY_ADMIN),
    ),
    CaptureStep.VALIDATED: (
        "Cuestionarios validados: {who}",
        "La supervisión validó los cuestionarios de {who}. Su información pública se "
        "publicará cuando el Instituto lo permita; después, solo una solicitud de cambio "
        "los reabre.",
        (Role.CAPTURIST, Role.PARTY_ADMIN, Role.INDEPENDENT),
    ),
    CaptureStep.SUPERVISOR_EDITED: (
        "La supervisión modificó los cuestionarios: {who}",
        "La supervisión modificó respuestas de los cuestionarios enviados de {who}, bajo su "
        "corresponsabilidad. Consulte el historial de guardados del cuestionario para ver "
        "qué campos cambió.",
        (Role.CAPTURIST, Role.PARTY_ADMIN),
    ),
}
"""Each step's notice: subject, body, and the roles of the scope that receive it (the
candidacy's own account always does)."""

CAPTURING_ROLES = (Role.CAPTURIST, Role.SUPERVISOR, Role.PARTY_ADMIN, Role.INDEPENDENT)
"""Who captures and answers for a scope's candidacies: they hear about their windows."""


async def notify_window_extended(conn: Connection, extended: WindowExtended, event_id: str) -> None:
    """The party's (or independent's) people hear of the new close and its reason."""
    election = await elections.election(conn, extended.election_id)
    time_zone = election.time_zone if election else DEFAULT_TIME_ZONE
    until = long_date(last_day_before(extended.deadline_at, time_zone))
    for candidacy_id in extended.candidacy_ids:
        scope = (
            Scope(kind=ScopeKind.PARTY, id=extended.capturing_party)
            if extended.capturing_party
            else Scope(kind=ScopeKind.INDEPENDENT, id=candidacy_id)
        )
        known = await candidacies.candidacy(conn, candidacy_id)
        who = f"{known.owner_name} ({known.office})" if known else candidacy_id
        body = (
            f"El Instituto amplió el plazo para capturar y enviar los cuestionarios de "
            f"{who}: ahora cierra al terminar el {until} ({zone_name(time_zone)}).\n\n"
            f"Motivo: {extended.reason}"
        )
        reached = await _reached(conn, extended.election_id, scope, CAPTURING_ROLES, candidacy_id)
        for account in reached:
            await notify(
                conn,
                account.account_id,
                "Se amplió el plazo de captura",
                body,
                key=f"prorroga-{event_id}-{candidacy_id}",
            )


async def notify_step(
    conn: Connection, candidacy_id: str, step: CaptureStep, event_id: str
) -> None:
    """A candidacy's questionnaires moved on: whoever acts next, or captured it, hears."""
    known = await candidacies.candidacy(conn, candidacy_id)
    if known is None:
        return  # a candidacy accounts never heard of has nobody to tell
    scope = Scope(
        kind=ScopeKind.PARTY if known.capturing_party_id else ScopeKind.INDEPENDENT,
        id=known.scope_id,
    )
    subject, body, roles = STEP_NOTICES[step]
    who = f"{known.owner_name} ({known.office})"
    for account in await _reached(conn, known.election_id, scope, roles, candidacy_id):
        await notify(
            conn,
            account.account_id,
            subject.format(who=known.owner_name),
            body.format(who=who),
            key=f"{step.value}-{event_id}",
        )


async def notify_correction(conn: Connection, request: CorrectionRequested, event_id: str) -> None:
    """The institute's administration hears of a correction request at once (000 §4.3)."""
    admins = AccountFilter(role=Role.ADMIN, status=AccountStatus.ACTIVE)
    for admin in await accounts.list_accounts(conn, admins):
        await notify(
            conn,
            admin.account_id,
            f"Corrección solicitada: candidatura {request.candidacy_id}",
            f"La supervisión pide corregir: {', '.join(request.fields)}.\n\n{request.note}",
            key=f"correccion-{event_id}",
        )


async def notify_correction_decided(
    conn: Connection, decided: CorrectionDecided, event_id: str
) -> None:
    """The party's people and the candidacy's own account hear whether the institute
    applied the correction its supervisor asked for, or declined it and why (000 §4.3)."""
    scope = (
        Scope(kind=ScopeKind.PARTY, id=decided.capturing_party)
        if decided.capturing_party
        else Scope(kind=ScopeKind.INDEPENDENT, id=decided.candidacy_id)
    )
    known = await candidacies.candidacy(conn, decided.candidacy_id)
    who = f"{known.owner_name} ({known.office})" if known else decided.candidacy_id
    fields = ", ".join(decided.fields)
    if decided.outcome is CorrectionOutcome.APPLIED:
        subject = "El Instituto aplicó la corrección solicitada"
        body = (
            f"El Instituto corrigió los campos que la supervisión señaló en los cuestionarios "
            f"de {who}: {fields}. Los cuestionarios siguen enviados; la supervisión ya puede "
            "revisarlos y validarlos."
        )
    else:
        subject = "El Instituto rechazó la corrección solicitada"
        body = (
            f"El Instituto no corrigió los campos que la supervisión señaló en los "
            f"cuestionarios de {who}: {fields}. La supervisión ya puede revisarlos y "
            f"validarlos.\n\nMotivo: {decided.reason or 'sin motivo registrado'}"
        )
    reached = await _reached(
        conn, decided.election_id, scope, CAPTURING_ROLES, decided.candidacy_id
    )
    for account in reached:
        key = f"correccion-decidida-{event_id}"
        await notify(conn, account.account_id, subject, body, key=key)


WARNED_ROLES = (Role.CAPTURIST, Role.PARTY_ADMIN)
"""Whom a supervisor's warning reaches: the party's capture side (the candidacy's own
account always does), 002 §II.B.1.II."""


async def notify_party_warned(conn: Connection, warned: PartyWarned, event_id: str) -> None:
    """The party's capture and the candidacy's own account hear which fields the
    supervision finds incomplete or not following the rules, and its note."""
    if warned.capturing_party is None:
        return  # an independent candidacy answers for itself (002 §II.B.2)
    scope = Scope(kind=ScopeKind.PARTY, id=warned.capturing_party)
    who = await _who(conn, warned.candidacy_id)
    labels = ", ".join(f"«{question_label(name)}»" for name in warned.fields)
    body = (
        f"La supervisión del partido advierte que en los cuestionarios de {who} hay campos "
        f"incompletos o que no se apegan a las reglas: {labels}.\n\n"
        f"Nota de la supervisión: {warned.note}\n\n"
        "Revise esos campos en la candidatura; si los cuestionarios ya se enviaron, la "
        "supervisión hace las correcciones antes de validarlos."
    )
    reached = await _reached(conn, warned.election_id, scope, WARNED_ROLES, warned.candidacy_id)
    for account in reached:
        await notify(
            conn,
            account.account_id,
            "Advertencia de la supervisión: campos por revisar",
            body,
            key=f"advertencia-{event_id}",
        )


async def mark_read(conn: Connection, account_id: str, notice_id: str) -> None:
    if not await notices.mark_notice_read(conn, notice_id, account_id, utc_now()):
        raise UnknownNotice


LIAISON_ROLES = (Role.SUPERVISOR, Role.INDEPENDENT)
"""Whom the institute's observations reach: the party's designated liaison, the
supervisor (000 §4.5, profiles.md correction 10), or the independent candidacy itself."""
QUESTION_LABELS = {f.name: f.label for q in (CURRICULAR, IDENTITY) for f in q.fields}


def question_label(name: str) -> str:
    """A question's label, «Suplente: …» for the alternate's (``suplente.<campo>``)."""
    person, own = person_of(name)
    label = QUESTION_LABELS.get(own, own)
    return label if person is Person.OWNER else f"Suplente: {label}"


async def liaisons(
    conn: Connection, election_id: str, capturing_party: str | None, candidacy_id: str
) -> list[Account]:
    """A party's supervisors — its party admin where it has no supervisor — or an
    independent candidacy's own account: nobody else."""
    scope = (
        Scope(kind=ScopeKind.PARTY, id=capturing_party)
        if capturing_party
        else Scope(kind=ScopeKind.INDEPENDENT, id=candidacy_id)
    )
    live = await accounts.live_accounts_in_scope(conn, election_id, scope)
    chosen = [account for account in live if account.role in LIAISON_ROLES]
    return chosen or [account for account in live if account.role is Role.PARTY_ADMIN]


async def notify_observation(conn: Connection, decided: ModerationDecided, event_id: str) -> None:
    """The liaison hears at once what the institute kept from publication, or enabled
    again, and why (000 §4.5); the observations page keeps the whole history."""
    known = await candidacies.candidacy(conn, decided.candidacy_id)
    who = f"{known.owner_name} ({known.office})" if known else decided.candidacy_id
    what = (
        "del perfil completo"
        if decided.field is None
        else f"del campo «{field_label(decided.field)}»"
    )
    if decided.disabled:
        assert decided.prohibition is not None  # a disabling decision cites one
        subject = f"Observación del Instituto: {known.owner_name if known else who}"
        body = (
            f"El Instituto deshabilitó la publicación {what} de {who}.\n\n"
            f"Prohibición: {PROHIBITION_LABEL[decided.prohibition]}.\n"
            f"Motivo: {decided.note}\n\n"
            "Consulte todas las observaciones y su historial en la página «Observaciones» del "
            "menú."
        )
    else:
        subject = (
            f"El Instituto volvió a habilitar la publicación: {known.owner_name if known else who}"
        )
        body = (
            f"El Instituto volvió a habilitar la publicación {what} de {who}.\n\n"
            f"Motivo: {decided.note}\n\n"
            "Consulte todas las observaciones y su historial en la página «Observaciones» del "
            "menú."
        )
    for account in await liaisons(
        conn, decided.election_id, decided.capturing_party, decided.candidacy_id
    ):
        await notify(conn, account.account_id, subject, body, key=f"observacion-{event_id}")


async def notify_completeness(
    conn: Connection, reminded: CompletenessReminded, event_id: str
) -> None:
    """The party's liaison (or the independent) hears which candidacies the institute
    finds not captured or incomplete, and nobody else does (000 §5.6, 002 §I.A.IX)."""
    named = []
    for candidacy_id in reminded.candidacy_ids:
        known = await candidacies.candidacy(conn, candidacy_id)
        named.append(f"- {known.owner_name} ({known.office})" if known else f"- {candidacy_id}")
    body = f"{reminded.note}\n\nCandidaturas:\n" + "\n".join(named)
    reached = await liaisons(
        conn, reminded.election_id, reminded.capturing_party, reminded.candidacy_ids[0]
    )
    for account in reached:
        await notify(
            conn,
            account.account_id,
            "Cuestionarios sin capturar o incompletos",
            body,
            key=f"completitud-{event_id}",
        )


async def notify_consent_rejected(
    conn: Connection, rejected: ConsentDecision, event_id: str
) -> None:
    """The party's liaison (or the independent) hears that the institute did not accept
    the consent document, and why: the identity answers stay out of public view until
    another document is accepted (000 §3.9)."""
    known = await candidacies.candidacy(conn, rejected.candidacy_id)
    if known is None:
        return  # a candidacy accounts never heard of has nobody to tell
    body = (
        f"El Instituto no aceptó el documento de consentimiento de {known.owner_name} "
        f"({known.office}). Sus respuestas de identidad no se publican mientras el "
        "Instituto no acepte otro documento; puede cargar uno nuevo desde la candidatura."
        f"\n\nMotivo: {rejected.reason or 'sin motivo registrado'}"
    )
    for account in await liaisons(
        conn, rejected.election_id, known.capturing_party_id, rejected.candidacy_id
    ):
        await notify(
            conn,
            account.account_id,
            f"Consentimiento no aceptado: {known.owner_name}",
            body,
            key=f"consentimiento-rechazado-{event_id}",
        )


# Change requests to a published candidacy (000 §5.4, 002 §II.C) -------------------


def _labels(fields: list[str]) -> str:
    """The fields as a person reads them: «Segunda de sus dos principales propuestas»."""
    return ", ".join(f"«{change_label(name)}»" for name in fields)


async def _who(conn: Connection, candidacy_id: str) -> str:
    known = await candidacies.candidacy(conn, candidacy_id)
    return f"{known.owner_name} ({known.office})" if known else candidacy_id


async def _moment(conn: Connection, election_id: str, moment: datetime) -> str:
    election = await elections.election(conn, election_id)
    time_zone = election.time_zone if election else DEFAULT_TIME_ZONE
    local = moment.astimezone(ZoneInfo(time_zone))
    return f"el {long_date(local.date())} a las {local:%H:%M} ({zone_name(time_zone)})"


async def _due_day(conn: Connection, election_id: str, due_at: datetime) -> str:
    election = await elections.election(conn, election_id)
    time_zone = election.time_zone if election else DEFAULT_TIME_ZONE
    return f"el {long_date(last_day_before(due_at, time_zone))} ({zone_name(time_zone)})"


async def _filer_side(
    conn: Connection, filed_by: str, candidacy_id: str, election_id: str, party: str | None
) -> list[str]:
    """Who files hears what became of it: the filing account (the party's liaison, 000
    §4.5), and an independent's own account when someone of its team filed. A request the
    institute received on paper or by e-mail was entered by its admin (000 §5.4): the
    party's liaison hears of it then, or the independent candidacy itself."""
    filer = await accounts.account(conn, filed_by)
    if filer is not None and filer.role == Role.ADMIN:
        return [a.account_id for a in await liaisons(conn, election_id, party, candidacy_id)]
    reached = [filed_by]
    own = await accounts.live_account_of_candidacy(conn, candidacy_id)
    if own is not None and own.role == Role.INDEPENDENT and own.account_id != filed_by:
        reached.append(own.account_id)
    return reached


async def notify_change_request_filed(
    conn: Connection, filed: ChangeRequestFiled, event_id: str
) -> None:
    """The institute's administration hears of a change request at once: it is due by
    the next business day (000 §5.4)."""
    who = await _who(conn, filed.candidacy_id)
    due = await _due_day(conn, filed.election_id, filed.due_at)
    body = (
        f"Se presentó la solicitud de cambio de {who}, por única ocasión, para los campos: "
        f"{_labels(filed.fields)}.\n\nDebe decidirse a más tardar al terminar {due}."
    )
    admins = AccountFilter(role=Role.ADMIN, status=AccountStatus.ACTIVE)
    for admin in await accounts.list_accounts(conn, admins):
        if admin.election_id not in (None, filed.election_id):
            continue
        await notify(
            conn,
            admin.account_id,
            f"Solicitud de cambio: {who}",
            body,
            key=f"solicitud-cambio-{event_id}",
        )


async def notify_change_request_decided(
    conn: Connection, decided: ChangeRequestDecided, event_id: str
) -> None:
    """The filer's side hears the decision: rejected with its reason, or approved — the
    institute applies the text, or enables the fields (000 §5.4, 002 §II.C)."""
    who, fields = await _who(conn, decided.candidacy_id), _labels(decided.fields)
    if not decided.approved:
        subject = "El Instituto rechazó la solicitud de cambio"
        body = (
            f"El Instituto rechazó la solicitud de cambio de {who} ({fields}). La información "
            f"publicada no cambia.\n\nMotivo: {decided.reason or 'sin motivo registrado'}"
        )
    elif decided.mode is ChangeRequestMode.ADMIN_APPLIES:
        subject = "El Instituto aprobó la solicitud de cambio"
        body = (
            f"El Instituto aprobó la solicitud de cambio de {who} y aplica el texto de los "
            f"campos: {fields}."
        )
    else:
        subject = "El Instituto aprobó la solicitud de cambio"
        body = (
            f"El Instituto aprobó la solicitud de cambio de {who}: habilita al partido los "
            f"campos {fields} para capturarlos de nuevo y validarlos."
        )
    for account_id in await _filer_side(
        conn, decided.filed_by, decided.candidacy_id, decided.election_id, decided.capturing_party
    ):
        key = f"solicitud-cambio-decidida-{event_id}"
        await notify(conn, account_id, subject, body, key=key)


async def notify_change_window_opened(
    conn: Connection, opened: ChangeWindowOpened, event_id: str
) -> None:
    who = await _who(conn, opened.candidacy_id)
    closes = await _moment(conn, opened.election_id, opened.closes_at)
    body = (
        f"Se habilitaron los campos {_labels(opened.fields)} de {who}. Captúrelos de nuevo "
        f"y valide los cuestionarios antes de {closes}; después los campos se cierran y, si "
        "no se validó, la información publicada no cambia."
    )
    for account_id in await _filer_side(
        conn, opened.filed_by, opened.candidacy_id, opened.election_id, opened.capturing_party
    ):
        key = f"campos-habilitados-{event_id}"
        await notify(conn, account_id, "Campos habilitados por la solicitud de cambio", body, key)


CHANGE_DONE: dict[ChangeOutcome, tuple[str, str]] = {
    ChangeOutcome.APPLIED: (
        "Se aplicó la solicitud de cambio",
        "Se aplicó el cambio de los campos {fields} de {who}: la información pública ya "
        "muestra el texto nuevo.",
    ),
    ChangeOutcome.LAPSED: (
        "Se cerraron los campos habilitados",
        "Se cerraron los campos {fields} de {who} sin una validación nueva: la información "
        "publicada no cambió. La solicitud de cambio era por única ocasión.",
    ),
    ChangeOutcome.NOT_APPLIED: (
        "No se pudo aplicar la solicitud de cambio",
        "No se pudo aplicar el cambio de los campos {fields} de {who}; la información "
        "publicada no cambió.\n\nMotivo: {reason}",
    ),
}


async def notify_change_completed(
    conn: Connection, completed: ChangeCompleted, event_id: str
) -> None:
    who, fields = await _who(conn, completed.candidacy_id), _labels(completed.fields)
    subject, body = CHANGE_DONE[completed.outcome]
    text = body.format(fields=fields, who=who, reason=completed.reason or "sin motivo")
    for account_id in await _filer_side(
        conn,
        completed.filed_by,
        completed.candidacy_id,
        completed.election_id,
        completed.capturing_party,
    ):
        await notify(conn, account_id, subject, text, key=f"cambio-terminado-{event_id}")
