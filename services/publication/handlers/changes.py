"""changes.list: INE's feed of publication changes from ``desde``, in order (role ``ine``
or ``admin``); key.get: the public key that signs them (anyone)."""

from contracts.ine import ChangesPage, ChangesQuery, PublicationKey
from contracts.requests import Empty, Request
from services.publication.handlers.refusals import in_transaction, signed_in
from services.publication.steps import serving
from services.runtime.callers import Caller
from services.runtime.service_deps import ServiceDeps


async def changes_list(deps: ServiceDeps, request: Request[ChangesQuery]) -> ChangesPage:
    caller = signed_in(request, "consultar los cambios publicados")
    return await in_transaction(deps, serving.changes_page, deps, request.payload, caller)


async def publication_key(deps: ServiceDeps, request: Request[Empty]) -> PublicationKey:
    caller = Caller(request.principal, request.request_id, request.client_address)
    return serving.publication_key(deps, caller)
