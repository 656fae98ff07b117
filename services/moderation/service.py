"""Wiring of the moderation service: its requests, event consumers, timers and migrations.

Automatic screening against the prohibitions of 002 §II.A.1, verifiers' decisions per
field or profile, consent verification (000 §3.9) and the Cédula de Evaluación (001 §6).
"""

from pathlib import Path

from contracts.operations import moderation as moderation_operations
from contracts.services import ServiceName
from services.moderation.consumers import CONSUMERS
from services.moderation.demo import load_demo
from services.moderation.handlers import (
    authorisation,
    cedula,
    change_request,
    completeness,
    consent,
    review,
)
from services.runtime.requests import RequestRoute
from services.runtime.service_hooks import DemoData
from services.runtime.service_host import ServiceDefinition

definition = ServiceDefinition(
    name=ServiceName.MODERATION,
    migrations=Path(__file__).parent / "migrations",
    requests=[
        RequestRoute(moderation_operations.REVIEW_QUEUE, review.review_queue),
        RequestRoute(moderation_operations.REVIEW_GET, review.review),
        RequestRoute(moderation_operations.REVIEW_DECIDE, review.decide),
        RequestRoute(moderation_operations.REVIEW_REVERSE, review.reverse),
        RequestRoute(moderation_operations.REVIEW_CLEAR, review.clear),
        RequestRoute(moderation_operations.OBSERVATIONS, review.observations),
        RequestRoute(moderation_operations.CEDULA_GET, cedula.cedula_get),
        RequestRoute(moderation_operations.CEDULA_SCORE, cedula.cedula_score),
        RequestRoute(moderation_operations.CEDULA_PARTY_RESULTS, cedula.party_results),
        RequestRoute(moderation_operations.CEDULA_EXPORT, cedula.cedula_export),
        RequestRoute(moderation_operations.CEDULA_QUALITY, cedula.quality),
        RequestRoute(moderation_operations.CEDULA_QUALITY_EXPORT, cedula.quality_export),
        RequestRoute(moderation_operations.CONSENT_QUEUE, consent.consent_queue),
        RequestRoute(moderation_operations.CONSENT_GET, consent.consent_get),
        RequestRoute(moderation_operations.CONSENT_VERIFY, consent.consent_verify),
        RequestRoute(moderation_operations.CONSENT_REJECT, consent.consent_reject),
        RequestRoute(moderation_operations.AUTHORISATION_QUEUE, authorisation.authorisation_queue),
        RequestRoute(moderation_operations.AUTHORISATION_AUTHORISE, authorisation.authorise),
        RequestRoute(moderation_operations.AUTHORISATION_PUBLISHED, authorisation.published),
        RequestRoute(moderation_operations.AUTHORISATION_CHECK, authorisation.check_published),
        RequestRoute(moderation_operations.COMPLETENESS_REMIND, completeness.remind),
        RequestRoute(moderation_operations.COMPLETENESS_REMINDERS, completeness.reminders),
        RequestRoute(moderation_operations.CHANGE_REQUEST_FILE, change_request.file),
        RequestRoute(moderation_operations.CHANGE_REQUEST_LIST, change_request.listing),
        RequestRoute(moderation_operations.CHANGE_REQUEST_GET, change_request.get),
        RequestRoute(moderation_operations.CHANGE_REQUEST_APPROVE, change_request.approve),
        RequestRoute(moderation_operations.CHANGE_REQUEST_REJECT, change_request.reject),
    ],
    consumers=CONSUMERS,
    demo=DemoData(load_demo, after=(ServiceName.CAPTURE,)),
)
