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
   service over NATS request/reply, one at a time: p50/p99.
"""

import random
import statistics
import time
from dataclasses import dataclass

import asyncpg
import nats

from bench.counting import wait_for_rows
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

FROM_BUS = 50_000
PER_TRANSACTION = 500
LOG_SIZE = 1_000_000
FILL_BATCH = 10_000
PROOFS = 1_000
PRODUCER = "capture"
SERVICES = [PRODUCER, "audit"]


@dataclass
class AuditFigures:
    end_to_end_per_s: float
    append_per_s: float
    verify_per_s: float
    verified: int
    proof_p50_ms: float
    proof_p99_ms: float


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


async def verify_rate(settings: Settings) -> tuple[float, int]:
    from services.audit.steps.verifying import verify_log

    started = time.perf_counter()
    verdict = await verify_log(settings)
    elapsed = time.perf_counter() - started
    assert verdict.finding is None, str(verdict)
    return verdict.entries / elapsed, verdict.entries


async def proof_latency(settings: Settings) -> tuple[float, float]:
    from faststream.nats import NatsBroker

    auditing = await ServiceProcess(settings, "services.audit").start()
    broker = NatsBroker(settings.require_nats_urls(), logger=None)
    await broker.start()
    try:
        client = RequestClient(broker, settings.bus_prefix, 10)
        rng = random.Random(6962)
        timings = []
        for _ in range(PROOFS):
            query = InclusionQuery(indice=rng.randrange(LOG_SIZE), tamano=LOG_SIZE)
            started = time.perf_counter()
            await client.call(ServiceName.AUDIT, "proof.inclusion", query, request_id="bench")
            timings.append((time.perf_counter() - started) * 1000)
    finally:
        await broker.stop()
        await auditing.stop()
    cuts = statistics.quantiles(timings, n=100, method="inclusive")
    return cuts[49], cuts[98]


async def run(settings: Settings) -> AuditFigures:
    admin = await asyncpg.connect(database.admin_dsn(settings, database=settings.instance))
    try:
        end_to_end, append = await append_from_bus(settings, admin)
        await fill_to(settings, admin, LOG_SIZE)
        verify, verified = await verify_rate(settings)
        p50, p99 = await proof_latency(settings)
    finally:
        await admin.close()
    return AuditFigures(end_to_end, append, verify, verified, p50, p99)
