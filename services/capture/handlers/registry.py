"""registry.import: the candidacy registry, from an uploaded file, all or nothing."""

from contracts.capture import ImportReport, RegistryImport
from contracts.requests import Request
from services.capture.handlers.refusals import admin, on_its_own
from services.capture.steps import importing
from services.runtime.service_deps import ServiceDeps


async def import_registry(deps: ServiceDeps, request: Request[RegistryImport]) -> ImportReport:
    caller = admin(request, "importa el registro de candidaturas")
    return await on_its_own(importing.import_registry, deps, request.payload, caller)
