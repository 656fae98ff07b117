"""Wiring of the capture service: the election and its profile, the candidacies, and the
curricular and identity questionnaires (DESIGN §2-4)."""

from pathlib import Path

from contracts.capture import (
    Attach,
    CandidacyRef,
    CorrectionRequest,
    ElectionConfig,
    ElectionRef,
    FileRef,
    PreloadImport,
    PrivacyAcceptance,
    QuestionnaireRef,
    QuestionnaireSave,
    RegistryImport,
    StatisticsRequest,
    Submit,
    TemplateRequest,
    UploadChunk,
)
from contracts.requests import Empty
from contracts.services import ServiceName
from services.capture.consumers import capture_consumers
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
from services.runtime.service_host import ServiceDefinition

definition = ServiceDefinition(
    name=ServiceName.CAPTURE,
    migrations=Path(__file__).parent / "migrations",
    requests=[
        RequestRoute("election.configure", ElectionConfig, elections.configure_election),
        RequestRoute("election.get", ElectionRef, elections.election),
        RequestRoute("election.list", Empty, elections.elections),
        RequestRoute("upload.chunk", UploadChunk, uploads.upload_chunk),
        RequestRoute("registry.import", RegistryImport, registry.import_registry),
        RequestRoute("questionnaire.get", QuestionnaireRef, questionnaires.get_questionnaire),
        RequestRoute("questionnaire.save", QuestionnaireSave, questionnaires.save_questionnaire),
        RequestRoute("candidacy.list", Empty, lifecycle.candidacies),
        RequestRoute("candidacy.submit", Submit, lifecycle.submit_candidacy),
        RequestRoute("candidacy.submission_preview", CandidacyRef, lifecycle.submission_preview),
        RequestRoute("candidacy.validate", CandidacyRef, lifecycle.validate_candidacy),
        RequestRoute(
            "candidacy.request_correction", CorrectionRequest, lifecycle.request_correction
        ),
        RequestRoute("validation.queue", Empty, lifecycle.validation_queue),
        RequestRoute("photo.attach", Attach, files.attach_photo),
        RequestRoute("consent.attach", Attach, files.attach_consent),
        RequestRoute("consent.revoke", CandidacyRef, files.revoke_consent),
        RequestRoute("consent.format", CandidacyRef, files.consent_format),
        RequestRoute("file.get", FileRef, files.get_file),
        RequestRoute("privacy.accept", PrivacyAcceptance, files.accept_privacy),
        RequestRoute("preload.template", TemplateRequest, preload.template),
        RequestRoute("preload.import", PreloadImport, preload.preload),
        RequestRoute("statistics.aggregates", StatisticsRequest, statistics.aggregates),
        RequestRoute("statistics.matrix", StatisticsRequest, statistics.matrix),
    ],
    build_consumers=capture_consumers,
    timers=[REMINDER_TIMER, SUPPRESSION_TIMER, UPLOAD_EXPIRY_TIMER],
)
