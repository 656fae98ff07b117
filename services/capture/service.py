"""Wiring of the capture service: the election and its profile, the candidacies, and the
curricular and identity questionnaires (DESIGN §2-4)."""

from pathlib import Path

from contracts.operations import capture as capture_operations
from contracts.services import ServiceName
from services.capture.consumers import CONSUMERS
from services.capture.demo import load_demo
from services.capture.handlers import (
    candidacy,
    consent,
    correction,
    election,
    photo,
    preload,
    privacy,
    progress_report,
    questionnaire,
    registry,
    statistics,
    upload,
    window,
)
from services.capture.timers import TIMERS
from services.runtime.requests import RequestRoute
from services.runtime.service_hooks import DemoData
from services.runtime.service_host import ServiceDefinition

definition = ServiceDefinition(
    name=ServiceName.CAPTURE,
    migrations=Path(__file__).parent / "migrations",
    requests=[
        RequestRoute(capture_operations.ELECTION_CONFIGURE, election.configure_election),
        RequestRoute(capture_operations.ELECTION_GET, election.election),
        RequestRoute(capture_operations.ELECTION_LIST, election.elections),
        RequestRoute(capture_operations.UPLOAD_CHUNK, upload.upload_chunk),
        RequestRoute(capture_operations.REGISTRY_IMPORT, registry.import_registry),
        RequestRoute(capture_operations.QUESTIONNAIRE_GET, questionnaire.get_questionnaire),
        RequestRoute(capture_operations.QUESTIONNAIRE_SAVE, questionnaire.save_questionnaire),
        RequestRoute(capture_operations.CANDIDACY_LIST, candidacy.candidacies),
        RequestRoute(capture_operations.CANDIDACY_SUMMARY, candidacy.candidacy_summary),
        RequestRoute(capture_operations.CANDIDACY_COMPLETENESS, candidacy.candidacy_completeness),
        RequestRoute(capture_operations.CANDIDACY_SUBMIT, candidacy.submit_candidacy),
        RequestRoute(capture_operations.CANDIDACY_SUBMISSION_PREVIEW, candidacy.submission_preview),
        RequestRoute(capture_operations.CANDIDACY_VALIDATE, candidacy.validate_candidacy),
        RequestRoute(capture_operations.CANDIDACY_REQUEST_CORRECTION, candidacy.request_correction),
        RequestRoute(capture_operations.CANDIDACY_WARN_PARTY, candidacy.warn_party),
        RequestRoute(capture_operations.VALIDATION_QUEUE, candidacy.validation_queue),
        RequestRoute(capture_operations.WINDOW_EXTEND, window.extend),
        RequestRoute(capture_operations.PHOTO_ATTACH, photo.attach_photo),
        RequestRoute(capture_operations.PHOTO_KEEP_FOR_CHANGE, photo.keep_photo_for_change),
        RequestRoute(capture_operations.CONSENT_ATTACH, consent.attach_consent),
        RequestRoute(capture_operations.CONSENT_REVOKE, consent.revoke_consent),
        RequestRoute(capture_operations.CONSENT_FORMAT, consent.consent_format),
        RequestRoute(capture_operations.CONSENT_BLANK_FORMAT, consent.blank_consent_format),
        RequestRoute(capture_operations.FILE_GET, photo.get_file),
        RequestRoute(capture_operations.PRIVACY_ACCEPT, privacy.accept_privacy),
        RequestRoute(capture_operations.PRELOAD_TEMPLATE, preload.template),
        RequestRoute(capture_operations.PRELOAD_IMPORT, preload.preload),
        RequestRoute(capture_operations.STATISTICS_AGGREGATES, statistics.aggregates),
        RequestRoute(capture_operations.STATISTICS_MATRIX, statistics.matrix),
        RequestRoute(capture_operations.STATISTICS_MATRIX_EXPORT, statistics.matrix_export),
        RequestRoute(capture_operations.PROGRESS_REPORT_MAKE, progress_report.make_report),
        RequestRoute(capture_operations.PROGRESS_REPORT_LIST, progress_report.reports),
        RequestRoute(capture_operations.PROGRESS_REPORT_GET, progress_report.report_file),
        RequestRoute(capture_operations.REGISTRY_CHANGE, registry.receive_change),
        RequestRoute(capture_operations.CORRECTION_LIST, correction.pending),
        RequestRoute(capture_operations.CORRECTION_GET, correction.view),
        RequestRoute(capture_operations.CORRECTION_APPLY, correction.apply),
        RequestRoute(capture_operations.CORRECTION_DECLINE, correction.decline),
        RequestRoute(capture_operations.REGISTRY_TEMPLATE, registry.registry_template),
    ],
    consumers=CONSUMERS,
    timers=TIMERS,
    demo=DemoData(load_demo),
)
