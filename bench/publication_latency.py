"""Validation to public visibility (issue 15: p99 ≤ 1 s): how long after a party's
supervisor validates a candidacy its profile is public in every gateway's copy.

An election under the demo's profile whose publication has started; ``CANDIDACIES``
candidacies of ten parties captured and submitted through capture's own steps, as the demo
does (privacy notice, photo, both questionnaires, the one chance). Accounts, capture,
moderation, publication and audit run as their own processes. Then the candidacies are
validated one by one, ``RATE_PER_S`` a second (far busier than an evening of supervisors),
each through capture's validation step in its own transaction, the step the gateway's
``POST /api/v1/candidaturas/{id}/validacion`` runs. Timed from that transaction's commit
to the moment the public profile arrives on a watch of the public bucket: the watch every
gateway replica keeps (services/gateway/public_read_model.py). Beside it, raw JetStream's
publish → consume latency measured in the same run. ``python -m bench.publication_latency``
runs it alone and rewrites its section of bench/RESULTS.md.

Then the three effects issue 15 asks within one second, each on ``EFFECTS`` public
candidacies of its own, at the same pace, timed the same way (from the commit of the step
the gateway's request runs to the new state's arrival on the watch): a verifier disabling
one field (moderation's decision step, ``POST /api/v1/moderacion/candidaturas/{id}/
decisiones`` with ``campo``), a consent revoked (capture's step, ``DELETE
/api/v1/candidaturas/{id}/consentimiento``) and a withdrawal (the verifier disabling the
whole profile). The candidacies whose consent is revoked uploaded it when captured and had
it verified (capture's step on hearing the verifier), so their identity answers are public
first under the demo's profile."""

import asyncio
import contextlib
import dataclasses
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

import nats
import uvloop
from faststream.nats import NatsBroker
from nats.js.api import DeliverPolicy
from nats.js.errors import KeyNotFoundError
from nats.js.kv import KV_DEL, KV_OP, KV_PURGE

from bench import outbox_pipeline
from bench.standalone import run_alone
from bench.targets import Target
from contracts import subjects
from contracts.capture import CandidacyRef, ElectionConfig, PersonRef
from contracts.envelope import utc_now
from contracts.moderation import Decide, Prohibition
from contracts.publication import ELECTION_KEY, PROFILE_KEY, election_key
from contracts.requests import Principal
from contracts.roles import Role
from contracts.services import ServiceName
from services.capture import demo
from services.capture.adapters.profile_files import SHIPPED, load_profile
from services.capture.domain.registry_rows import RegistryRules, check_rows
from services.capture.steps.configuring import configure
from services.capture.steps.consenting import note_verified, revoke
from services.capture.steps.importing import import_formulas
from services.capture.steps.recording import SignedIn
from services.capture.steps.validating import validate
from services.moderation.steps.deciding import decide
from services.runtime import bus, database
from services.runtime.child_process import ServiceProcess
from services.runtime.outbox import Outbox
from services.runtime.service_deps import ServiceDeps
from services.runtime.settings import Settings

SERVICES = ["accounts", "capture", "moderation", "publication", "audit"]
ELECTION = "bench-publicacion"
PARTIES = [f"p{n}" for n in range(10)]
CANDIDACIES = 500
RATE_PER_S = 10.0
ARRIVAL_TIMEOUT_S = 60.0
EFFECTS = 100
"""Candidacies for each effect: 0–99 lose a field, 100–199 their consent, 200–299 are
withdrawn."""
DISABLED_FIELD = "propuesta_2"
NOTE = "Contiene un lema de campaña."


@dataclass(frozen=True)
class LatencyFigures:
    candidacies: int
    p50_ms: float
    p99_ms: float
    max_ms: float
    raw: outbox_pipeline.Figures
    effects: dict[str, list[float]]
    """Each effect's latencies (ms), sorted, by its name in the report."""


def election_config(starts: date) -> ElectionConfig:
    return ElectionConfig.model_validate(
        {
            "election_id": ELECTION,
            "name": "Proceso de prueba de publicación",
            "profile": demo.DEMO_PROFILE,
            "offices": [{"id": "diputacion-mr", "name": "Diputación local de mayoría relativa"}],
            "districts": [{"id": f"d{n}", "name": f"Distrito {n}"} for n in range(100)],
            "parties": [{"id": p, "name": f"Partido {p}", "acronym": p.upper()} for p in PARTIES],
            "calendar": {"publication_starts": starts.isoformat(), "election_day": "2027-06-06"},
        }
    )


def candidacy_id(n: int) -> str:
    return f"B{n:05d}"


