"""The activity log: append rate from the bus, full verification rate, proof latency.

1. Append, checkpointing on: activity events written in a producer's outbox (500 per
   transaction), relayed, consumed in batches by the audit service running as its own
   process, which appends them as leaves and signs checkpoints every half second. End to
   end: entries / (first write → last leaf), the producer sharing the machine. From the
   bus: the same number of events already waiting in the stream, then the audit service
   started; its rate from its first batch to its last.
2. The log is then filled to 1,000,000 entries through the same append code, directly.
3. ``verify_log``, as ``conoceles audit verify`` runs it, over the million entries.
4. Inclusion proofs for random entries of the million-entry tree, asked of the audit
   service over NATS request/reply, one at a time: p50/p99; beside a raw nats-py
   request/reply to a trivial responder, the same number of times.
5. The raw counterpart of appending: the batch consumer pipeline of
   bench/outbox_pipeline.py (``measure_outbox(batched=True)``: one trivial statement per
   batch over the same outbox → relay → JetStream path), measured in the same run.

``python -m bench.audit_log`` runs it alone and rewrites its section of RESULTS.md.
"""

import os
import random
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import nats
import uvloop
from nats.aio.msg import Msg

from bench import outbox_pipeline
from bench.consumer_process import CONSUMER
from bench.consumer_process import PRODUCER as PIPELINE_PRODUCER
from bench.counting import wait_for_rows
from bench.standalone import run_alone
from bench.targets import Target
from contracts.activity import (
    ACTIVITY_RECORDED,
    ActivityActor,
    ActivityRecorded,
    ActivityTarget,
    Outcome,
)
from contracts.audit import InclusionQuery
from contracts.envelope import Actor, EventEnvelope, new_event_id, utc_now
from contracts.services import ServiceName
from services.audit.steps.appending import append_entries
from services.audit.steps.signing import sign_if_grown
from services.runtime import bus, database
from services.runtime.child_process import ServiceProcess
from services.runtime.connections import Connection
from services.runtime.migrations import RUNTIME_MIGRATIONS, migrate, read_migrations
from services.runtime.outbox import Outbox, Relay
from services.runtime.requests import RequestClient
from services.runtime.settings import Settings
from services.runtime.telemetry import setup_telemetry

FROM_BUS = 50_000
PER_TRANSACTION = 500
LOG_SIZE = 1_000_000
FILL_BATCH = 10_000
PROOFS = 1_000
PRODUCER = "capture"
SERVICES = [PRODUCER, "audit"]
ALONE_SERVICES = [*SERVICES, PIPELINE_PRODUCER, CONSUMER]


@dataclass
class AuditFigures:
    end_to_end_per_s: float
    append_per_s: float
    verify_per_s: float
    verified: int
    proof_p50_ms: float
    proof_p99_ms: float
    batch_pipeline_per_s: float = 0.0
    raw_request_p50_ms: float = 0.0
    raw_request_p99_ms: float = 0.0
    verify_cpu: float = 0.0
    proof_audit_cpu: float = 0.0
    raw_copy_per_s: float = 0.0
    """The verification's raw counterpart: rows/s of a binary COPY of the very rows it
    reads (the same query, one connection, nothing decoded)."""


