"""Importing the candidacy registry: the checked file becomes candidacies and events.

All or nothing: the file's rows are checked together (``domain/registry_rows.py``), then
against what earlier imports registered; any problem rejects the whole file and changes
nothing. A formula already imported with the same content is left alone, so importing
the same file again changes nothing. A substitution or cancellation withdraws the old
candidacy (000 §3.14, 002 §II.C) and the new one is registered; consumers (accounts,
audit, publication) learn both from the events, written in the same transaction.
"""

import asyncio
import hashlib
import multiprocessing
import pickle
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime
from typing import Any, TypeVar

import orjson
from pydantic import BaseModel

from contracts.capture import (
    ElectionConfig,
    ImportFormat,
    ImportReport,
    RegistryImport,
    UploadPurpose,
)
from contracts.catalog import EventSpec
from contracts.envelope import utc_now
from contracts.errors import FieldProblem
from contracts.events.capture import (
    CANDIDACY_REGISTERED,
    CANDIDACY_WITHDRAWN,
    CandidacyRegistered,
    CandidacyWithdrawn,
    WithdrawalReason,
)
from services.capture.domain.errors import MAX_PROBLEMS_LISTED, Invalid
from services.capture.domain.registry_rows import Formula, Status, check_rows
from services.capture.domain.tabular_files import UnreadableFile, read_rows
from services.capture.steps.finding import election_named
from services.capture.steps.opening_windows import open_windows_of_new
from services.capture.steps.recording import SYSTEM, Caller, SignedIn, on_election, record
from services.capture.steps.suppressing import schedule_suppression
from services.capture.steps.uploading import take_file
from services.capture.store import candidacies
from services.capture.store.candidacies import ImportedCandidacy, RegistryEntry
from services.capture.store.elections import Election
from services.runtime.connections import Connection
from services.runtime.outbox import Outbox
from services.runtime.service_deps import ServiceDeps

T = TypeVar("T")
REASON = {
    Status.SUBSTITUTED: WithdrawalReason.SUBSTITUTED,
    Status.CANCELLED: WithdrawalReason.CANCELLED,
}
BATCH = 500  # formulas the event loop handles at a time before it lets others in
PICKLED_BATCH = 200  # formulas unpickled at a time, so the event loop is never held long
Event = tuple[EventSpec, BaseModel, str | None]


