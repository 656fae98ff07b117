"""Moderation's screening: a 5,000-character submission against 10,000 and against
100,000 candidacies.

1. Load: the national dataset's candidacies (``bench/national.py``: their owners' names,
   parties, and the owners' three proposals of 280 to 1,600 characters, composed from
   pools of Spanish phrases so that they share words and turns of phrase as real ones
   do) written into moderation's tables by COPY with their proposals' fingerprints, each
   computed by the service's own code in two processes: the first 10,000, measured, then
   the rest to 100,000, measured again.
2. Screening: submissions of 5,000 characters (three proposals: a loaded candidacy's
   with two words changed and two of about 1,550 characters; and a political trajectory
   naming parties and people) screened one at a time by
   ``steps.screening.screen_submission`` in its own transaction, as the consumer runs it:
   the lexicon, mentions against the election's catalogue (10 parties, 2 coalitions and
   the owners loaded, fetched by the pairs of words the text holds), and near
   duplicates (the index lookup, the confirmation on the signatures, and the
   candidacy's own fingerprints written). p50/p95, and the parts.
3. Raw counterpart: the same signatures in datasketch's own in-memory
   ``MinHashLSH``, one process and no database, queried for the same three proposals;
   and the index's bare SQL lookup, without the confirmation.
The service runs in this process (a ServiceHost) on its own pool; nothing else runs.
"""

import os
import random
import statistics
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import uvloop
from datasketch import MinHash, MinHashLSH

from bench import national
from bench.analysing import analysed
from bench.spanish_text import proposal
from bench.standalone import run_alone
from bench.targets import Growth, Target
from contracts.moderation import FlagKind
from services.moderation.domain.findings import (
    Catalogue,
    CoalitionName,
    PartyName,
    PersonName,
    Submission,
)
from services.moderation.domain.mentions import mentions
from services.moderation.domain.near_duplicates import (
    PROPOSAL_FIELDS,
    SCHEME,
    Sketching,
    fingerprint,
    sketching,
)
from services.moderation.service import definition as moderation
from services.moderation.steps.screening import (
    LEXICON,
    near_duplicates,
    screen_submission,
    with_people_named,
)
from services.moderation.store import proposals
from services.runtime.connections import Connection
from services.runtime.service_deps import ServiceDeps
from services.runtime.service_host import ServiceHost
from services.runtime.settings import Settings

SERVICES = ["moderation"]
SIZES = (10_000, 100_000)
SUBMISSIONS = 200
ELECTION = "bench-screening-2027"
PARTIES = [
    ("pan", "Partido Acción Nacional", "PAN"),
    ("pri", "Partido Revolucionario Institucional", "PRI"),
    ("prd", "Partido de la Revolución Democrática", "PRD"),
    ("pt", "Partido del Trabajo", "PT"),
    ("pvem", "Partido Verde Ecologista de México", "PVEM"),
    ("mc", "Movimiento Ciudadano", "MC"),
    ("morena", "Morena", "MORENA"),
    ("na", "Nueva Alianza", "NA"),
    ("pes", "Partido Encuentro Solidario", "PES"),
    ("fxm", "Fuerza por México", "FXM"),
]


def owner(c: national.Candidacy) -> str:
    return f"{c.owner.names} {c.owner.first_surname} {c.owner.second_surname}"


def loaded_proposals(c: national.Candidacy) -> list[str]:
    answers = national.curricular(c, "propietaria", "0" * 64)
    return [answers[field] for field in PROPOSAL_FIELDS]


PrintRow = tuple[str, str, str, list[int], bytes]
"""A proposal's fingerprint as COPY writes it: candidacy, field, election, bands, signature."""


def _fingerprint_rows(span: tuple[int, int]) -> list[PrintRow]:
    how = sketching(0.7, 128)
    rows = []
    first, last = span
    for c in national.candidacies(last - first, first=first):
        for field, text in zip(PROPOSAL_FIELDS, loaded_proposals(c), strict=True):
            found = fingerprint(ELECTION, field, text, how)
            if found is not None:
                rows.append((c.key, field, ELECTION, list(found.bands), found.signature))
    return rows


