"""Capture's events, as accounts needs them: the election's account rules and parties,
and each candidacy's own account — created at registration, revoked (with every session)
when the candidacy is substituted or cancelled (000 §3.14)."""

from contracts.envelope import EventEnvelope
from contracts.events.capture import (
    CANDIDACY_REGISTERED,
    CANDIDACY_SUBMITTED,
    CANDIDACY_VALIDATED,
    CANDIDACY_WITHDRAWN,
    CHANGE_COMPLETED,
    CHANGE_WINDOW_OPENED,
    CORRECTION_DECIDED,
    CORRECTION_REQUESTED,
    ELECTION_CONFIGURED,
    PARTY_WARNED,
    SUPERVISOR_EDITED,
    WINDOW_EXTENDED,
    CandidacyRegistered,
    CandidacySubmitted,
    CandidacyValidated,
    CandidacyWithdrawn,
    ChangeCompleted,
    ChangeWindowOpened,
    CorrectionDecided,
    CorrectionRequested,
    ElectionConfigured,
    PartyWarned,
    SupervisorEdited,
    WindowExtended,
)
from contracts.events.incidents import (
    INCIDENT_ASSIGNED,
    INCIDENT_MOVED,
    INCIDENT_OPENED,
    INCIDENT_OVERDUE,
    IncidentAssigned,
    IncidentMoved,
    IncidentOpened,
    IncidentOverdue,
)
from contracts.events.moderation import (
    CHANGE_REQUEST_DECIDED,
    CHANGE_REQUEST_FILED,
    COMPLETENESS_REMINDED,
    CONSENT_REJECTED,
    MODERATION_DECIDED,
    ChangeRequestDecided,
    ChangeRequestFiled,
    CompletenessReminded,
    ConsentDecision,
    ModerationDecided,
)
from contracts.services import ServiceName
from services.accounts.steps import issuing, mirroring, notifying, notifying_incidents, revoking
from services.runtime.connections import Connection
from services.runtime.inbox import EventConsumer
from services.runtime.service_deps import ServiceDeps


async def election_configured(deps: ServiceDeps, conn: Connection, event: EventEnvelope) -> None:
    await mirroring.mirror_election(conn, ElectionConfigured.model_validate(event.data))


async def candidacy_registered(deps: ServiceDeps, conn: Connection, event: EventEnvelope) -> None:
    candidacy = CandidacyRegistered.model_validate(event.data)
    await issuing.issue_candidacy_account(conn, deps, candidacy)


async def candidacy_withdrawn(deps: ServiceDeps, conn: Connection, event: EventEnvelope) -> None:
    withdrawn = CandidacyWithdrawn.model_validate(event.data)
    await revoking.withdraw_candidacy(conn, deps, withdrawn)


async def correction_requested(deps: ServiceDeps, conn: Connection, event: EventEnvelope) -> None:
    """The institute's administration hears of it at once (000 §4.3)."""
    request = CorrectionRequested.model_validate(event.data)
    await notifying.notify_correction(conn, request, str(event.id))


async def candidacy_submitted(deps: ServiceDeps, conn: Connection, event: EventEnvelope) -> None:
    submitted = CandidacySubmitted.model_validate(event.data)
    await notifying.notify_step(
        conn, submitted.candidacy_id, notifying.CaptureStep.SUBMITTED, str(event.id)
    )


async def candidacy_validated(deps: ServiceDeps, conn: Connection, event: EventEnvelope) -> None:
    validated = CandidacyValidated.model_validate(event.data)
    await notifying.notify_step(
        conn, validated.projection.candidacy_id, notifying.CaptureStep.VALIDATED, str(event.id)
    )


async def supervisor_edited(deps: ServiceDeps, conn: Connection, event: EventEnvelope) -> None:
    edited = SupervisorEdited.model_validate(event.data)
    await notifying.notify_step(
        conn, edited.candidacy_id, notifying.CaptureStep.SUPERVISOR_EDITED, str(event.id)
    )


async def party_warned(deps: ServiceDeps, conn: Connection, event: EventEnvelope) -> None:
    """The party's capture hears the supervisor's warning (002 §II.B.1.II)."""
    warned = PartyWarned.model_validate(event.data)
    await notifying.notify_party_warned(conn, warned, str(event.id))


async def window_extended(deps: ServiceDeps, conn: Connection, event: EventEnvelope) -> None:
    extended = WindowExtended.model_validate(event.data)
    await notifying.notify_window_extended(conn, extended, str(event.id))


async def correction_decided(deps: ServiceDeps, conn: Connection, event: EventEnvelope) -> None:
    """The party and the candidacy hear what the institute decided (000 §4.3)."""
    decided = CorrectionDecided.model_validate(event.data)
    await notifying.notify_correction_decided(conn, decided, str(event.id))


async def change_request_filed(deps: ServiceDeps, conn: Connection, event: EventEnvelope) -> None:
    """The institute's administration hears of it at once (000 §5.4)."""
    filed = ChangeRequestFiled.model_validate(event.data)
    await notifying.notify_change_request_filed(conn, filed, str(event.id))


