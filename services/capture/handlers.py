"""Requests to the capture service: parse → authorise → load → decide → save+outbox → reply."""

import base64
import binascii
from typing import Any

from contracts.capture import (
    ElectionConfig,
    ElectionRef,
    Elections,
    ImportReport,
    QuestionnaireName,
    QuestionnaireRef,
    QuestionnaireSave,
    QuestionnaireView,
    RegistryImport,
    UploadChunk,
)
from contracts.envelope import utc_now
from contracts.errors import ErrorCode, ErrorReply, FieldProblem
from contracts.profile import InstituteProfile
from contracts.requests import Empty, Principal, Request
from contracts.roles import Role
from services.capture import store
from services.capture.capturing import profile_of, record_identity_read, save, scope_of, view
from services.capture.data_keys import KeyDestroyed
from services.capture.domain.registry import check_rows
from services.capture.domain.registry_files import UnreadableFile, read_rows
from services.capture.domain.scope import NotAllowed, OutOfScope, check_may_capture, check_may_read
from services.capture.elections import configure
from services.capture.profiles import SHIPPED, ProfileRefused, load_profile
from services.capture.registry import import_formulas
from services.runtime.requests import RequestRefused


def refuse(
    code: ErrorCode, detail: str, fields: list[FieldProblem] | None = None
) -> RequestRefused:
    error = ErrorReply.of(code, detail).model_copy(update={"fields": fields or []})
    return RequestRefused(error)


async def configure_election(deps: Any, request: Request[ElectionConfig]) -> ElectionConfig:
    principal = request.principal
    if principal is None:
        raise refuse(ErrorCode.UNAUTHENTICATED, "Inicie sesión para configurar elecciones.")
    if principal.role != Role.ADMIN:
        raise refuse(ErrorCode.FORBIDDEN, "Solo la administración configura elecciones.")
    config = request.payload
    path = SHIPPED / f"{config.profile}.toml"
    if not path.is_file():
        available = ", ".join(sorted(p.stem for p in SHIPPED.glob("*.toml")))
        raise refuse(
            ErrorCode.INVALID_REQUEST, "El perfil no existe.",
            [FieldProblem(field="profile", reason=f"Perfiles disponibles: {available}.")],
        )  # fmt: skip
    try:
        profile = load_profile(path)
    except ProfileRefused as refused:
        raise refuse(ErrorCode.INTERNAL, str(refused)) from None
    async with deps.pool.acquire() as conn, conn.transaction():
        return await configure(
            conn, deps.outbox, config, profile, principal=principal,
            request_id=request.request_id, client_address=request.client_address,
        )  # fmt: skip


async def election(deps: Any, request: Request[ElectionRef]) -> ElectionConfig:
    if request.principal is None:
        raise refuse(ErrorCode.UNAUTHENTICATED, "Inicie sesión para consultar la elección.")
    row = await store.election(deps.pool, request.payload.election_id)
    if row is None:
        raise refuse(ErrorCode.NOT_FOUND, "No existe esa elección.")
    return ElectionConfig.model_validate_json(row["config"])


async def elections(deps: Any, request: Request[Empty]) -> Elections:
    if request.principal is None:
        raise refuse(ErrorCode.UNAUTHENTICATED, "Inicie sesión para consultar las elecciones.")
    rows = await store.elections(deps.pool)
    return Elections(elections=[ElectionConfig.model_validate_json(r["config"]) for r in rows])


MAX_PROBLEMS_LISTED = 2000


def require_admin(request: Request[Any], what: str) -> Principal:
    principal = request.principal
    if principal is None:
        raise refuse(ErrorCode.UNAUTHENTICATED, "Inicie sesión para continuar.")
    if principal.role != Role.ADMIN:
        raise refuse(ErrorCode.FORBIDDEN, f"Solo la administración {what}.")
    return principal


async def upload_chunk(deps: Any, request: Request[UploadChunk]) -> Empty:
    principal = require_admin(request, "sube archivos del registro")
    chunk = request.payload
    try:
        data = base64.b64decode(chunk.content_base64, validate=True)
    except binascii.Error:
        raise refuse(ErrorCode.INVALID_REQUEST, "El fragmento no es base64 válido.") from None
    await store.save_chunk(
        deps.pool, chunk.upload_id, chunk.index, chunk.total, data, principal.account_id,
        utc_now(),
    )  # fmt: skip
    return Empty()


