"""cedula.*: one candidacy's Cédula de Evaluación, the verifier's scoring of it, an
election's results per party and their export (001 §6)."""

from contracts.envelope import utc_now
from contracts.moderation import (
    Cedula,
    CedulaExport,
    CedulaQuality,
    CedulaQuery,
    CedulaRef,
    CedulaResults,
    CedulaScore,
    ElectionOf,
)
from contracts.requests import Document, Request
from services.moderation.handlers.refusals import in_transaction, signed_in, with_connection
from services.moderation.steps import scoring
from services.runtime.service_deps import ServiceDeps


async def cedula_get(deps: ServiceDeps, request: Request[CedulaRef]) -> Cedula:
    caller = signed_in(request, "consultar la Cédula de Evaluación")
    return await with_connection(deps, scoring.cedula, request.payload, caller)


async def cedula_score(deps: ServiceDeps, request: Request[CedulaScore]) -> Cedula:
    caller = signed_in(request, "calificar la Cédula de Evaluación")
    return await in_transaction(
        deps, scoring.score, deps.outbox, request.payload, caller, utc_now()
    )


async def party_results(deps: ServiceDeps, request: Request[CedulaQuery]) -> CedulaResults:
    caller = signed_in(request, "consultar los resultados de la Cédula de Evaluación")
    return await with_connection(deps, scoring.results, request.payload, caller)


async def cedula_export(deps: ServiceDeps, request: Request[CedulaExport]) -> Document:
    caller = signed_in(request, "descargar la Cédula de Evaluación")
    return await in_transaction(deps, scoring.export, deps.outbox, request.payload, caller)


async def quality(deps: ServiceDeps, request: Request[ElectionOf]) -> CedulaQuality:
    caller = signed_in(request, "consultar la calidad curricular")
    return await with_connection(deps, scoring.quality, request.payload, caller)


async def quality_export(deps: ServiceDeps, request: Request[ElectionOf]) -> Document:
    caller = signed_in(request, "descargar la calidad curricular")
    return await in_transaction(deps, scoring.quality_export, deps.outbox, request.payload, caller)
