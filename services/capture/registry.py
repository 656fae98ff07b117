"""Importing the candidacy registry: the checked file becomes candidacies and events.

All or nothing: the file's rows are checked together (domain/registry.py), then against
what earlier imports registered; any problem rejects the whole file and changes nothing.
A formula already imported with the same content is left alone, so importing the same
file again changes nothing. A substitution or cancellation withdraws the old candidacy
(000 §3.14, 002 §II.C) and the new one is registered; consumers (accounts, audit,
publication) learn both from the events, written in the same transaction.
"""

import asyncio
import hashlib
from collections.abc import Iterator
from datetime import datetime
from typing import Any, TypeVar

import asyncpg
import orjson

from contracts.activity import ActivityTarget, Outcome
from contracts.capture import ElectionConfig, ImportReport
from contracts.envelope import Actor, ActorKind
from contracts.errors import FieldProblem
from contracts.events.capture import (
    CANDIDACY_REGISTERED,
    CANDIDACY_WITHDRAWN,
    CandidacyRegistered,
    CandidacyWithdrawn,
    WithdrawalReason,
)
from contracts.profile import InstituteProfile
from contracts.requests import Principal
from services.capture import store
from services.capture.domain.registry import Formula, Status
from services.capture.suppression import schedule as schedule_suppression
from services.capture.windows import open_windows_of_new
from services.runtime.activity import record_activity
from services.runtime.outbox import Outbox

T = TypeVar("T")
LIVE = Status.REGISTERED.value
REASON = {
    Status.SUBSTITUTED: WithdrawalReason.SUBSTITUTED,
    Status.CANCELLED: WithdrawalReason.CANCELLED,
}


BATCH = 500  # formulas the event loop handles at a time before it lets others in


def _batches(items: list[T]) -> Iterator[list[T]]:
    for start in range(0, len(items), BATCH):
        yield items[start : start + BATCH]


def formula_document(formula: Formula) -> dict[str, Any]:
    document: dict[str, Any] = orjson.loads(orjson.dumps(formula))  # dates, enums as text
    document.pop("line")
    return document


def _documents(formulas: list[Formula]) -> list[tuple[str, bytes]]:
    """Each formula's stored JSON and content hash: CPU work, done in a worker thread."""
    prepared = []
    for formula in formulas:
        document = formula_document(formula)
        prepared.append((orjson.dumps(document).decode(), content_hash(document)))
    return prepared


def content_hash(document: dict[str, Any]) -> bytes:
    return hashlib.sha256(orjson.dumps(document, option=orjson.OPT_SORT_KEYS)).digest()


def _against_earlier_imports(
    formulas: list[Formula], existing: dict[str, asyncpg.Record], election_id: str
) -> list[FieldProblem]:
    problems = []
    in_file = {f.key for f in formulas}
    for formula in formulas:
        earlier = existing.get(formula.key)
        if earlier is not None and earlier["election_id"] != election_id:
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


async def import_formulas(
    conn: asyncpg.Connection,
    outbox: Outbox,
    election: ElectionConfig,
    formulas: list[Formula],
    *,
    principal: Principal | None,
    now: datetime,
    rows: int,
    request_id: str | None = None,
    client_address: str | None = None,
) -> ImportReport | list[FieldProblem]:
    keys = [f.key for f in formulas] + [f.replaces for f in formulas if f.replaces]
    existing = await store.candidacies_by_id(conn, keys)
    problems = _against_earlier_imports(formulas, existing, election.election_id)
    if problems:
        return problems
    office_names = {office.id: office.name for office in election.offices}
    counts = {"registered": 0, "updated": 0, "withdrawn": 0, "unchanged": 0}
    upserts: list[tuple[Any, ...]] = []
    events: list[tuple[Any, Any, str | None]] = []
    status_after: dict[str, str] = {k: r["status"] for k, r in existing.items()}

    withdrawn: list[str] = []

    def withdraw(candidacy_id: str, reason: WithdrawalReason, replaced_by: str | None) -> None:
        withdrawn.append(candidacy_id)
        counts["withdrawn"] += 1
        status_after[candidacy_id] = "withdrawn"
        events.append(
            (
                CANDIDACY_WITHDRAWN,
                CandidacyWithdrawn(
                    election_id=election.election_id,
                    candidacy_id=candidacy_id,
                    reason=reason,
                    replaced_by=replaced_by,
                ),
                candidacy_id,
            )
        )

    documents = await asyncio.to_thread(_documents, formulas)
    for number, (formula, (document, hashed)) in enumerate(zip(formulas, documents, strict=True)):
        if number % BATCH == 0:
            await asyncio.sleep(0)  # let other requests in between batches
        earlier = existing.get(formula.key)
        if earlier is not None and bytes(earlier["content_hash"]) == hashed:
            counts["unchanged"] += 1
            continue
        live_now = formula.status is Status.REGISTERED
        upserts.append(
            (
                formula.key,
                election.election_id,
                document,
                hashed,
                formula.status.value,
                formula.capturing_party,
                formula.replaces,
                now,
                None if live_now else now,
            )
        )
        if live_now:
            counts["registered" if earlier is None else "updated"] += 1
            status_after[formula.key] = LIVE
            events.append(
                (
                    CANDIDACY_REGISTERED,
                    CandidacyRegistered(
                        election_id=election.election_id,
                        candidacy_id=formula.key,
                        capturing_party_id=formula.capturing_party,
                        owner_name=formula.owner.full_name,
                        office=office_names.get(formula.office, formula.office),
                        approved_at=now,
                        replaces=formula.replaces,
                    ),
                    formula.key,
                )
            )
        elif earlier is not None and earlier["status"] == LIVE:
            withdraw(formula.key, REASON[formula.status], None)
        else:
            status_after[formula.key] = formula.status.value
    for formula in formulas:
        replaced = formula.replaces
        if replaced and formula.status is Status.REGISTERED and status_after.get(replaced) == LIVE:
            await store.withdraw(conn, replaced, Status.SUBSTITUTED.value, now)
            withdraw(replaced, WithdrawalReason.SUBSTITUTED, formula.key)
    for batch in _batches(upserts):
        await store.upsert_candidacies(conn, batch)
    if withdrawn:
        profile = InstituteProfile.model_validate_json(
            (await store.election(conn, election.election_id))["profile"]
        )
        for candidacy_id in withdrawn:
            await schedule_suppression(conn, candidacy_id, profile, now)
    new_live = [
        (f.key, f.capturing_party, f.replaces)
        for f in formulas
        if f.status is Status.REGISTERED and f.key not in existing
    ]
    await open_windows_of_new(conn, election.election_id, new_live, now)
    actor = (
        Actor(kind=ActorKind.ACCOUNT, id=principal.account_id, role=principal.role)
        if principal
        else Actor.system("capture")
    )
    for batch in _batches(events):
        await outbox.add_many(conn, batch, actor=actor, election_id=election.election_id)
    await record_activity(
        conn,
        outbox,
        action="registry.import",
        outcome=Outcome.OK,
        principal=principal,
        target=ActivityTarget(kind="election", id=election.election_id),
        request_id=request_id,
        client_address=client_address,
        detail={"filas": rows, **{k: v for k, v in counts.items()}},
    )
    return ImportReport(rows=rows, candidacies=len(formulas), **counts)