async def incident_opened(deps: ServiceDeps, conn: Connection, event: EventEnvelope) -> None:
    """The reporter, the admin and support hear of a new incident (000 §6.2)."""
    opened = IncidentOpened.model_validate(event.data)
    await notifying_incidents.notify_incident_opened(conn, opened, str(event.id))


async def incident_moved(deps: ServiceDeps, conn: Connection, event: EventEnvelope) -> None:
    moved = IncidentMoved.model_validate(event.data)
    await notifying_incidents.notify_incident_moved(conn, moved, str(event.id))


async def incident_assigned(deps: ServiceDeps, conn: Connection, event: EventEnvelope) -> None:
    assigned = IncidentAssigned.model_validate(event.data)
    await notifying_incidents.notify_incident_assigned(conn, assigned, str(event.id))


async def incident_overdue(deps: ServiceDeps, conn: Connection, event: EventEnvelope) -> None:
    overdue = IncidentOverdue.model_validate(event.data)
    await notifying_incidents.notify_incident_overdue(conn, overdue, str(event.id))


async def change_request_decided(deps: ServiceDeps, conn: Connection, event: EventEnvelope) -> None:
    decided = ChangeRequestDecided.model_validate(event.data)
    await notifying.notify_change_request_decided(conn, decided, str(event.id))


async def change_window_opened(deps: ServiceDeps, conn: Connection, event: EventEnvelope) -> None:
    opened = ChangeWindowOpened.model_validate(event.data)
    await notifying.notify_change_window_opened(conn, opened, str(event.id))


async def change_completed(deps: ServiceDeps, conn: Connection, event: EventEnvelope) -> None:
    completed = ChangeCompleted.model_validate(event.data)
    await notifying.notify_change_completed(conn, completed, str(event.id))


async def moderation_decided(deps: ServiceDeps, conn: Connection, event: EventEnvelope) -> None:
    """The party's liaison hears at once of the institute's observation (000 §4.5)."""
    decided = ModerationDecided.model_validate(event.data)
    await notifying.notify_observation(conn, decided, str(event.id))


async def completeness_reminded(deps: ServiceDeps, conn: Connection, event: EventEnvelope) -> None:
    """The institute's completeness notice reaches the party's liaison (000 §5.6)."""
    reminded = CompletenessReminded.model_validate(event.data)
    await notifying.notify_completeness(conn, reminded, str(event.id))


async def consent_rejected(deps: ServiceDeps, conn: Connection, event: EventEnvelope) -> None:
    """The liaison hears why the institute did not accept a consent document, to upload
    another (000 §3.9)."""
    rejected = ConsentDecision.model_validate(event.data)
    await notifying.notify_consent_rejected(conn, rejected, str(event.id))


# Each name is its durable consumer's: renaming one starts a new consumer that replays
# the whole stream (tests/unit/test_consumer_names.py). They spell what the handlers
# were called when the consumers were first deployed.
CONSUMERS: list[EventConsumer] = (
    [
        EventConsumer(
            name=name,
            producer=ServiceName.CAPTURE,
            event_type=spec.event_type,
            version=spec.version,
            handler=handler,
        )
        for name, spec, handler in (
            ("election_configured", ELECTION_CONFIGURED, election_configured),
            ("candidacy_registered", CANDIDACY_REGISTERED, candidacy_registered),
            ("candidacy_withdrawn", CANDIDACY_WITHDRAWN, candidacy_withdrawn),
            ("correction_requested", CORRECTION_REQUESTED, correction_requested),
            ("window_extended", WINDOW_EXTENDED, window_extended),
            ("candidacy_submitted", CANDIDACY_SUBMITTED, candidacy_submitted),
            ("candidacy_validated", CANDIDACY_VALIDATED, candidacy_validated),
            ("supervisor_edited", SUPERVISOR_EDITED, supervisor_edited),
            ("party_warned", PARTY_WARNED, party_warned),
            ("correction_decided", CORRECTION_DECIDED, correction_decided),
            ("change_window_opened", CHANGE_WINDOW_OPENED, change_window_opened),
            ("change_completed", CHANGE_COMPLETED, change_completed),
        )
    ]
    + [
        EventConsumer(
            name=name,
            producer=ServiceName.MODERATION,
            event_type=spec.event_type,
            version=spec.version,
            handler=handler,
        )
        for name, spec, handler in (
            ("change_request_filed", CHANGE_REQUEST_FILED, change_request_filed),
            ("change_request_decided", CHANGE_REQUEST_DECIDED, change_request_decided),
            ("moderation_decided", MODERATION_DECIDED, moderation_decided),
            ("completeness_reminded", COMPLETENESS_REMINDED, completeness_reminded),
            ("consent_rejected", CONSENT_REJECTED, consent_rejected),
        )
    ]
    + [
        EventConsumer(
            name=name,
            producer=ServiceName.INCIDENTS,
            event_type=spec.event_type,
            version=spec.version,
            handler=handler,
        )
        for name, spec, handler in (
            ("incident_opened", INCIDENT_OPENED, incident_opened),
            ("incident_moved", INCIDENT_MOVED, incident_moved),
            ("incident_assigned", INCIDENT_ASSIGNED, incident_assigned),
            ("incident_overdue", INCIDENT_OVERDUE, incident_overdue),
        )
    ]
)
