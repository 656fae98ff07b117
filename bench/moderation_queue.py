"""Moderation: the verifiers' queue of validated candidacies, filtered and paged, at
10,000 and at 100,000.

The national dataset's candidacies (``bench/national.py``: six parties and independents,
five offices, 651 districts; one in five with one to three screening flags, one in twenty
with something kept from publication) are written to moderation's tables with COPY, the
first 10,000 and then the rest to 100,000; at each size a verifier asks ``review.queue`` over NATS
request/reply, 400 times one after another, each with filters drawn at random (party,
office, district, flag kind, status, none) and a random page of 25 among those the
filters leave: latency p50/p95, from the ask to the validated reply. Beside it, in the
same run, its raw counterparts: the queue's own two SQL statements sent straight to
PostgreSQL with asyncpg (no bus, no service), and a trivial NATS request/reply (a
responder that answers an empty message at once).
"""

import asyncio
import random
import statistics
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import asyncpg
import nats
from faststream.nats import NatsBroker
from nats.aio.msg import Msg

from bench import national
from bench.standalone import run_alone
from bench.targets import Growth, Target
from contracts.events.capture import (
    PublicCurricular,
    PublicFormula,
    PublicPerson,
    PublicProjection,
)
from contracts.moderation import FlagKind, Prohibition, QueueFilters, ReviewStatus
from contracts.operations import moderation as moderation_operations
from contracts.requests import Principal
from contracts.roles import Role
from services.moderation.store import queue
from services.runtime import database
from services.runtime.child_process import ServiceProcess
from services.runtime.requests import RequestClient
from services.runtime.settings import Settings

SERVICES = ["moderation"]
SIZES = (10_000, 100_000)
ASKS = 400
ELECTION = "bench-moderacion"
PARTIES = [party for party, _, _ in national.PARTIES]
OFFICES = [office for office, _ in national.OFFICES]
DISTRICTS = [national.district_id(s, n) for s in national.STATES for n in range(1, s.districts + 1)]
KINDS = list(FlagKind)
VERIFIER = Principal(account_id="verificacion-bench", role=Role.VERIFIER)


@dataclass
class QueueFigures:
    candidacies: int
    p50_ms: float
    p95_ms: float
    sql_p50_ms: float
    sql_p95_ms: float
    page_sql_p50_ms: float
    count_sql_p50_ms: float
    nats_p50_ms: float
    nats_p95_ms: float


def _person(person: national.Person) -> PublicPerson:
    return PublicPerson(
        names=person.names,
        first_surname=person.first_surname,
        second_surname=person.second_surname,
        nickname=None,
        sex=person.sex,
    )


def _projection(c: national.Candidacy) -> str:
    formula = PublicFormula(
        key=c.key,
        office=c.office,
        district=c.district,
        municipality=c.municipality,
        list_position=c.list_position,
        postulant_kind="partido" if c.postulant else "independiente",
        postulant=c.postulant,
        status="registrada",
        owner=_person(c.owner),
        alternate=_person(c.alternate),
    )
    curricular = PublicCurricular(propuesta_1="Propuesta de ejemplo " * 20)
    return PublicProjection(
        election_id=ELECTION, candidacy_id=c.key, formula=formula, curricular=curricular
    ).model_dump_json()


