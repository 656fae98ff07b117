"""statistics.*: identity aggregates for publication, and the data matrix without names
for the analysis area (001 §6)."""

from contracts.capture import Aggregates, DataMatrix, StatisticsRequest
from contracts.errors import ErrorCode
from contracts.requests import Document, Request
from services.capture.domain.scope import STATISTICS_READERS
from services.capture.handlers.refusals import in_transaction, signed_in, with_connection
from services.capture.steps import compiling_statistics
from services.runtime.refusal_replies import refuse
from services.runtime.service_deps import ServiceDeps


async def aggregates(deps: ServiceDeps, request: Request[StatisticsRequest]) -> Aggregates:
    """Of validated candidacies; publication asks as the system, people as admin/analyst."""
    if request.principal is not None and request.principal.role not in STATISTICS_READERS:
        raise refuse(ErrorCode.FORBIDDEN, "Las estadísticas se consultan en el portal público.")
    return await with_connection(deps, compiling_statistics.aggregates, deps, request.payload)


async def matrix(deps: ServiceDeps, request: Request[StatisticsRequest]) -> DataMatrix:
    caller = signed_in(request, "consultar la matriz de datos")
    if caller.principal.role not in STATISTICS_READERS:
        raise refuse(ErrorCode.FORBIDDEN, "La matriz de datos es del área de análisis.")
    return await in_transaction(deps, compiling_statistics.matrix, deps, request.payload, caller)


async def matrix_export(deps: ServiceDeps, request: Request[StatisticsRequest]) -> Document:
    """The same matrix as a CSV the analysis area downloads (004 §6)."""
    caller = signed_in(request, "descargar la matriz de datos")
    if caller.principal.role not in STATISTICS_READERS:
        raise refuse(ErrorCode.FORBIDDEN, "La matriz de datos es del área de análisis.")
    read = await in_transaction(deps, compiling_statistics.matrix, deps, request.payload, caller)
    return compiling_statistics.matrix_csv(read)