def cpu_seconds(pid: int) -> float:
    """User + system CPU a process has used (/proc/PID/stat), in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def activity(n: int) -> ActivityRecorded:
    return ActivityRecorded(
        occurred_at=utc_now(),
        actor=ActivityActor(account_id=f"cuenta-{n % 500}", role="capturist", election_id="2027"),
        service=PRODUCER,
        action="questionnaire.save",
        target=ActivityTarget(kind="candidacy", id=f"C-{n % 5000}"),
        outcome=Outcome.OK,
        request_id=f"req-{n}",
        detail={"campos": ["escolaridad", "trayectoria"]},
    )


def envelope(n: int) -> EventEnvelope:
    return EventEnvelope.model_construct(
        id=new_event_id(),
        type="activity.recorded",
        version=1,
        occurred_at=utc_now(),
        producer=PRODUCER,
        election_id="2027",
        subject_id=None,
        actor=Actor.system("bench"),
        data=activity(n).model_dump(mode="json"),
    )


async def count(admin: Connection) -> int:
    return int(await admin.fetchval("SELECT count(*) FROM audit.entries"))


async def write_activity(pool: asyncpg.Pool, outbox: Outbox, count: int) -> None:
    for first in range(0, count, PER_TRANSACTION):
        async with pool.acquire() as conn, conn.transaction():
            await outbox.add_many(
                conn,
                [
                    (ACTIVITY_RECORDED, activity(n), None)
                    for n in range(first, first + PER_TRANSACTION)
                ],
                actor=Actor.system("bench"),
            )


async def append_from_bus(settings: Settings, admin: Connection) -> tuple[float, float]:
    """(end to end, from the stream): entries/s from the first write to the last leaf with
    the producer running beside the log; and, with FROM_BUS entries already waiting in
    the stream, the audit service's own rate (leaves after its first batch ÷ the time
    from its first batch to its last)."""
    owner = await database.connect_owner(settings, PRODUCER)
    try:
        await migrate(owner, PRODUCER, read_migrations("runtime", RUNTIME_MIGRATIONS))
    finally:
        await owner.close()
    pool = await database.create_pool(settings, PRODUCER, max_size=4)
    client = await nats.connect(settings.require_nats_urls())
    await bus.ensure_stream(client.jetstream(), bus.event_stream_config(settings, PRODUCER))
    relay = Relay(settings, PRODUCER, pool, client.jetstream())
    relay.start()
    outbox = Outbox(settings, PRODUCER)
    try:
        auditing = await ServiceProcess(settings, "services.audit").start()
        started = time.time()
        await write_activity(pool, outbox, FROM_BUS)
        await wait_for_rows(admin, "audit.entries", FROM_BUS)
        last = await admin.fetchval(
            "SELECT extract(epoch FROM max(recorded_at)) FROM audit.entries"
        )
        await wait_for_rows(admin, f"audit.checkpoints WHERE size = {FROM_BUS}", 1)
        end_to_end = FROM_BUS / (float(last) - started)
        await auditing.stop()

        await write_activity(pool, outbox, FROM_BUS)
        await wait_for_rows(admin, f"{PRODUCER}.outbox WHERE sent_at IS NOT NULL", 2 * FROM_BUS)
        auditing = await ServiceProcess(settings, "services.audit").start()
        await wait_for_rows(admin, "audit.entries", 2 * FROM_BUS)
        span = await admin.fetchrow(
            "SELECT extract(epoch FROM max(recorded_at) - min(recorded_at)) AS seconds, "
            "count(*) FILTER (WHERE recorded_at > (SELECT min(recorded_at) FROM audit.entries "
            f"WHERE seq >= {FROM_BUS})) AS after_first FROM audit.entries WHERE seq >= {FROM_BUS}"
        )
        await auditing.stop()
        assert span is not None  # an aggregate answers one row
        return end_to_end, span["after_first"] / float(span["seconds"])
    finally:
        await relay.stop()
        await client.close()
        await pool.close()


async def fill_to(settings: Settings, admin: Connection, size: int) -> None:
    pool = await database.create_pool(settings, "audit", max_size=2)
    try:
        current = await count(admin)
        while current < size:
            batch = min(FILL_BATCH, size - current)
            events = [envelope(current + n) for n in range(batch)]
            async with pool.acquire() as conn, conn.transaction():
                await append_entries(conn, events)
            current += batch
        await sign_if_grown(settings, pool, Outbox(settings, "audit"))
    finally:
        await pool.close()


async def verify_rate(settings: Settings) -> tuple[float, int, float]:
    """Entries/s, entries, and the cores this process kept busy meanwhile."""
    from services.audit.steps.verifying import verify_log

    started, cpu = time.perf_counter(), cpu_seconds(os.getpid())
    verdict = await verify_log(settings)
    elapsed = time.perf_counter() - started
    assert verdict.finding is None, str(verdict)
    return verdict.entries / elapsed, verdict.entries, (cpu_seconds(os.getpid()) - cpu) / elapsed


async def raw_copy_rate(settings: Settings, entries: int) -> float:
    """Rows/s PostgreSQL hands over of the log's entries as the verifier asks them (its
    query over the whole log), as binary COPY to a sink that keeps nothing."""
    from services.audit.store import SPAN_ENTRIES

    pool = await database.create_pool(settings, "audit", max_size=1)
    received = 0

    async def sink(chunk: bytes) -> None:
        nonlocal received
        received += len(chunk)

    try:
        async with pool.acquire() as conn:
            started = time.perf_counter()
            await conn.copy_from_query(SPAN_ENTRIES, 0, 2**62, output=sink, format="binary")
            elapsed = time.perf_counter() - started
    finally:
        await pool.close()
    assert received, "the COPY handed over nothing"
    return entries / elapsed


async def raw_request_latency(settings: Settings) -> tuple[float, float]:
    """nats-py request/reply to a trivial responder of the same size of answer."""
    client = await nats.connect(settings.require_nats_urls())
    answer = b"x" * 1200
    subject = f"{settings.bus_prefix}.raw.request"

    async def respond(message: Msg) -> None:
        await message.respond(answer)

    await client.subscribe(subject, cb=respond)
    timings = []
    try:
        for _ in range(PROOFS):
            started = time.perf_counter()
            await client.request(subject, b'{"indice": 1, "tamano": 2}', timeout=10)
            timings.append((time.perf_counter() - started) * 1000)
    finally:
        await client.close()
    cuts = statistics.quantiles(timings, n=100, method="inclusive")
    return cuts[49], cuts[98]


async def proof_latency(settings: Settings) -> tuple[float, float, float]:
    """p50, p99 (ms) and the audit process's share of a core while answering."""
    from faststream.nats import NatsBroker

    auditing = await ServiceProcess(settings, "services.audit").start()
    broker = NatsBroker(settings.require_nats_urls(), logger=None)
    await broker.start()
    assert auditing.process is not None
    pid = auditing.process.pid
    try:
        client = RequestClient(broker, settings.bus_prefix, 10)
        rng = random.Random(6962)
        timings = []
        began, cpu = time.perf_counter(), cpu_seconds(pid)
        for _ in range(PROOFS):
            query = InclusionQuery(indice=rng.randrange(LOG_SIZE), tamano=LOG_SIZE)
            started = time.perf_counter()
            await client.call(ServiceName.AUDIT, "proof.inclusion", query, request_id="bench")
            timings.append((time.perf_counter() - started) * 1000)
        busy = (cpu_seconds(pid) - cpu) / (time.perf_counter() - began)
    finally:
        await broker.stop()
        await auditing.stop()
    cuts = statistics.quantiles(timings, n=100, method="inclusive")
    return cuts[49], cuts[98], busy