def _batches(items: list[T], size: int = BATCH) -> Iterator[list[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _checked_file(
    file_format: ImportFormat,
    content: bytes,
    election: ElectionConfig,
    independent_offices: list[str] | None,
    max_rows: int,
) -> tuple[int, list[bytes], list[FieldProblem], int]:
    """The file's row count, its formulas pickled in batches, the problems listed and how
    many there are (run in a worker process: only what is shown comes back)."""
    rows = list(read_rows(file_format, content, max_rows))
    if not rows:
        raise UnreadableFile("El archivo no tiene filas.")
    formulas, problems = check_rows(rows, election, independent_offices)
    batches = [pickle.dumps(batch) for batch in _batches(formulas, PICKLED_BATCH)]
    return len(rows), batches, problems[:MAX_PROBLEMS_LISTED], len(problems)


async def _checked_apart(
    file_format: ImportFormat, content: bytes, election: Election, max_rows: int
) -> tuple[int, list[Formula], list[FieldProblem], int]:
    """Reading and checking 100,000 rows takes seconds of CPU: in a process of its own
    (a thread would still hold the interpreter's lock most of that time), so the service
    keeps answering everyone else meanwhile."""
    worker = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
    try:
        rows, batches, listed, count = await asyncio.get_running_loop().run_in_executor(
            worker,
            _checked_file,
            file_format,
            content,
            election.config,
            election.profile.independent_offices,
            max_rows,
        )
    finally:
        worker.shutdown(wait=False)
    formulas: list[Formula] = []
    for batch in batches:  # our own worker's output, never a client's bytes
        formulas += pickle.loads(batch)  # noqa: S301
        await asyncio.sleep(0)
    return rows, formulas, listed, count


def _rejected(listed: list[FieldProblem], count: int) -> Invalid:
    more = f" Se muestran los primeros {len(listed)}." if count > len(listed) else ""
    return Invalid(f"El archivo tiene {count} problemas; no se importó nada.{more}", listed)


async def import_registry(
    deps: ServiceDeps, order: RegistryImport, caller: SignedIn
) -> ImportReport:
    """registry.import: the uploaded file checked apart, then imported in one transaction."""
    async with deps.pool.acquire() as conn:
        election = await election_named(conn, order.election_id)
    content = await take_file(
        deps, caller, order.upload_id, UploadPurpose.REGISTRY, order.election_id
    )
    rows, formulas, listed, count = await _checked_apart(
        order.format, content, election, deps.settings.registry_max_rows
    )
    del content
    if count:
        raise _rejected(listed, count)
    async with deps.pool.acquire() as conn, conn.transaction():
        return await import_formulas(
            conn, deps.outbox, election.config, formulas, now=utc_now(), rows=rows, caller=caller
        )


def formula_document(formula: Formula) -> dict[str, Any]:
    document: dict[str, Any] = orjson.loads(orjson.dumps(formula))  # dates, enums as text
    document.pop("line")
    return document


def content_hash(document: dict[str, Any]) -> bytes:
    return hashlib.sha256(orjson.dumps(document, option=orjson.OPT_SORT_KEYS)).digest()


def _documents(formulas: list[Formula]) -> list[tuple[str, bytes]]:
    """Each formula's stored JSON and content hash: CPU work, done in a worker thread."""
    prepared = []
    for formula in formulas:
        document = formula_document(formula)
        prepared.append((orjson.dumps(document).decode(), content_hash(document)))
    return prepared


def _against_earlier_imports(
    formulas: list[Formula], existing: dict[str, ImportedCandidacy], election_id: str
) -> list[FieldProblem]:
    problems = []
    in_file = {f.key for f in formulas}
    for formula in formulas:
        earlier = existing.get(formula.key)
        if earlier is not None and earlier.election_id != election_id:
            problems.append(
                FieldProblem(
                    field="clave",
                    line=formula.line,
                    reason=f"La clave «{formula.key}» ya es de otra elección.",
                )
            )
        if formula.replaces is not None and formula.replaces not in in_file | set(existing):
            problems.append(
                FieldProblem(
                    field="sustituye_a",
                    line=formula.line,
                    reason=f"No existe la candidatura «{formula.replaces}» que sustituiría.",
                )
            )
    return problems


class FormulaChanges:
    """What one import (or one change of the feed) changes, gathered formula by formula
    before it is written."""

    def __init__(
        self,
        election: ElectionConfig,
        existing: dict[str, ImportedCandidacy],
        now: datetime,
    ) -> None:
        self.election_id = election.election_id
        self.office_names = {office.id: office.name for office in election.offices}
        self.existing = existing
        self.now = now
        self.counts = {"registered": 0, "updated": 0, "withdrawn": 0, "unchanged": 0}
        self.entries: list[RegistryEntry] = []
        self.events: list[Event] = []
        self.withdrawn: list[str] = []
        self.registered: list[str] = []  # registered anew, or their data updated
        self.live_after: dict[str, bool] = {
            key: earlier.status is Status.REGISTERED for key, earlier in existing.items()
        }

    def withdraw(
        self, candidacy_id: str, reason: WithdrawalReason, replaced_by: str | None
    ) -> None:
        self.withdrawn.append(candidacy_id)
        self.counts["withdrawn"] += 1
        self.live_after[candidacy_id] = False
        withdrawal = CandidacyWithdrawn(
            election_id=self.election_id,
            candidacy_id=candidacy_id,
            reason=reason,
            replaced_by=replaced_by,
        )
        self.events.append((CANDIDACY_WITHDRAWN, withdrawal, candidacy_id))

    def register(self, formula: Formula, document: str, hashed: bytes) -> None:
        earlier = self.existing.get(formula.key)
        if earlier is not None and earlier.content_hash == hashed:
            self.counts["unchanged"] += 1
            return
        live_now = formula.status is Status.REGISTERED
        self.entries.append(
            RegistryEntry(
                candidacy_id=formula.key,
                election_id=self.election_id,
                document=document,
                content_hash=hashed,
                status=formula.status,
                capturing_party=formula.capturing_party,
                replaces=formula.replaces,
                withdrawn_at=None if live_now else self.now,
            )
        )
        if live_now:
            self.counts["registered" if earlier is None else "updated"] += 1
            self.registered.append(formula.key)
            self.live_after[formula.key] = True
            registration = CandidacyRegistered(
                election_id=self.election_id,
                candidacy_id=formula.key,
                capturing_party_id=formula.capturing_party,
                owner_name=formula.owner.full_name,
                office=self.office_names.get(formula.office, formula.office),
                approved_at=self.now,
                replaces=formula.replaces,
            )
            self.events.append((CANDIDACY_REGISTERED, registration, formula.key))
        elif earlier is not None and earlier.status is Status.REGISTERED:
            self.withdraw(formula.key, REASON[formula.status], None)
        else:
            self.live_after[formula.key] = False


async def import_formulas(
    conn: Connection,
    outbox: Outbox,
    election: ElectionConfig,
    formulas: list[Formula],
    *,
    now: datetime,
    rows: int,
    caller: Caller = SYSTEM,
) -> ImportReport:
    """The checked formulas saved and announced, in the caller's transaction; refused
    (``Invalid``, nothing written) when they contradict earlier imports."""
    changes = await save_formulas(conn, outbox, election, formulas, now=now, caller=caller)
    await record(
        conn,
        outbox,
        caller,
        "registry.import",
        on_election(election.election_id),
        {"filas": rows, **changes.counts},
    )
    return ImportReport(rows=rows, candidacies=len(formulas), **changes.counts)


async def save_formulas(
    conn: Connection,
    outbox: Outbox,
    election: ElectionConfig,
    formulas: list[Formula],
    *,
    now: datetime,
    caller: Caller,
) -> FormulaChanges:
    """The formulas saved and their events written (what ``import_formulas`` does, but
    the activity entry, which is the caller's to write)."""
    keys = [f.key for f in formulas] + [f.replaces for f in formulas if f.replaces]
    existing = await candidacies.imported_candidacies(conn, keys)
    problems = _against_earlier_imports(formulas, existing, election.election_id)
    if problems:
        raise _rejected(problems[:MAX_PROBLEMS_LISTED], len(problems))
    changes = FormulaChanges(election, existing, now)
    documents = await asyncio.to_thread(_documents, formulas)
    for number, (formula, (document, hashed)) in enumerate(zip(formulas, documents, strict=True)):
        if number % BATCH == 0:
            await asyncio.sleep(0)  # let other requests in between batches
        changes.register(formula, document, hashed)
    for formula in formulas:
        replaced = formula.replaces
        if replaced and formula.status is Status.REGISTERED and changes.live_after.get(replaced):
            await candidacies.mark_substituted(conn, replaced, now)
            changes.withdraw(replaced, WithdrawalReason.SUBSTITUTED, formula.key)
    for batch in _batches(changes.entries):
        await candidacies.save_registry_entries(conn, batch, now)
    if changes.withdrawn:
        profile = (await election_named(conn, election.election_id)).profile
        for candidacy_id in changes.withdrawn:
            await schedule_suppression(conn, candidacy_id, profile, now)
    new_live = [
        (f.key, f.capturing_party, f.replaces)
        for f in formulas
        if f.status is Status.REGISTERED and f.key not in existing
    ]
    await open_windows_of_new(conn, election.election_id, new_live, now)
    for events in _batches(changes.events):
        await outbox.add_many(conn, events, actor=caller.actor, election_id=election.election_id)
    return changes
