"""Wiring of the capture service: the election and its profile, the candidacies, and the
curricular and identity questionnaires (DESIGN §2-4)."""

from pathlib import Path

from contracts.capture import (
    ElectionConfig,
    ElectionRef,
    QuestionnaireRef,
    QuestionnaireSave,
    RegistryImport,
    UploadChunk,
)
from contracts.requests import Empty
from contracts.services import ServiceName
from services.capture import handlers
from services.runtime.requests import RequestRoute
from services.runtime.service_host import ServiceDefinition

definition = ServiceDefinition(
    name=ServiceName.CAPTURE,
    migrations=Path(__file__).parent / "migrations",
    requests=[
        RequestRoute("election.configure", ElectionConfig, handlers.configure_election),
        RequestRoute("election.get", ElectionRef, handlers.election),
        RequestRoute("election.list", Empty, handlers.elections),
        RequestRoute("upload.chunk", UploadChunk, handlers.upload_chunk),
        RequestRoute("registry.import", RegistryImport, handlers.import_registry),
        RequestRoute("questionnaire.get", QuestionnaireRef, handlers.get_questionnaire),
        RequestRoute("questionnaire.save", QuestionnaireSave, handlers.save_questionnaire),
    ],
)