def _chunks(first: int, last: int, size: int) -> Iterator[tuple[int, int]]:
    """Candidacies ``first`` … ``last - 1`` in spans of ``size``."""
    for start in range(first, last, size):
        yield start, min(last, start + size)


def catalogue(size: int) -> Catalogue:
    return Catalogue(
        parties=tuple(PartyName(*party) for party in PARTIES),
        coalitions=(
            CoalitionName("fcm", "Fuerza y Corazón por México", ("pan", "pri", "prd")),
            CoalitionName("shh", "Sigamos Haciendo Historia", ("morena", "pt", "pvem")),
        ),
        people=tuple(PersonName(c.key, owner(c), c.postulant) for c in national.candidacies(size)),
    )


def submission(size: int, k: int) -> Submission:
    """A 5,000-character submission; its first proposal copies one of the first ``size``
    candidacies' (with two words changed), its trajectory names one of their owners."""
    rng = random.Random(k)
    copied = next(national.candidacies(1, first=rng.randrange(size) + 1))
    original = loaded_proposals(copied)[0]
    copy = original.replace("é ", "emos ", 1).replace("públicas", "municipales", 1)
    texts = {
        "trayectoria_politica": (
            f"Fui regidora de 2018 a 2021 y coordiné el comité vecinal con {owner(copied)}. "
            "Renuncié al PRI en 2019; hoy milito en Movimiento Ciudadano y trabajo con la "
            "sociedad civil. Pan y leche para las escuelas fue mi primera gestión. "
            + proposal(rng, 600)
        ),
        "propuesta_1": copy,
        "propuesta_2": proposal(rng, 1550),
        "propuesta_genero_grupo": proposal(rng, 1550),
    }
    return Submission(ELECTION, f"S-{size}-{k}", "mc", texts)


@dataclass
class ScreeningFigures:
    candidacies: int
    prints: int
    characters: int
    fingerprint_s: float
    copy_s: float
    p50_ms: float
    p95_ms: float
    lexicon_p50_ms: float
    lexicon_p95_ms: float
    mentions_p50_ms: float
    mentions_p95_ms: float
    lookup_p50_ms: float
    lookup_p95_ms: float
    sql_p50_ms: float
    sql_p95_ms: float
    raw_p50_ms: float
    raw_p95_ms: float
    raw_load_s: float
    raw_mib: float
    table_mib: float
    index_mib: float
    flagged_copies: int
    flags_per_submission: float


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


def _rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _raw_index(rows: list[PrintRow], how: Sketching) -> tuple[MinHashLSH, float, float]:
    before = _rss_mib()
    started = time.perf_counter()
    lsh = MinHashLSH(threshold=how.threshold, num_perm=how.permutations)
    with lsh.insertion_session(buffer_size=50_000) as session:
        for candidacy_id, field, _, _, signature in rows:
            values = np.frombuffer(signature, dtype="<u4").astype(np.uint32)
            minhash = MinHash(hashvalues=values, permutations=how.parameters, scheme=SCHEME)
            session.insert(f"{candidacy_id}/{field}", minhash)
    return lsh, time.perf_counter() - started, _rss_mib() - before


