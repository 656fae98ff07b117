"""What a service answers to a health request, and what the gateway serves at /salud."""

from enum import StrEnum

from pydantic import BaseModel, Field

from contracts.operations import Operation
from contracts.requests import Empty


class HealthStatus(StrEnum):
    UP = "arriba"
    DOWN = "abajo"


class ServiceHealth(BaseModel):
    service: str
    status: HealthStatus
    checks: dict[str, HealthStatus] = Field(
        default_factory=dict, description="Each dependency the service needs, and its state."
    )
    detail: str | None = None
    pid: int | None = None


class SystemHealth(BaseModel):
    status: HealthStatus
    services: list[ServiceHealth]


def health_check(service: str) -> Operation[Empty, ServiceHealth]:
    """Every service answers it, the runtime's own responder (service_host.py)."""
    return Operation(service, "health", Empty, ServiceHealth)
