"""Bulk pre-load (001 §14): the template to download, and the upload that fills drafts
only — all or nothing, every problem listed — where the profile offers it."""

import base64
from typing import Any

from contracts.capture import (
    ImportFormat,
    PreloadImport,
    PreloadReport,
    QuestionnaireName,
    QuestionnaireSave,
    TemplateRequest,
)
from contracts.errors import ErrorCode
from contracts.requests import Document, Principal, Request
from contracts.roles import NotAllowed, OutOfScope
from services.capture import store
from services.capture.capturing import profile_of, save, scope_of
from services.capture.domain.preload import check_preload, template_columns
from services.capture.domain.scope import check_may_capture
from services.capture.handlers.refusals import refuse, signed_in
from services.capture.handlers.registry import MAX_PROBLEMS_LISTED
from services.capture.handlers.uploads import uploaded_rows
from services.runtime.service_deps import ServiceDeps
from services.runtime.spreadsheets import csv_text, xlsx_bytes

NAMES = {"curricular": QuestionnaireName.CURRICULAR, "identidad": QuestionnaireName.IDENTITY}


async def _capturable(conn: Any, principal: Principal, election_id: str) -> tuple[Any, list[str]]:
    election = await store.election(conn, election_id)
    if election is None:
        raise refuse(ErrorCode.NOT_FOUND, "No existe esa elección.")
    profile = profile_of(election)
    if not profile.capture.bulk_preload:
        raise refuse(ErrorCode.CONFLICT, "Este proceso no prevé la precarga masiva.")
    keys = []
    for row in await store.candidacies_in_scope(
        conn, election_id=election_id, party=None, candidacy_id=None, status="draft"
    ):
        try:
            check_may_capture(principal, scope_of(row), profile.capture.captured_by)
        except (OutOfScope, NotAllowed):
            continue
        if row["status"] == "registrada":
            keys.append(row["candidacy_id"])
    return profile, keys


def _template(file_format: ImportFormat, keys: list[str]) -> bytes:
    rows = [template_columns(), *[[key] for key in keys]]
    if file_format is ImportFormat.XLSX:
        return xlsx_bytes(rows)
    return csv_text(rows).encode("utf-8-sig")


async def template(deps: ServiceDeps, request: Request[TemplateRequest]) -> Document:
    principal = signed_in(request, "descargar la plantilla")
    order = request.payload
    if order.formato is ImportFormat.JSON:
        raise refuse(ErrorCode.INVALID_REQUEST, "La plantilla es CSV o XLSX.")
    async with deps.pool.acquire() as conn:
        _, keys = await _capturable(conn, principal, order.election_id)
    content = _template(order.formato, keys)
    media = (
        "text/csv"
        if order.formato is ImportFormat.CSV
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return Document(
        filename=f"plantilla-precarga.{order.formato.value}",
        media_type=media,
        content_base64=base64.b64encode(content).decode(),
    )


async def preload(deps: ServiceDeps, request: Request[PreloadImport]) -> PreloadReport:
    principal = signed_in(request, "precargar")
    order = request.payload
    rows = await uploaded_rows(deps, principal, order.upload_id, order.format, order.election_id)
    async with deps.pool.acquire() as conn, conn.transaction():
        _, keys = await _capturable(conn, principal, order.election_id)
        drafts, problems = check_preload(rows, set(keys))
        if problems:
            raise refuse(
                ErrorCode.INVALID_REQUEST,
                f"El archivo tiene {len(problems)} problemas; no se precargó nada.",
                problems[:MAX_PROBLEMS_LISTED],
            )
        for key, by_questionnaire in drafts:
            for name, answers in by_questionnaire.items():
                if answers:
                    await save(
                        conn,
                        deps.settings,
                        deps.outbox,
                        QuestionnaireSave(
                            candidacy_id=key, cuestionario=NAMES[name], respuestas=answers
                        ),
                        principal,
                        request_id=request.request_id,
                        client_address=request.client_address,
                    )
    return PreloadReport(rows=len(rows), candidacies=len(drafts))