async def load(
    conn: Connection, settings: Settings, first: int, last: int, rows: list[PrintRow]
) -> tuple[float, float]:
    """Candidacies ``first`` … ``last - 1`` and their fingerprints (computed in as many
    processes as there are cores, added to ``rows``) written by COPY: (fingerprinting s,
    COPY s)."""
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=max(1, os.cpu_count() or 1)) as pool:
        new = [
            row
            for chunk in pool.map(_fingerprint_rows, _chunks(first, last, 5_000))
            for row in chunk
        ]
    fingerprint_s = time.perf_counter() - started
    print(f"screening: {len(new):,} fingerprints in {fingerprint_s:.0f} s", flush=True)
    now = datetime.now(UTC)
    started = time.perf_counter()
    await conn.copy_records_to_table(
        "candidacies",
        columns=[
            "candidacy_id",
            "election_id",
            "capturing_party",
            "owner_name",
            "office",
            "registered_at",
        ],
        records=[
            (c.key, ELECTION, c.postulant, owner(c), c.office, now)
            for c in national.candidacies(last - first, first=first)
        ]
        + [
            (f"S-{last - 1}-{k}", ELECTION, "mc", f"Persona Solicitante {k}", "regiduria", now)
            for k in range(SUBMISSIONS)
        ],
    )
    await conn.copy_records_to_table(
        "proposal_prints",
        columns=["candidacy_id", "field", "election_id", "signature"],
        records=[
            (candidacy, field, election, signature)
            for candidacy, field, election, _, signature in new
        ],
    )
    print_ids = {
        (row["candidacy_id"], row["field"]): row["print_id"]
        for row in await conn.fetch(
            "SELECT print_id, candidacy_id, field FROM proposal_prints WHERE print_id > $1",
            await conn.fetchval("SELECT coalesce(max(print_id), 0) FROM proposal_bands"),
        )
    }
    await conn.copy_records_to_table(
        "proposal_bands",
        columns=["print_id", "band_key"],
        records=[
            (print_ids[candidacy, field], key)
            for candidacy, field, _, bands, _ in new
            for key in set(bands)
        ],
    )
    copy_s = time.perf_counter() - started
    print(f"screening: loaded in {copy_s:.0f} s", flush=True)
    await analysed(
        settings,
        "moderation.proposal_prints",
        "moderation.proposal_bands",
        "moderation.candidacies",
    )
    rows += new
    return fingerprint_s, copy_s


async def measure(
    conn: Connection, deps: ServiceDeps, size: int, rows: list[PrintRow], spent: tuple[float, float]
) -> ScreeningFigures:
    settings = deps.settings
    how = sketching(
        settings.moderation_similarity_threshold, settings.moderation_minhash_permutations
    )
    table_bytes = await conn.fetchval(
        "SELECT pg_table_size('proposal_prints') + pg_table_size('proposal_bands')"
    )
    index_bytes = await conn.fetchval(
        "SELECT pg_indexes_size('proposal_prints') + pg_indexes_size('proposal_bands')"
    )
    people = catalogue(size)
    submissions = [submission(size, k) for k in range(SUBMISSIONS)]
    for warm in submissions[:5]:  # first use: caches, plans
        LEXICON.hits("propuesta_1", warm.texts["propuesta_1"])
    whole, flagged, flag_total = [], 0, 0
    for item in submissions:
        t0 = time.perf_counter()
        async with conn.transaction():
            found = await screen_submission(conn, deps, item, people)
        whole.append((time.perf_counter() - t0) * 1000)
        flag_total += len(found)
        flagged += any(
            f.kind is FlagKind.NEAR_DUPLICATE and f.field == "propuesta_1" for f in found
        )
    print("screening: submissions screened", flush=True)
    lexicon_ms, mentions_ms, lookup_ms, sql_ms = [], [], [], []
    for item in submissions:
        t0 = time.perf_counter()
        for field, text in item.texts.items():
            LEXICON.hits(field, text)
        lexicon_ms.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        mentions(item, await with_people_named(conn, item, people))
        mentions_ms.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        async with conn.transaction():
            await near_duplicates(conn, settings, item)
        lookup_ms.append((time.perf_counter() - t0) * 1000)
        keys = sorted(
            {
                key
                for field in PROPOSAL_FIELDS
                if (found_print := fingerprint(ELECTION, field, item.texts[field], how))
                for key in found_print.bands
            }
        )
        t0 = time.perf_counter()
        await proposals.alike(conn, ELECTION, item.candidacy_id, keys)
        sql_ms.append((time.perf_counter() - t0) * 1000)

    lsh, raw_load_s, raw_mib = _raw_index(rows, how)
    raw_ms = []
    for item in submissions:
        t0 = time.perf_counter()
        for field in PROPOSAL_FIELDS:
            found_print = fingerprint(ELECTION, field, item.texts[field], how)
            if found_print is not None:
                values = np.frombuffer(found_print.signature, dtype="<u4").astype(np.uint32)
                lsh.query(MinHash(hashvalues=values, permutations=how.parameters, scheme=SCHEME))
        raw_ms.append((time.perf_counter() - t0) * 1000)
    del lsh
    return ScreeningFigures(
        candidacies=size,
        prints=len(rows),
        characters=round(statistics.mean(sum(map(len, s.texts.values())) for s in submissions)),
        fingerprint_s=spent[0],
        copy_s=spent[1],
        p50_ms=_p(whole, 0.5),
        p95_ms=_p(whole, 0.95),
        lexicon_p50_ms=_p(lexicon_ms, 0.5),
        lexicon_p95_ms=_p(lexicon_ms, 0.95),
        mentions_p50_ms=_p(mentions_ms, 0.5),
        mentions_p95_ms=_p(mentions_ms, 0.95),
        lookup_p50_ms=_p(lookup_ms, 0.5),
        lookup_p95_ms=_p(lookup_ms, 0.95),
        sql_p50_ms=_p(sql_ms, 0.5),
        sql_p95_ms=_p(sql_ms, 0.95),
        raw_p50_ms=_p(raw_ms, 0.5),
        raw_p95_ms=_p(raw_ms, 0.95),
        raw_load_s=raw_load_s,
        raw_mib=raw_mib,
        table_mib=table_bytes / 2**20,
        index_mib=index_bytes / 2**20,
        flagged_copies=flagged,
        flags_per_submission=flag_total / len(submissions),
    )


