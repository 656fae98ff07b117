"""window.*: the institute extends capture windows."""

from contracts.capture import WindowExtension, WindowsExtended
from contracts.requests import Request
from services.capture.handlers.refusals import admin, in_transaction
from services.capture.steps import extending_windows
from services.runtime.service_deps import ServiceDeps


async def extend(deps: ServiceDeps, request: Request[WindowExtension]) -> WindowsExtended:
    caller = admin(request, "amplía los plazos de captura")
    return await in_transaction(deps, extending_windows.extend, deps, request.payload, caller)