async def run(settings: Settings) -> AuditFigures:
    admin = await asyncpg.connect(database.admin_dsn(settings, database=settings.instance))
    try:
        batch = await outbox_pipeline.measure_outbox(settings, batched=True)
        end_to_end, append = await append_from_bus(settings, admin)
        await fill_to(settings, admin, LOG_SIZE)
        verify, verified, verify_cpu = await verify_rate(settings)
        raw_copy = await raw_copy_rate(settings, verified)
        p50, p99, proof_cpu = await proof_latency(settings)
        raw50, raw99 = await raw_request_latency(settings)
    finally:
        await admin.close()
    return AuditFigures(
        end_to_end, append, verify, verified, p50, p99,
        batch.throughput_per_s, raw50, raw99, verify_cpu, proof_cpu, raw_copy,
    )  # fmt: skip


def report(audit: AuditFigures) -> str:
    batch = audit.batch_pipeline_per_s
    rows = [
        ("Append end to end, producer beside it", f"{audit.end_to_end_per_s:,.0f}/s",
         f"{batch:,.0f}/s batch pipeline", f"{audit.end_to_end_per_s / batch:.2f}", "≥ 0.8"),
        ("Append from the bus", f"{audit.append_per_s:,.0f}/s",
         f"{batch:,.0f}/s batch pipeline", f"{audit.append_per_s / batch:.2f}", "≥ 0.8"),
        (f"Full verification ({audit.verified:,}), the verifier at {audit.verify_cpu:.2f} "
         "cores", f"{audit.verify_per_s:,.0f}/s",
         f"{audit.raw_copy_per_s:,.0f}/s binary COPY of the same rows",
         f"{audit.verify_per_s / max(audit.raw_copy_per_s, 1e-9):.2f}", "≥ 200,000/s"),
        ("Inclusion proof p50", f"{audit.proof_p50_ms:.2f} ms",
         f"{audit.raw_request_p50_ms:.2f} ms raw", "", ""),
        ("Inclusion proof p99", f"{audit.proof_p99_ms:.2f} ms",
         f"{audit.raw_request_p99_ms:.2f} ms raw", "", "≤ 10 ms"),
    ]  # fmt: skip
    lines = ["| figure | ours | raw, same run | ratio | target |", "|---|---|---|---|---|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return (
        "## Activity log\n\n" + (__doc__ or "") + "\n" + "\n".join(lines) + "\n\n"
        f"The audit process used {audit.proof_audit_cpu:.2f} of a core while answering proofs.\n\n"
        + LIMITS
    )


