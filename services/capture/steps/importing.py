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
import os
import pickle
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

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
from services.capture.domain.formulas import FILE_ONLY, Formula, Status
from services.capture.domain.registry_consistency import check_consistency
from services.capture.domain.registry_rows import (
    REGISTRY_COLUMNS,
    CheckedRows,
    RegistryRules,
    Share,
    check_table,
    merged,
)
from services.capture.domain.tabular_files import UnreadableFile, read_table
from services.capture.steps.finding import election_named
from services.capture.steps.opening_windows import open_windows_of_new
from services.capture.steps.recording import SYSTEM, Caller, SignedIn, on_election, record
from services.capture.steps.suppressing import schedule_suppression
from services.capture.steps.uploading import take_file
from services.capture.store import candidacies
from services.capture.store.candidacies import ImportedCandidacy, RegistryEntry, seat_text
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
SHARED_FROM_BYTES = 1024 * 1024  # about 5,000 rows: a file this large is checked on every core
MAX_SHARES = 4
Event = tuple[EventSpec, BaseModel, str | None]


def _batches(items: list[T], size: int = BATCH) -> Iterator[list[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass(frozen=True)
class CheckedFile:
    """What a worker process sends back of its share of a file: what it found (its first
    problems only, and how many there are) and its formulas, pickled in batches."""

    checked: CheckedRows
    problem_count: int
    batches: list[bytes]


def registry_rules(election: Election, now: datetime) -> RegistryRules:
    """The profile's rules for registry rows, and today where the institute is."""
    return RegistryRules(
        today=now.astimezone(ZoneInfo(election.time_zone)).date(),
        independent_offices=election.profile.independent_offices,
        formula_sexes=election.profile.registry.formula_sexes,
    )


def _checked_file(
    file_format: ImportFormat,
    content: bytes,
    election: ElectionConfig,
    rules: RegistryRules,
    max_rows: int,
    share: Share,
) -> CheckedFile:
    """The file read and the rows of ``share`` checked (run in a worker process: only
    what is shown comes back)."""
    table = read_table(file_format, content, max_rows, REGISTRY_COLUMNS)
    checked = check_table(table, election, rules, share)
    if not checked.rows:
        raise UnreadableFile("El archivo no tiene filas, solo encabezados.")
    batches = [pickle.dumps(batch) for batch in _batches(checked.formulas, PICKLED_BATCH)]
    problem_count = len(checked.problems)
    checked.formulas, checked.problems = [], checked.problems[:MAX_PROBLEMS_LISTED]
    return CheckedFile(checked, problem_count, batches)


def _shares(content: bytes) -> int:
    """How many processes check a file: one for a small file (starting another costs
    more than it saves), else one a core, up to ``MAX_SHARES``."""
    if len(content) < SHARED_FROM_BYTES:
        return 1
    return max(1, min(MAX_SHARES, os.cpu_count() or 1))


async def _checked_apart(
    file_format: ImportFormat, content: bytes, election: Election, max_rows: int
) -> tuple[CheckedRows, int, list[Formula]]:
    """Reading and checking 100,000 rows takes seconds of CPU: in processes of their own
    (a thread would still hold the interpreter's lock most of that time), so the service
    keeps answering everyone else meanwhile, each process checking a share of the rows.
    What they found, the first problems and how many, and the formulas in the file's
    order."""
    shares = _shares(content)
    rules = registry_rules(election, utc_now())
    loop = asyncio.get_running_loop()
    workers = ProcessPoolExecutor(
        max_workers=shares, mp_context=multiprocessing.get_context("spawn")
    )
    try:
        done = await asyncio.gather(
            *(
                loop.run_in_executor(
                    workers,
                    _checked_file,
                    file_format,
                    content,
                    election.config,
                    rules,
                    max_rows,
                    Share(index, shares),
                )
                for index in range(shares)
            ),
            return_exceptions=True,  # each share reads the whole file: the same refusal
        )
    finally:
        workers.shutdown(wait=False, cancel_futures=True)
    parts: list[CheckedFile] = []
    for part in done:
        if isinstance(part, UnreadableFile):
            raise UnreadableFile(f"{part} No se importó nada.") from None
        if isinstance(part, BaseException):
            raise part
        parts.append(part)
    formulas: list[Formula] = []
    for part in parts:
        for batch in part.batches:  # our own workers' output, never a client's bytes
            formulas += pickle.loads(batch)  # noqa: S301
            await asyncio.sleep(0)
    formulas.sort(key=lambda formula: formula.line)
    checked = merged([part.checked for part in parts])
    checked.problems = checked.problems[:MAX_PROBLEMS_LISTED]
    return checked, sum(part.problem_count for part in parts), formulas


def _rejected(listed: list[FieldProblem], count: int) -> Invalid:
    more = f" Se muestran los primeros {len(listed)}." if count > len(listed) else ""
    many = "1 problema" if count == 1 else f"{count:,} problemas"
    return Invalid(f"El archivo tiene {many}; no se importó nada.{more}", listed)


@dataclass(frozen=True)
class FoundBefore:
    """The problems of the file's own rows, counted, and every clave it names: what the
    checks against earlier imports add to, so every problem is told in one round."""

    problems: list[FieldProblem] = field(default_factory=list)
    count: int = 0
    keys: set[str] = field(default_factory=set)


async def import_registry(
    deps: ServiceDeps, order: RegistryImport, caller: SignedIn
) -> ImportReport:
    """registry.import: the uploaded file checked apart, then imported in one transaction."""
    async with deps.pool.acquire() as conn:
        election = await election_named(conn, order.election_id)
    content = await take_file(
        deps, caller, order.upload_id, UploadPurpose.REGISTRY, order.election_id
    )
    checked, problem_count, formulas = await _checked_apart(
        order.format, content, election, deps.settings.registry_max_rows
    )
    del content
    found = FoundBefore(checked.problems, problem_count, checked.keys)
    async with deps.pool.acquire() as conn, conn.transaction():
        report = await import_formulas(
            conn,
            deps.outbox,
            election.config,
            formulas,
            now=utc_now(),
            rows=checked.rows,
            caller=caller,
            found=found,
        )
    return report.model_copy(update={"normalised": checked.notes})


def formula_document(formula: Formula) -> dict[str, Any]:
    document: dict[str, Any] = orjson.loads(orjson.dumps(formula))  # dates, enums as text
    for name in FILE_ONLY:
        document.pop(name)
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
    return [
        FieldProblem(
            field="clave",
            line=formula.line,
            reason=f"La clave «{formula.key}» ya es de otra elección.",
        )
        for formula in formulas
        if (earlier := existing.get(formula.key)) is not None and earlier.election_id != election_id
    ]


async def _problems_with_registry(
    conn: Connection,
    election: ElectionConfig,
    formulas: list[Formula],
    existing: dict[str, ImportedCandidacy],
    keys_in_file: set[str],
) -> list[FieldProblem]:
    """What the formulas contradict: another election's clave, another formula of the
    file or a candidacy registered before (``registry_consistency.py``)."""
    keys = [f.key for f in formulas] + [f.replaces for f in formulas if f.replaces]
    births = sorted({p.birth_date.isoformat() for f in formulas for p in f.persons})
    seats = sorted(
        {seat_text(f.office, f.district, f.municipality, f.list_position) for f in formulas}
    )
    around = await candidacies.standings_around(conn, election.election_id, keys, births, seats)
    problems = _against_earlier_imports(formulas, existing, election.election_id)
    return problems + check_consistency(formulas, around, election, keys_in_file)


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
                alternate_name=formula.alternate.full_name if formula.alternate else None,
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
    found: FoundBefore | None = None,
) -> ImportReport:
    """The checked formulas saved and announced, in the caller's transaction; refused
    (``Invalid``, nothing written) when ``found`` holds problems or they contradict each
    other or earlier imports."""
    changes = await save_formulas(
        conn, outbox, election, formulas, now=now, caller=caller, found=found
    )
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
    found: FoundBefore | None = None,
) -> FormulaChanges:
    """The formulas saved and their events written (what ``import_formulas`` does, but
    the activity entry, which is the caller's to write); refused as a whole, with every
    problem, when ``found`` holds problems or the checks against the registry add some."""
    found = found or FoundBefore()
    keys = [f.key for f in formulas] + [f.replaces for f in formulas if f.replaces]
    existing = await candidacies.imported_candidacies(conn, keys)
    added = await _problems_with_registry(conn, election, formulas, existing, found.keys)
    if found.count or added:
        listed = sorted(found.problems + added, key=lambda p: (p.line or 0, p.field))
        raise _rejected(listed[:MAX_PROBLEMS_LISTED], found.count + len(added))
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
    new = [e for e in changes.entries if e.candidacy_id not in existing]
    if new:
        await candidacies.insert_registry_entries(conn, new, now)
    for batch in _batches([e for e in changes.entries if e.candidacy_id in existing]):
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
