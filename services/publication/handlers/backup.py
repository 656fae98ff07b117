"""backup.list: the backups taken or tried, for the admin console (role ``admin``)."""

from contracts.backups import BackupList
from contracts.requests import Empty, Request
from services.publication.handlers.refusals import in_transaction, signed_in
from services.publication.steps import backing_up
from services.runtime.service_deps import ServiceDeps


async def backup_list(deps: ServiceDeps, request: Request[Empty]) -> BackupList:
    caller = signed_in(request, "consultar los respaldos")
    return await in_transaction(deps, backing_up.backup_list, deps, caller)