LIMITS = """What limits them. Append: the audit process's per-entry work (validating the envelope
and the entry, the canonical leaf, its hash) and, per batch of up to 1,000, PostgreSQL
(inbox rows, the sequencer lock, COPY of leaves and new tree nodes, commit); it keeps up
with the batch pipeline, which is the bus's and the relay's own rate here. Verification:
spans of 32,768 entries, one range scan per table each, checked in a thread while the next
is fetched (all leaves hashed at once, the tree built level by level, every stored node
and every checkpoint inside the span compared; garbage collection paused: with it on,
parsing a leaf took 9.2 µs instead of 2.8). py-spy on the verifier: a third in the event
loop fetching and decoding rows, a fifth parsing leaves and comparing their 13 columns,
8 % hashing, 5 % building levels. A binary COPY of the same rows with no decoding at all
(the table's raw counterpart, measured in this run) is what one connection can hand over:
past it, and past the verifier's one core, going faster needs several connections on one
exported snapshot and worker processes, that is free cores, which this 2-core machine
does not have while it runs the database too. Proofs: the service's own work is 0.13 ms
(which nodes, the proof); the size and the subtrees' hashes are one statement (two
before: p99 4.5 → 2.3 ms); the rest is the request's handling (nats-py), pydantic and
waiting for a core."""


def _verification_limit(audit: AuditFigures) -> str:
    if audit.raw_copy_per_s < 200_000:
        return (
            f"PostgreSQL producing the rows: one connection hands them over at "
            f"{audit.raw_copy_per_s:,.0f} /s with nothing decoded, below the target before "
            f"any checking; the verifier at {audit.verify_cpu:.2f} cores"
        )
    return (
        f"the verifier's one process at {audit.verify_cpu:.2f} cores: decoding the rows, "
        "parsing and comparing each leaf, hashing; PostgreSQL hands the same rows over "
        f"{audit.raw_copy_per_s / max(audit.verify_per_s, 1e-9):.1f} times as fast"
    )


def targets(audit: AuditFigures) -> list[Target]:
    batch = audit.batch_pipeline_per_s
    return [
        Target(
            "Activity log: append from the bus",
            f"{audit.append_per_s:,.0f} entries/s",
            f"batch consumer pipeline {batch:,.0f} /s",
            audit.append_per_s / batch,
            "≥ 0.8",
            audit.append_per_s / batch >= 0.8,
            "the audit process's per-entry work; PostgreSQL per batch",
        ),
        Target(
            f"Activity log: full verification of {audit.verified:,}",
            f"{audit.verify_per_s:,.0f} entries/s",
            f"binary COPY of the same rows {audit.raw_copy_per_s:,.0f} /s",
            audit.verify_per_s / audit.raw_copy_per_s if audit.raw_copy_per_s else None,
            "≥ 200,000 /s",
            audit.verify_per_s >= 200_000,
            _verification_limit(audit),
        ),
        Target(
            f"Activity log: inclusion proof p99 at {LOG_SIZE:,}",
            f"{audit.proof_p99_ms:.1f} ms",
            f"raw NATS request/reply p99 {audit.raw_request_p99_ms:.2f} ms",
            audit.raw_request_p99_ms / audit.proof_p99_ms,
            "≤ 10 ms",
            audit.proof_p99_ms <= 10,
            f"the audit process ({audit.proof_audit_cpu:.2f} cores): request handling",
        ),
    ]


async def run_traced(settings: Settings) -> AuditFigures:
    """``run`` with this process traced as the producer it plays, as deployed."""
    tracer_provider = setup_telemetry(settings, PIPELINE_PRODUCER)
    try:
        return await run(settings)
    finally:
        tracer_provider.shutdown()


async def measure(settings: Settings) -> str:
    return report(await run_traced(settings))


if __name__ == "__main__":
    uvloop.run(run_alone(ALONE_SERVICES, measure))
