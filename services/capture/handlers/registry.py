"""The candidacy registry import: an uploaded file, all or nothing."""

import asyncio
import multiprocessing
import pickle
from concurrent.futures import ProcessPoolExecutor

from contracts.capture import (
    ElectionConfig,
    ImportFormat,
    ImportReport,
    RegistryImport,
    UploadPurpose,
)
from contracts.envelope import utc_now
from contracts.errors import ErrorCode, FieldProblem
from contracts.requests import Request
from services.capture import store
from services.capture.domain.registry import Formula, check_rows
from services.capture.domain.registry_files import UnreadableFile, read_rows
from services.capture.handlers.refusals import refuse, require_admin
from services.capture.handlers.uploads import uploaded_file
from services.capture.registry import import_formulas
from services.runtime.requests import RequestRefused
from services.runtime.service_deps import ServiceDeps

MAX_PROBLEMS_LISTED = 2000


PICKLED_BATCH = 200  # formulas unpickled at a time, so the event loop is never held long


def _checked_file(
    file_format: ImportFormat, content: bytes, election: ElectionConfig, max_rows: int
) -> tuple[int, list[bytes], list[FieldProblem], int]:
    """The file's row count, its formulas pickled in batches, the problems listed and how
    many there are (run in a worker process: only what is shown comes back)."""
    rows = list(read_rows(file_format, content, max_rows))
    if not rows:
        raise UnreadableFile("El archivo no tiene filas.")
    formulas, problems = check_rows(rows, election)
    batches = [
        pickle.dumps(formulas[start : start + PICKLED_BATCH])
        for start in range(0, len(formulas), PICKLED_BATCH)
    ]
    return len(rows), batches, problems[:MAX_PROBLEMS_LISTED], len(problems)


async def _checked_apart(
    file_format: ImportFormat, content: bytes, election: ElectionConfig, max_rows: int
) -> tuple[int, list[Formula], list[FieldProblem], int]:
    """Reading and checking 100,000 rows takes seconds of CPU: in a process of its own
    (a thread would still hold the interpreter's lock most of that time), so the service
    keeps answering everyone else meanwhile."""
    worker = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
    try:
        rows, batches, listed, count = await asyncio.get_running_loop().run_in_executor(
            worker, _checked_file, file_format, content, election, max_rows
        )
    finally:
        worker.shutdown(wait=False)
    formulas: list[Formula] = []
    for batch in batches:  # our own worker's output, never a client's bytes
        formulas += pickle.loads(batch)  # noqa: S301
        await asyncio.sleep(0)
    return rows, formulas, listed, count


async def import_registry(deps: ServiceDeps, request: Request[RegistryImport]) -> ImportReport:
    principal = require_admin(request, "importa el registro de candidaturas")
    order = request.payload
    async with deps.pool.acquire() as conn:
        row = await store.election(conn, order.election_id)
    if row is None:
        raise refuse(ErrorCode.NOT_FOUND, "No existe esa elección.")
    election = ElectionConfig.model_validate_json(row["config"])
    content = await uploaded_file(
        deps, principal, order.upload_id, UploadPurpose.REGISTRY, order.election_id
    )
    try:
        rows, formulas, listed, count = await _checked_apart(
            order.format, content, election, deps.settings.registry_max_rows
        )
    except UnreadableFile as unreadable:
        raise refuse(ErrorCode.INVALID_REQUEST, str(unreadable)) from None
    del content
    if count:
        raise _rejected(listed, count)
    async with deps.pool.acquire() as conn, conn.transaction():
        result = await import_formulas(
            conn,
            deps.outbox,
            election,
            formulas,
            principal=principal,
            now=utc_now(),
            rows=rows,
            request_id=request.request_id,
            client_address=request.client_address,
        )
    if isinstance(result, list):
        raise _rejected(result[:MAX_PROBLEMS_LISTED], len(result))
    return result


def _rejected(listed: list[FieldProblem], count: int) -> RequestRefused:
    more = f" Se muestran los primeros {len(listed)}." if count > len(listed) else ""
    return refuse(
        ErrorCode.INVALID_REQUEST,
        f"El archivo tiene {count} problemas; no se importó nada.{more}",
        listed,
    )