async def run(settings: Settings) -> list[ScreeningFigures]:
    # Its consumers left out: under `make bench` capture's events of the benchmark before
    # would otherwise be mirrored while this one measures.
    host = ServiceHost(replace(moderation, consumers=[]), settings)
    deps = await host.start()
    rows: list[PrintRow] = []
    figures = []
    loaded = 0
    try:
        async with deps.pool.acquire() as conn:
            for size in SIZES:
                spent = await load(conn, settings, loaded + 1, size + 1, rows)
                loaded = size
                figures.append(await measure(conn, deps, size, rows, spent))
    finally:
        await host.stop()
    return figures


def section(f: ScreeningFigures) -> str:
    """This benchmark's part of bench/RESULTS.md."""
    rows = [
        (
            f"Screening one submission ({f.characters:,} characters), end to end: p50 / p95",
            f"{f.p50_ms:.1f} / {f.p95_ms:.1f} ms",
            "p95 ≤ 50 ms",
        ),
        (
            f"… the lexicon ({len(LEXICON.terms)} terms): p50 / p95",
            f"{f.lexicon_p50_ms:.1f} / {f.lexicon_p95_ms:.1f} ms",
            "",
        ),
        (
            f"… mentions (10 parties, 2 coalitions, {f.candidacies:,} owners): p50 / p95",
            f"{f.mentions_p50_ms:.1f} / {f.mentions_p95_ms:.1f} ms",
            "",
        ),
        (
            "… near duplicates (fingerprints, lookup, confirmation, own prints written): p50 / p95",
            f"{f.lookup_p50_ms:.1f} / {f.lookup_p95_ms:.1f} ms",
            "",
        ),
        (
            "Copied first proposals flagged",
            f"{f.flagged_copies} of {SUBMISSIONS}",
            f"{SUBMISSIONS} of {SUBMISSIONS}",
        ),
        ("Flags per submission (mean)", f"{f.flags_per_submission:.1f}", ""),
        (
            f"Fingerprints of {f.prints:,} proposals computed ({os.cpu_count()} processes)",
            f"{f.fingerprint_s:.0f} s",
            "",
        ),
        (
            f"COPY of {f.candidacies:,} candidacies and {f.prints:,} fingerprints",
            f"{f.copy_s:.1f} s",
            "",
        ),
        (
            f"Index in PostgreSQL: {f.prints:,} rows, tables / their indexes (band keys, prints)",
            f"{f.table_mib:.0f} / {f.index_mib:.0f} MiB",
            "",
        ),
    ]
    lines = ["| measure | figure | target |", "|---|---:|---:|"]
    lines += [f"| {name} | {figure} | {target} |" for name, figure, target in rows]
    raw = [
        (
            "Near-duplicate lookup, 3 proposals: p50 (ms)",
            f.lookup_p50_ms,
            f.raw_p50_ms,
            f.raw_p50_ms / f.lookup_p50_ms,
        ),
        (
            "Near-duplicate lookup, 3 proposals: p95 (ms)",
            f.lookup_p95_ms,
            f.raw_p95_ms,
            f.raw_p95_ms / f.lookup_p95_ms,
        ),
    ]
    lines += [
        "",
        "| measure | PostgreSQL index | datasketch in memory | fraction of raw |",
        "|---|---:|---:|---:|",
    ]
    lines += [
        f"| {name} | {ours:.2f} | {theirs:.2f} | {ratio:.2f} |" for name, ours, theirs, ratio in raw
    ]
    lines += [
        "",
        "Of the PostgreSQL lookup, the bare statement (the band keys' B-tree lookup, joined "
        f"to the prints and the live candidacies) took {f.sql_p50_ms:.2f} / "
        f"{f.sql_p95_ms:.2f} ms (p50 / p95). The "
        f"in-memory index took {f.raw_load_s:.0f} s to build and about {f.raw_mib:.0f} MiB "
        "in one process, which every replica would hold and rebuild at each start; the "
        "PostgreSQL one is shared by the replicas and survives restarts.",
    ]
    return "\n".join(lines)