def registry_rows(numbers: range = range(CANDIDACIES)) -> list[tuple[int, dict[str, Any]]]:
    """One formula of each party in each district: owner and alternate."""
    rows = []
    for n in numbers:
        for quality, names in (("propietaria", "María José"), ("suplente", "Ana Lucía")):
            rows.append(
                {
                    "clave": candidacy_id(n),
                    "cargo": "diputacion-mr",
                    "distrito": f"d{n // len(PARTIES)}",
                    "postulante_tipo": "partido",
                    "postulante": PARTIES[n % len(PARTIES)],
                    "calidad": quality,
                    "nombres": names,
                    "primer_apellido": "Núñez",
                    "segundo_apellido": f"Persona{n}",
                    "sexo": "Mujer",
                    "fecha_nacimiento": "1985-04-12",
                }
            )
    return list(enumerate(rows, start=2))


def principal(role: Role, n: int) -> SignedIn:
    party = PARTIES[n % len(PARTIES)]
    return SignedIn(
        Principal(
            account_id=f"bench-{party}-{role}", role=role, election_id=ELECTION, party_id=party
        )
    )


def consents(n: int) -> bool:
    return EFFECTS <= n < 2 * EFFECTS


def candidacy(n: int) -> demo.DemoCandidacy:
    return demo.DemoCandidacy(
        candidacy_id(n),
        principal(Role.CAPTURIST, n),
        principal(Role.SUPERVISOR, n),
        demo.MC_CURRICULAR,
        demo.IDENTITY_ANSWERS,
        n % len(demo.LOOKS),
        consents=consents(n),
    )


VERIFIER = SignedIn(
    Principal(account_id="bench-verificacion", role=Role.VERIFIER, election_id=ELECTION)
)


async def prepare(deps: ServiceDeps) -> None:
    """The election configured (publication from today) and every candidacy submitted."""
    profile = load_profile(SHIPPED / f"{demo.DEMO_PROFILE}.toml")
    config = election_config(utc_now().astimezone(ZoneInfo(profile.time_zone)).date())
    rows = registry_rows()
    checked = check_rows(rows, config, RegistryRules(today=utc_now().date()))
    if checked.problems:
        raise RuntimeError(f"the bench registry is wrong: {checked.problems[:3]}")
    async with deps.pool.acquire() as conn, conn.transaction():
        await configure(conn, deps.outbox, config, profile)
        await import_formulas(
            conn, deps.outbox, config, checked.formulas, now=utc_now(), rows=len(rows)
        )
    for n in range(CANDIDACIES):
        await demo.capture_and_submit(deps, candidacy(n), config.privacy_notice_version)
        if consents(n):
            async with deps.pool.acquire() as conn, conn.transaction():
                await note_verified(conn, deps, candidacy_id(n))


@dataclass
class Arrivals:
    """When each candidacy's public profile reached the watch; when the election started."""

    public: dict[str, asyncio.Future[float]]
    started: asyncio.Future[float]
    effects: dict[str, tuple[Callable[[dict[str, Any]], bool], asyncio.Future[float]]] = (
        dataclasses.field(default_factory=dict)
    )
    """An effect awaited on a candidacy: what its public entry shows once it took effect."""

    def heard(self, key: str, value: bytes | None) -> None:
        """An entry of the bucket. Only those something awaits are read: a watch begins
        with every key's value (the election week's 100,000 profiles), and reading each
        one in this process once delayed the awaited arrivals by seconds."""
        if value is None:
            return
        if key.startswith(PROFILE_KEY):
            cid = key.removeprefix(PROFILE_KEY)
            waiting = self.public.get(cid)
            if waiting is not None and waiting.done():
                waiting = None
            effect = self.effects.get(cid)
            if effect is not None and effect[1].done():
                effect = None
            if waiting is None and effect is None:
                return
            document = json.loads(value)
            if waiting is not None and document.get("state") == "public":
                waiting.set_result(time.perf_counter())
            if effect is not None and effect[0](document):
                effect[1].set_result(time.perf_counter())
        elif (
            key == election_key(ELECTION)
            and not self.started.done()
            and json.loads(value).get("started")
        ):
            self.started.set_result(time.perf_counter())


