"""registry.import: the candidacy registry, from an uploaded file, all or nothing;
registry.change: one change from the registration system's feed; registry.template: the
file to fill, with the election's lists."""

from contracts.capture import (
    ImportReport,
    RegistryChange,
    RegistryChangeReceipt,
    RegistryImport,
    TemplateRequest,
)
from contracts.requests import Document, Request
from services.capture.handlers.refusals import (
    admin,
    in_transaction,
    on_its_own,
    registration_system,
)
from services.capture.steps import applying_changes, importing, templating_registry
from services.runtime.service_deps import ServiceDeps


async def import_registry(deps: ServiceDeps, request: Request[RegistryImport]) -> ImportReport:
    caller = admin(request, "importa el registro de candidaturas")
    return await on_its_own(importing.import_registry, deps, request.payload, caller)


async def receive_change(
    deps: ServiceDeps, request: Request[RegistryChange]
) -> RegistryChangeReceipt:
    """registry.change: only the registration system's own account sends them."""
    caller = registration_system(request)
    return await in_transaction(deps, applying_changes.apply_change, deps, request.payload, caller)


async def registry_template(deps: ServiceDeps, request: Request[TemplateRequest]) -> Document:
    admin(request, "descarga la plantilla del registro de candidaturas")
    return await on_its_own(templating_registry.registry_template, deps, request.payload)
