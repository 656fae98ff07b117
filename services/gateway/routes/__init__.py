"""Every route of the gateway, added in one place: each module declares its own routes
beside their handlers (routing.py, api.py), so importing them here declares them all."""

from aiohttp import web

from services.gateway.api import api
from services.gateway.routes import (
    account_pages,
    accounts,
    accounts_console_pages,
    analysis_api,
    analysis_pages,
    audit,
    audit_console,
    authorisation_api,
    authorisation_pages,
    backup_pages,
    capture,
    capture_pages,
    cedula_api,
    cedula_pages,
    change_request_api,
    change_request_pages,
    completeness_api,
    completeness_pages,
    consent_review_api,
    consent_review_pages,
    correction_pages,
    docs,
    health,
    incident_api,
    incident_pages,
    ine,
    moderation,
    moderation_pages,
    open_data,
    portal,
    privacy_notice,
    public_api,
    public_pages,
    public_statistics,
    questionnaire_pages,
    registry_pages,
    submission_pages,
    trace_pages,
)
from services.gateway.routing import pages

__all__ = [
    "account_pages",
    "accounts",
    "accounts_console_pages",
    "analysis_api",
    "analysis_pages",
    "audit",
    "audit_console",
    "authorisation_api",
    "authorisation_pages",
    "backup_pages",
    "capture",
    "capture_pages",
    "cedula_api",
    "cedula_pages",
    "change_request_api",
    "change_request_pages",
    "completeness_api",
    "completeness_pages",
    "consent_review_api",
    "consent_review_pages",
    "correction_pages",
    "docs",
    "health",
    "incident_api",
    "incident_pages",
    "ine",
    "moderation",
    "moderation_pages",
    "open_data",
    "portal",
    "privacy_notice",
    "public_api",
    "public_pages",
    "public_statistics",
    "questionnaire_pages",
    "registry_pages",
    "setup_routes",
    "submission_pages",
    "trace_pages",
]


def setup_routes(app: web.Application) -> None:
    api.add_to(app)
    pages.add_to(app)
    open_data.setup(app)
    public_statistics.setup(app)