async def watch(settings: Settings, arrivals: Arrivals) -> None:
    """The public bucket's changes from now on, as a gateway that holds it hears them;
    the election as it stands first. (A watch of every key hands over each one's value
    before any change: the election week's 100,000 profiles, read in this busy process,
    once came seconds ahead of the changes timed.)"""
    client = await nats.connect(settings.require_nats_urls())
    try:
        js = client.jetstream()
        kv = await bus.public_bucket(js, settings)
        prefix = f"$KV.{subjects.public_bucket(settings.bus_prefix)}."
        changes = await js.subscribe(
            f"{prefix}>", ordered_consumer=True, deliver_policy=DeliverPolicy.NEW
        )
        with contextlib.suppress(KeyNotFoundError):
            election = await kv.get(election_key(ELECTION))
            arrivals.heard(election.key, election.value)
        async for msg in changes.messages:
            if msg.headers and msg.headers.get(KV_OP) in (KV_DEL, KV_PURGE):
                continue
            key = msg.subject.removeprefix(prefix)
            if key.startswith((PROFILE_KEY, ELECTION_KEY)):
                arrivals.heard(key, msg.data)
    finally:
        await client.close()


def field_gone(entry: dict[str, Any]) -> bool:
    profile = entry.get("profile") or {}
    return entry.get("state") == "public" and DISABLED_FIELD not in profile.get("curricular", {})


def identity_gone(entry: dict[str, Any]) -> bool:
    profile = entry.get("profile") or {}
    return entry.get("state") == "public" and profile.get("identity") == {}


def withdrawn(entry: dict[str, Any]) -> bool:
    return entry.get("state") == "withdrawn"


Effect = Callable[[Any, int], Any]
"""One effect's step on candidacy ``n``, in the transaction on ``conn`` it is given."""


async def measure_effect(
    arrivals: Arrivals,
    deps: ServiceDeps,
    first: int,
    took_effect: Callable[[dict[str, Any]], bool],
    step: Effect,
) -> list[float]:
    """``step`` on candidacies ``first`` … ``first + EFFECTS - 1``, paced; each timed from
    its commit to the arrival of what ``took_effect`` recognises."""
    loop = asyncio.get_running_loop()
    ids = [candidacy_id(first + n) for n in range(EFFECTS)]
    for cid in ids:
        arrivals.effects[cid] = (took_effect, loop.create_future())
    committed: dict[str, float] = {}
    async for n in outbox_pipeline.paced(EFFECTS, RATE_PER_S):
        async with deps.pool.acquire() as conn:
            async with conn.transaction():
                await step(conn, first + n)
            committed[ids[n]] = time.perf_counter()
    arrived = await asyncio.wait_for(
        asyncio.gather(*(arrivals.effects[cid][1] for cid in ids)), ARRIVAL_TIMEOUT_S
    )
    return sorted((at - committed[cid]) * 1000 for cid, at in zip(ids, arrived, strict=True))


async def measure_effects(
    arrivals: Arrivals, deps: ServiceDeps, moderation: ServiceDeps
) -> dict[str, list[float]]:
    async def disable_field(conn: Any, n: int) -> None:
        order = Decide(
            candidacy_id=candidacy_id(n),
            campo=DISABLED_FIELD,
            prohibicion=Prohibition.CAMPAIGN_SLOGANS,
            nota=NOTE,
        )
        await decide(conn, moderation, order, VERIFIER)

    async def revoke_consent(conn: Any, n: int) -> None:
        await revoke(conn, deps, PersonRef(candidacy_id=candidacy_id(n)), candidacy(n).validator)

    async def withdraw(conn: Any, n: int) -> None:
        order = Decide(
            candidacy_id=candidacy_id(n), prohibicion=Prohibition.CAMPAIGN_SLOGANS, nota=NOTE
        )
        await decide(conn, moderation, order, VERIFIER)

    return {
        "a disabled field → gone": await measure_effect(
            arrivals, moderation, 0, field_gone, disable_field
        ),
        "a consent revoked → identity gone": await measure_effect(
            arrivals, deps, EFFECTS, identity_gone, revoke_consent
        ),
        "a withdrawal → withdrawn": await measure_effect(
            arrivals, moderation, 2 * EFFECTS, withdrawn, withdraw
        ),
    }