def report_of(figures: list[ScreeningFigures]) -> str:
    f = figures[-1]
    sections = "\n\n".join(
        f"### Against {one.candidacies:,} candidacies\n\n{section(one)}" for one in figures
    )
    return f"""## Screening

{__doc__}
{sections}

What limits them: mentions fetch, by a GIN index on the pairs of words of the owners'
names, the few of the {f.candidacies:,} owners two of whose words the text holds
capitalised and close together, and compare only those fuzzily (walking every owner in
Python took about a second per submission on this shared machine); the lexicon is one
dictionary look-up per word; near duplicates compute three MinHash signatures (about
0.3 ms each), look up {sketching(0.7, 128).bands} band keys per proposal in a B-tree
(a GIN index on the keys' array was passed over by the planner for a scan of the whole
table at 300,000 proposals), confirm the few candidates on their whole signatures and
write the candidacy's own rows, all in the consumer's transaction.
"""


def targets(figures: list[ScreeningFigures]) -> list[Target]:
    f = figures[-1]
    return [
        Target(
            f"Screening a 5,000-character submission against {f.candidacies:,}, p95",
            f"{f.p95_ms:.1f} ms",
            f"datasketch in memory, lookup p95 {f.raw_p95_ms:.2f} ms",
            f.raw_p95_ms / f.lookup_p95_ms,
            "≤ 50 ms",
            f.p95_ms <= 50,
            "the moderation process (one core): MinHash signatures and fuzzy name matching",
        )
    ]


async def main() -> None:
    async def measure(settings: Settings) -> str:
        return report_of(await run(settings))

    await run_alone(SERVICES, measure)


if __name__ == "__main__":
    uvloop.run(main())


def growth(figures: list[ScreeningFigures]) -> list[Growth]:
    if len(figures) < 2:
        return []
    small, large = figures[0], figures[-1]
    return [
        # The whole holds the mentions, which grow with the election: the owners fetched
        # are those two of whose words the text holds, and the same surnames recur, so an
        # election ten times larger has about ten times as many.
        Growth("screening one submission, p50", "ms", small.p50_ms, large.p50_ms,
               constant=False),
        Growth("… mentions, the owners named alike compared, p50", "ms",
               small.mentions_p50_ms, large.mentions_p50_ms, constant=False),
        Growth("… near duplicates, p50", "ms", small.lookup_p50_ms, large.lookup_p50_ms,
               constant=True),
    ]  # fmt: skip