async def load(admin: asyncpg.Connection, first: int, count: int) -> None:
    """Candidacies ``first`` … ``first + count - 1`` of the national list written."""
    rng = random.Random(18 + first)
    now = datetime.now(UTC)
    candidacies, projections, flags, restrictions = [], [], [], []
    for c in national.candidacies(count, first=first):
        n = c.number
        flagged = rng.randrange(5) == 0
        count = rng.randint(1, 3) if flagged else 0
        drawn = [rng.choice(KINDS) for _ in range(count)]
        kinds = sorted({kind.value for kind in drawn})
        restricted = rng.randrange(20) == 0
        candidacies.append(
            (
                c.key,
                ELECTION,
                c.postulant,
                f"{c.owner.names} {c.owner.first_surname} {c.owner.second_surname}",
                c.office,
                c.district,
                now - timedelta(days=3),
                now - timedelta(seconds=n),
                count,
                kinds,
                "reviewed" if rng.randrange(3) == 0 else "pending",
                restricted,
            )
        )
        projections.append((c.key, _projection(c)))
        for position, kind in enumerate(drawn):
            flags.append(
                (
                    c.key,
                    position,
                    kind.value,
                    Prohibition.MENTIONS.value,
                    "propuesta_1",
                    0,
                    9,
                    "Propuesta",
                    "señal de prueba",
                )
            )
        if restricted:
            restrictions.append((c.key, False, ["propuesta_1"], 1))
    candidacy_columns = [
        "candidacy_id",
        "election_id",
        "capturing_party",
        "owner_name",
        "office",
        "district",
        "registered_at",
        "validated_at",
        "flag_count",
        "flag_kinds",
        "review_status",
        "restricted",
    ]
    flag_columns = [
        "candidacy_id",
        "position",
        "kind",
        "prohibition",
        "field",
        "span_start",
        "span_end",
        "evidence",
        "detail",
    ]
    for table, columns, records in (
        ("candidacies", candidacy_columns, candidacies),
        ("projections", ["candidacy_id", "projection"], projections),
        ("flags", flag_columns, flags),
    ):
        await admin.copy_records_to_table(
            table, schema_name="moderation", columns=columns, records=records
        )
    await admin.copy_records_to_table(
        "restrictions",
        schema_name="moderation",
        columns=["candidacy_id", "profile_disabled", "disabled_fields", "revision"],
        records=restrictions,
    )
    await admin.execute(
        "VACUUM ANALYZE moderation.candidacies, moderation.projections, moderation.flags, "
        "moderation.restrictions"
    )


def filters_drawn(rng: random.Random) -> QueueFilters:
    """A verifier's filters: one or two of them, or none, and a page of those they leave."""
    chosen: dict[str, object] = {"eleccion": ELECTION}
    for name in rng.sample(["partido", "cargo", "distrito", "senal", "estado", ""], 2):
        if name == "partido":
            chosen[name] = rng.choice(PARTIES)
        elif name == "cargo":
            chosen[name] = rng.choice(OFFICES)
        elif name == "distrito":
            chosen[name] = rng.choice(DISTRICTS)
        elif name == "senal":
            chosen[name] = rng.choice(KINDS)
        elif name == "estado":
            chosen[name] = rng.choice(list(ReviewStatus))
    chosen["pagina"] = rng.choice([1, 1, 2, 3, 10, 40])
    return QueueFilters.model_validate(chosen)