async def measure_latency(
    settings: Settings, deps: ServiceDeps, moderation: ServiceDeps
) -> tuple[list[float], dict[str, list[float]]]:
    loop = asyncio.get_running_loop()
    arrivals = Arrivals(
        public={candidacy_id(n): loop.create_future() for n in range(CANDIDACIES)},
        started=loop.create_future(),
    )
    watching = asyncio.create_task(watch(settings, arrivals))
    try:
        await asyncio.wait_for(arrivals.started, ARRIVAL_TIMEOUT_S)
        committed: dict[str, float] = {}
        async for n in outbox_pipeline.paced(CANDIDACIES, RATE_PER_S):
            one = candidacy(n)
            async with deps.pool.acquire() as conn:
                async with conn.transaction():
                    await validate(
                        conn, deps, CandidacyRef(candidacy_id=one.candidacy_id), one.validator
                    )
                committed[one.candidacy_id] = time.perf_counter()
        arrived = await asyncio.wait_for(
            asyncio.gather(*arrivals.public.values()), ARRIVAL_TIMEOUT_S
        )
        effects = await measure_effects(arrivals, deps, moderation)
    finally:
        watching.cancel()
    validation = [
        (at - committed[cid]) * 1000 for cid, at in zip(arrivals.public, arrived, strict=True)
    ]
    return validation, effects


async def run(settings: Settings) -> LatencyFigures:
    processes = [await ServiceProcess(settings, f"services.{name}").start() for name in SERVICES]
    pool = await database.create_pool(settings, str(ServiceName.CAPTURE), max_size=2)
    # The steps publish through capture's outbox, which the capture process relays.
    deps = ServiceDeps(
        settings, str(ServiceName.CAPTURE), pool, Outbox(settings, "capture"), NatsBroker()
    )
    # The verifier's decisions go through moderation's outbox, relayed by its process.
    moderation_pool = await database.create_pool(settings, str(ServiceName.MODERATION), max_size=2)
    moderation = ServiceDeps(
        settings,
        str(ServiceName.MODERATION),
        moderation_pool,
        Outbox(settings, "moderation"),
        NatsBroker(),
    )
    try:
        await prepare(deps)
        latencies, effects = await measure_latency(settings, deps, moderation)
    finally:
        await moderation_pool.close()
        await pool.close()
        for process in processes:
            await process.stop()
    raw = await outbox_pipeline.measure_raw(settings)
    ordered = sorted(latencies)
    return LatencyFigures(
        candidacies=len(ordered),
        p50_ms=outbox_pipeline.percentile(ordered, 50),
        p99_ms=outbox_pipeline.percentile(ordered, 99),
        max_ms=ordered[-1],
        raw=raw,
        effects=effects,
    )


def report(f: LatencyFigures) -> str:
    return "\n".join(
        [
            "## Validation to public visibility (issue 15)",
            "",
            f"{f.candidacies} candidacies validated one by one, {RATE_PER_S:.0f} a second, "
            "through capture's validation step; timed from its commit to the public profile's "
            "arrival on a watch of the public bucket (what every gateway replica keeps). "
            "Between them: capture's outbox relay, publication's consumer (visibility, the "
            "signed event, the change log), the bucket. Target: p99 ≤ 1 s. Raw: a JetStream "
            "publish → consume in the same run. Command: `python -m bench.publication_latency`.",
            "",
            "| measure | validation → public (ms) | raw JetStream (ms) | raw / ours |",
            "|---|---:|---:|---:|",
            f"| p50 | {f.p50_ms:.1f} | {f.raw.p50_ms:.2f} | {f.raw.p50_ms / f.p50_ms:.3f} |",
            f"| p99 | {f.p99_ms:.1f} | {f.raw.p99_ms:.2f} | {f.raw.p99_ms / f.p99_ms:.3f} |",
            f"| max | {f.max_ms:.1f} | | |",
            "",
            f"The effects asked within 1 s, {EFFECTS} candidacies each at the same pace, timed "
            "from the commit of the step the gateway's request runs (moderation's decision, "
            "capture's consent revocation) to the new state's arrival on the same watch:",
            "",
            "| effect | p50 (ms) | p99 (ms) | max (ms) |",
            "|---|---:|---:|---:|",
            *(
                f"| {name} | {outbox_pipeline.percentile(ms, 50):.1f} | "
                f"{outbox_pipeline.percentile(ms, 99):.1f} | {ms[-1]:.1f} |"
                for name, ms in f.effects.items()
            ),
            "",
        ]
    )


def targets(f: LatencyFigures) -> list[Target]:
    return [
        Target(
            "Validation → public p99, nothing else running",
            f"{f.p99_ms:.0f} ms",
            f"raw JetStream p99 {f.raw.p99_ms:.2f} ms",
            f.raw.p99_ms / f.p99_ms,
            "≤ 1,000 ms",
            f.p99_ms <= 1000,
            "the relay's and publication's consumer's transactions, one after the other",
        )
    ]


async def main() -> None:
    async def measure(settings: Settings) -> str:
        return report(await run(settings))

    await run_alone(SERVICES, measure)


if __name__ == "__main__":
    uvloop.run(main())
