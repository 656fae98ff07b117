"""The services of the system, by the name their folder, role, schema and subjects use."""

from enum import StrEnum


class ServiceName(StrEnum):
    ACCOUNTS = "accounts"
    CAPTURE = "capture"
    MODERATION = "moderation"
    PUBLICATION = "publication"
    AUDIT = "audit"
    INCIDENTS = "incidents"


BACKEND_SERVICES: tuple[ServiceName, ...] = tuple(ServiceName)