def _cuts(timings: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(timings, n=100, method="inclusive")
    return cuts[49], cuts[94]


async def ask_queue(settings: Settings) -> tuple[float, float]:
    broker = NatsBroker(settings.require_nats_urls(), logger=None)
    await broker.start()
    try:
        client = RequestClient(broker, settings.bus_prefix, 10)
        rng = random.Random(14)
        timings = []
        for _ in range(ASKS):
            filters = filters_drawn(rng)
            started = time.perf_counter()
            await client.ask(
                moderation_operations.REVIEW_QUEUE, filters, request_id="bench", principal=VERIFIER
            )
            timings.append((time.perf_counter() - started) * 1000)
    finally:
        await broker.stop()
    return _cuts(timings)


@dataclass
class SqlTimings:
    both: tuple[float, float]  # p50, p95 of the ask's two statements together
    page_p50: float
    count_p50: float


async def raw_sql(settings: Settings) -> SqlTimings:
    conn = await asyncpg.connect(database.admin_dsn(settings, database=settings.instance))
    try:
        await conn.execute("SET search_path TO moderation")
        rng = random.Random(14)
        both, pages, counts = [], [], []
        for _ in range(ASKS):
            filters = filters_drawn(rng)
            started = time.perf_counter()
            await queue.queue_page(conn, filters)
            paged = time.perf_counter()
            await queue.queue_count(conn, filters)
            counted = time.perf_counter()
            pages.append((paged - started) * 1000)
            counts.append((counted - paged) * 1000)
            both.append((counted - started) * 1000)
    finally:
        await conn.close()
    return SqlTimings(_cuts(both), _cuts(pages)[0], _cuts(counts)[0])


async def raw_nats(settings: Settings) -> tuple[float, float]:
    client = await nats.connect(settings.require_nats_urls())
    subject = f"{settings.bus_prefix}.bench.echo"

    async def echo(msg: Msg) -> None:
        await msg.respond(b"")

    await client.subscribe(subject, cb=echo)
    timings = []
    try:
        for _ in range(ASKS):
            started = time.perf_counter()
            await client.request(subject, b"{}", timeout=5)
            timings.append((time.perf_counter() - started) * 1000)
    finally:
        await client.close()
    return _cuts(timings)


async def run(settings: Settings) -> list[QueueFigures]:
    moderating = await ServiceProcess(settings, "services.moderation").start()
    admin = await asyncpg.connect(database.admin_dsn(settings, database=settings.instance))
    figures = []
    loaded = 0
    try:
        for size in SIZES:
            await load(admin, loaded + 1, size - loaded)
            loaded = size
            await ask_queue(settings)  # warm the caches and the connections first
            p50, p95 = await ask_queue(settings)
            sql = await raw_sql(settings)
            nats_p50, nats_p95 = await raw_nats(settings)
            figures.append(
                QueueFigures(
                    size, p50, p95, *sql.both, sql.page_p50, sql.count_p50, nats_p50, nats_p95
                )
            )
    finally:
        await admin.close()
        await moderating.stop()
    return figures


def table(figures: list[QueueFigures]) -> str:
    lines = [
        "| candidacies | latency | review.queue over the bus | its SQL alone "
        "| raw NATS request/reply | SQL ÷ ours | target |",
        "|---:|---|---:|---:|---:|---:|---:|",
    ]
    for f in figures:
        rows = [
            ("p50 (ms)", f.p50_ms, f.sql_p50_ms, f.nats_p50_ms),
            ("p95 (ms)", f.p95_ms, f.sql_p95_ms, f.nats_p95_ms),
        ]
        lines += [
            f"| {f.candidacies:,} | {name} | {ours:.1f} | {sql:.1f} | {raw:.2f} | "
            f"{sql / ours:.2f} | {'≤ 100 ms' if name.startswith('p95') else ''} |"
            for name, ours, sql, raw in rows
        ]
    lines += [
        "",
        "Of the SQL alone, p50: "
        + "; ".join(
            f"at {f.candidacies:,}, the page {f.page_sql_p50_ms:.1f} ms and the count "
            f"{f.count_sql_p50_ms:.1f} ms"
            for f in figures
        )
        + ".",
    ]
    return "\n".join(lines)


def report_of(figures: list[QueueFigures]) -> str:
    return f"""## Moderation: the verifiers' queue

{__doc__}
{table(figures)}

What limits it: each ask runs two statements, the page (read in the queue's order from
its index) and the count of what the filters leave (read from a covering index, or with
a filter on the status alone from the table's narrow rows: about 20 ms here for
100,000); the rest is the bus, pydantic on both ends and the service's tracing. "SQL ÷
ours" is the share of the ask spent in PostgreSQL.
"""


def targets(figures: list[QueueFigures]) -> list[Target]:
    largest = figures[-1]
    return [
        Target(
            f"Moderation queue p95 at {largest.candidacies:,}",
            f"{largest.p95_ms:.1f} ms",
            f"its SQL alone {largest.sql_p95_ms:.1f} ms",
            largest.sql_p95_ms / largest.p95_ms,
            "≤ 100 ms",
            largest.p95_ms <= 100,
            "PostgreSQL: the count of what the filters leave",
        )
    ]


def growth(figures: list[QueueFigures]) -> list[Growth]:
    if len(figures) < 2:
        return []
    small, large = figures[0], figures[-1]
    return [
        # The count reads every candidacy the filters leave: it grows with them, the page
        # (read from the index in the queue's order) may not.
        Growth(
            "moderation queue, page and count, p50",
            "ms",
            small.p50_ms,
            large.p50_ms,
            constant=False,
        ),
        Growth(
            "… the page's SQL, p50",
            "ms",
            small.page_sql_p50_ms,
            large.page_sql_p50_ms,
            constant=True,
        ),
        Growth(
            "… the count's SQL, p50",
            "ms",
            small.count_sql_p50_ms,
            large.count_sql_p50_ms,
            constant=False,
        ),
    ]


async def main() -> None:
    async def measure(settings: Settings) -> str:
        return report_of(await run(settings))

    await run_alone(SERVICES, measure)


if __name__ == "__main__":
    asyncio.run(main())
