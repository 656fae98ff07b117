"""Wiring of the capture service: the election and its profile, the candidacies, and the
curricular and identity questionnaires (DESIGN §2-4)."""

from pathlib import Path

from contracts.operations import capture as capture_operations
from contracts.services import ServiceName
from services.capture.consumers import CONSUMERS
from services.capture.demo import load_demo
from services.capture.handlers import (
    elections,
    files,
    lifecycle,
    preload,
    questionnaires,
    registry,
    statistics,
    uploads,
)
from services.capture.suppression import SUPPRESSION_TIMER
from services.capture.upload_expiry import UPLOAD_EXPIRY_TIMER
from services.capture.windows import REMINDER_TIMER
from services.runtime.requests import RequestRoute
from services.runtime.service_hooks import DemoData
from services.runtime.service_host import ServiceDefinition

definition = ServiceDefinition(
    name=ServiceName.CAPTURE,
    migrations=Path(__file__).parent / "migrations",
    requests=[
        RequestRoute(capture_operations.ELECTION_CONFIGURE, elections.configure_election),
        RequestRoute(capture_operations.ELECTION_GET, elections.election),
        RequestRoute(capture_operations.ELECTION_LIST, elections.elections),
        RequestRoute(capture_operations.UPLOAD_CHUNK, uploads.upload_chunk),
        RequestRoute(capture_operations.REGISTRY_IMPORT, registry.import_registry),
        RequestRoute(capture_operations.QUESTIONNAIRE_GET, questionnaires.get_questionnaire),
        RequestRoute(capture_operations.QUESTIONNAIRE_SAVE, questionnaires.save_questionnaire),
        RequestRoute(capture_operations.CANDIDACY_LIST, lifecycle.candidacies),
        RequestRoute(capture_operations.CANDIDACY_SUBMIT, lifecycle.submit_candidacy),
        RequestRoute(capture_operations.CANDIDACY_SUBMISSION_PREVIEW, lifecycle.submission_preview),
        RequestRoute(capture_operations.CANDIDACY_VALIDATE, lifecycle.validate_candidacy),
        RequestRoute(capture_operations.CANDIDACY_REQUEST_CORRECTION, lifecycle.request_correction),
        RequestRoute(capture_operations.VALIDATION_QUEUE, lifecycle.validation_queue),
        RequestRoute(capture_operations.PHOTO_ATTACH, files.attach_photo),
        RequestRoute(capture_operations.CONSENT_ATTACH, files.attach_consent),
        RequestRoute(capture_operations.CONSENT_REVOKE, files.revoke_consent),
        RequestRoute(capture_operations.CONSENT_FORMAT, files.consent_format),
        RequestRoute(capture_operations.FILE_GET, files.get_file),
        RequestRoute(capture_operations.PRIVACY_ACCEPT, files.accept_privacy),
        RequestRoute(capture_operations.PRELOAD_TEMPLATE, preload.template),
        RequestRoute(capture_operations.PRELOAD_IMPORT, preload.preload),
        RequestRoute(capture_operations.STATISTICS_AGGREGATES, statistics.aggregates),
        RequestRoute(capture_operations.STATISTICS_MATRIX, statistics.matrix),
    ],
    consumers=CONSUMERS,
    timers=[REMINDER_TIMER, SUPPRESSION_TIMER, UPLOAD_EXPIRY_TIMER],
    demo=DemoData(load_demo),
)