async def import_registry(deps: Any, request: Request[RegistryImport]) -> ImportReport:
    principal = require_admin(request, "importa el registro de candidaturas")
    order = request.payload
    async with deps.pool.acquire() as conn, conn.transaction():
        row = await store.election(conn, order.election_id)
        if row is None:
            raise refuse(ErrorCode.NOT_FOUND, "No existe esa elección.")
        election = ElectionConfig.model_validate_json(row["config"])
        content = await store.take_upload(conn, order.upload_id, principal.account_id)
        if content is None:
            raise refuse(
                ErrorCode.INVALID_REQUEST, "El archivo no llegó completo; súbalo de nuevo."
            )
        try:
            rows = read_rows(order.format, content)
        except UnreadableFile as unreadable:
            raise refuse(ErrorCode.INVALID_REQUEST, str(unreadable)) from None
        if not rows:
            raise refuse(ErrorCode.INVALID_REQUEST, "El archivo no tiene filas.")
        formulas, problems = check_rows(rows, election)
        result = problems or await import_formulas(
            conn, deps.outbox, election, formulas, principal=principal, now=utc_now(),
            rows=len(rows), request_id=request.request_id, client_address=request.client_address,
        )  # fmt: skip
    if isinstance(result, list):
        listed = result[:MAX_PROBLEMS_LISTED]
        more = f" Se muestran los primeros {len(listed)}." if len(result) > len(listed) else ""
        raise refuse(
            ErrorCode.INVALID_REQUEST,
            f"El archivo tiene {len(result)} problemas; no se importó nada.{more}", listed,
        )  # fmt: skip
    return result


def _scope_refusals(error: Exception) -> RequestRefused:
    if isinstance(error, OutOfScope):
        return refuse(ErrorCode.FORBIDDEN, "La candidatura no es de su partido o ámbito.")
    return refuse(ErrorCode.FORBIDDEN, "Su rol no captura ni consulta esta candidatura.")


async def _candidacy_and_election(conn: Any, candidacy_id: str) -> tuple[Any, InstituteProfile]:
    row = await store.candidacy(conn, candidacy_id)
    if row is None:
        raise refuse(ErrorCode.NOT_FOUND, "No existe esa candidatura.")
    election = await store.election(conn, row["election_id"])
    assert election is not None  # a candidacy references its election
    return row, profile_of(election)


async def get_questionnaire(deps: Any, request: Request[QuestionnaireRef]) -> QuestionnaireView:
    principal = request.principal
    if principal is None:
        raise refuse(ErrorCode.UNAUTHENTICATED, "Inicie sesión para consultar la candidatura.")
    ref = request.payload
    async with deps.pool.acquire() as conn, conn.transaction():
        row, _ = await _candidacy_and_election(conn, ref.candidacy_id)
        candidacy = scope_of(row)
        try:
            check_may_read(principal, candidacy)
        except (OutOfScope, NotAllowed) as error:
            raise _scope_refusals(error) from None
        if ref.cuestionario is QuestionnaireName.IDENTITY:
            await record_identity_read(
                conn, deps.outbox, candidacy, principal, request_id=request.request_id,
                client_address=request.client_address,
            )  # fmt: skip
        try:
            return await view(conn, deps.settings, ref.candidacy_id, ref.cuestionario)
        except KeyDestroyed:
            raise refuse(ErrorCode.CONFLICT, "Los datos de identidad de esta candidatura se "
                         "suprimieron.") from None  # fmt: skip


async def save_questionnaire(deps: Any, request: Request[QuestionnaireSave]) -> QuestionnaireView:
    principal = request.principal
    if principal is None:
        raise refuse(ErrorCode.UNAUTHENTICATED, "Inicie sesión para capturar.")
    order = request.payload
    async with deps.pool.acquire() as conn, conn.transaction():
        row, profile = await _candidacy_and_election(conn, order.candidacy_id)
        candidacy = scope_of(row)
        try:
            check_may_capture(principal, candidacy, profile.capture.captured_by)
        except (OutOfScope, NotAllowed) as error:
            raise _scope_refusals(error) from None
        if row["status"] != "registrada":
            raise refuse(ErrorCode.CONFLICT, "La candidatura fue sustituida o cancelada.")
        try:
            return await save(
                conn, deps.settings, deps.outbox, order, principal,
                request_id=request.request_id, client_address=request.client_address,
            )  # fmt: skip
        except KeyDestroyed:
            raise refuse(ErrorCode.CONFLICT, "Los datos de identidad de esta candidatura se "
                         "suprimieron.") from None  # fmt: skip
