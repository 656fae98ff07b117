"""Bulk pre-load (001 §14): the template to download, and the upload that fills drafts
only — all or nothing, every problem listed — where the profile offers it
(``domain/preload_rows.py`` checks the rows)."""

import base64

from contracts.capture import (
    ImportFormat,
    PreloadImport,
    PreloadReport,
    QuestionnaireName,
    QuestionnaireSave,
    TemplateRequest,
)
from contracts.requests import Document, Principal
from contracts.roles import NotAllowed, OutOfScope
from services.capture.domain.errors import MAX_PROBLEMS_LISTED, Invalid, Refused
from services.capture.domain.formulas import Status
from services.capture.domain.one_chance import CaptureStatus
from services.capture.domain.preload_rows import check_preload, template_columns
from services.capture.domain.scope import ListScope, check_may_capture
from services.capture.steps.capturing import save
from services.capture.steps.finding import election_named
from services.capture.steps.recording import SignedIn
from services.capture.steps.uploading import PRELOAD_OFF, take_rows
from services.capture.store import candidacies
from services.runtime.connections import Connection
from services.runtime.service_deps import ServiceDeps
from services.runtime.spreadsheets import csv_text, xlsx_bytes

NAMES = {"curricular": QuestionnaireName.CURRICULAR, "identidad": QuestionnaireName.IDENTITY}
MEDIA_TYPES = {
    ImportFormat.CSV: "text/csv",
    ImportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


async def _capturable(conn: Connection, principal: Principal, election_id: str) -> list[str]:
    """The drafts of the election this principal may capture, where pre-load is offered."""
    election = await election_named(conn, election_id)
    profile = election.profile
    if not profile.capture.bulk_preload:
        raise Refused(PRELOAD_OFF)
    keys = []
    for listed in await candidacies.candidacies_in_scope(
        conn, ListScope(election_id=election_id), CaptureStatus.DRAFT
    ):
        candidacy = listed.candidacy
        try:
            check_may_capture(principal, candidacy.scope, profile.capture.captured_by)
        except (OutOfScope, NotAllowed):
            continue
        if candidacy.status is Status.REGISTERED:
            keys.append(candidacy.candidacy_id)
    return keys


def template_sheet(file_format: ImportFormat, keys: list[str]) -> bytes:
    rows = [template_columns(), *[[key] for key in keys]]
    if file_format is ImportFormat.XLSX:
        return xlsx_bytes(rows)
    return csv_text(rows).encode("utf-8-sig")


async def template(conn: Connection, order: TemplateRequest, caller: SignedIn) -> Document:
    if order.formato is ImportFormat.JSON:
        raise Invalid("La plantilla es CSV o XLSX.")
    keys = await _capturable(conn, caller.principal, order.election_id)
    return Document(
        filename=f"plantilla-precarga.{order.formato.value}",
        media_type=MEDIA_TYPES[order.formato],
        content_base64=base64.b64encode(template_sheet(order.formato, keys)).decode(),
    )


async def preload(deps: ServiceDeps, order: PreloadImport, caller: SignedIn) -> PreloadReport:
    rows = await take_rows(deps, caller, order.upload_id, order.format, order.election_id)
    async with deps.pool.acquire() as conn, conn.transaction():
        keys = await _capturable(conn, caller.principal, order.election_id)
        drafts, problems = check_preload(rows, set(keys))
        if problems:
            raise Invalid(
                f"El archivo tiene {len(problems)} problemas; no se precargó nada.",
                problems[:MAX_PROBLEMS_LISTED],
            )
        for key, by_questionnaire in drafts:
            for name, answers in by_questionnaire.items():
                if answers:
                    draft = QuestionnaireSave(
                        candidacy_id=key, cuestionario=NAMES[name], respuestas=answers
                    )
                    await save(conn, deps, draft, caller)
    return PreloadReport(rows=len(rows), candidacies=len(drafts))
