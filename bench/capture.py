"""Capture: importing a national registry, and saving drafts while 200 capturists work.

1. Saves: 1,000 candidacies imported, 10 parties' capture accounts signed in; then 200
   capturists, each on a candidacy of their own, save a draft of the curricular
   questionnaire through the gateway: each every 10–20 s (a person writing, then
   saving), then each every 1–3 s (far busier than people are), for 30 s each: latency
   p50/p99 and saves/s. Then the same 200 saving back to back with no pause: the
   ceiling here.
2. Import: 100,000 more candidacies (owner and alternate: 200,000 rows of CSV) posted to
   the gateway, which hands them to capture in chunks; capture checks every row, writes
   the candidacies and their 100,000 ``candidacy.registered`` events in one
   transaction. Timed from the POST to the reply.
Services (accounts, capture, gateway) run as their own processes; the load comes from
this one.
"""

import asyncio
import csv
import io
import random
import statistics
import time
from dataclasses import dataclass
from typing import Any

import aiohttp
import asyncpg
import pyotp

from bench.counting import wait_for_rows
from services.accounts.bootstrap import ensure_first_admin
from services.launcher.embedded import free_port
from services.runtime import database
from services.runtime.child_process import ServiceProcess
from services.runtime.settings import Settings

SERVICES = ["accounts", "capture", "audit"]
CANDIDACIES = 100_000
PARTIES = [f"p{n}" for n in range(10)]
USERS = 200
PASSWORD = "caballo correcto batería grapa 7"
TEXT = "Propuesta para ampliar las estancias infantiles con horario extendido " * 5
ELECTION = "bench-2027"


SMALL = 1_000


@dataclass
class Saves:
    p50_ms: float
    p99_ms: float
    rate: float


@dataclass
class CaptureFigures:
    rows: int
    import_s: float
    people: Saves
    busy: Saves
    flat: Saves


def election_config() -> dict[str, Any]:
    return {
        "election_id": ELECTION,
        "name": "Proceso de prueba de carga",
        "profile": "tabasco",
        "offices": [
            {"id": "diputacion-mr", "name": "Diputación"},
            {"id": "presidencia-municipal", "name": "Presidencia municipal"},
        ],
        "districts": [{"id": f"d{n}", "name": f"Distrito {n}"} for n in range(300)],
        "municipalities": [{"id": f"m{n}", "name": f"Municipio {n}"} for n in range(2500)],
        "parties": [{"id": p, "name": f"Partido {p}", "acronym": p.upper()} for p in PARTIES],
        "calendar": {"publication_starts": "2027-04-01"},
    }


def registry_csv(first: int, count: int) -> bytes:
    from services.capture.domain.registry_rows import COLUMNS

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for n in range(first, first + count):
        # a seat of its own for each formula of a party: its district or municipality and
        # a place on a list
        place = (
            {
                "cargo": "diputacion-mr",
                "distrito": f"d{(n // 10) % 300}",
                "numero_lista": n // 3000 + 1,
            }
            if n % 2
            else {
                "cargo": "presidencia-municipal",
                "municipio": f"m{(n // 10) % 2500}",
                "numero_lista": n // 25_000 + 1,
            }
        )
        for quality, names in (("propietaria", "María José"), ("suplente", "Ana Lucía")):
            writer.writerow(
                {
                    "clave": f"C{n:06d}",
                    **place,
                    "postulante_tipo": "partido",
                    "postulante": PARTIES[n % len(PARTIES)],
                    "calidad": quality,
                    "nombres": names,
                    "primer_apellido": "Núñez",
                    "segundo_apellido": f"Persona{n}",
                    "sexo": "Mujer",
                    "fecha_nacimiento": "1985-04-12",
                    "estatus": "registrada",
                }
            )
    return out.getvalue().encode()


async def _json(response: aiohttp.ClientResponse) -> Any:
    assert response.status < 400, await response.text()
    return await response.json()


async def admin_token(http: aiohttp.ClientSession, settings: Settings) -> str:
    first = await ensure_first_admin(settings)
    assert first is not None
    body = {"codigo": first.codigo, "contrasena": PASSWORD, "confirmacion": PASSWORD}
    async with http.post("/api/v1/activacion", json=body) as r:
        enrolment = (await _json(r))["totp"]
    totp = pyotp.TOTP(enrolment["secret"])
    confirm = {"ticket": enrolment["ticket"], "codigo_totp": totp.now()}
    async with http.post("/api/v1/activacion/segundo-factor", json=confirm):
        pass
    code = totp.at(time.time() + totp.interval)
    sign_in = {"usuario": first.usuario, "contrasena": PASSWORD, "codigo_totp": code}
    async with http.post("/api/v1/sesion", json=sign_in) as r:
        return str((await _json(r))["access_token"])


async def capturist_tokens(
    http: aiohttp.ClientSession,
    admin: str,
    election: str = ELECTION,
    parties: list[str] = PARTIES,
) -> dict[str, str]:
    """Each party's capture account activated and signed in: its access token."""
    tokens = {}
    for party in parties:
        scope = {"election_id": election, "scope": {"kind": "party", "id": party}}
        async with http.post("/api/v1/cuentas/ambito", headers=_bearer(admin), json=scope) as r:
            capturist = next(a for a in (await _json(r))["accounts"] if a["role"] == "capturist")
        body = {"codigo": capturist["codigo"], "contrasena": PASSWORD, "confirmacion": PASSWORD}
        async with http.post("/api/v1/activacion", json=body) as r:
            await _json(r)
        async with http.post(
            "/api/v1/sesion", json={"usuario": capturist["usuario"], "contrasena": PASSWORD}
        ) as r:
            tokens[party] = (await _json(r))["access_token"]
    return tokens


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def save_once(http: aiohttp.ClientSession, token: str, candidacy: str, n: int) -> float:
    body = {"respuestas": {"propuesta_1": f"{TEXT} {n}"}}
    started = time.perf_counter()
    async with http.put(
        f"/api/v1/candidaturas/{candidacy}/cuestionarios/curricular",
        headers=_bearer(token),
        json=body,
    ) as r:
        assert r.status == 200, await r.text()
        await r.read()
    return (time.perf_counter() - started) * 1000


async def run_saves(
    http: aiohttp.ClientSession,
    tokens: dict[str, str],
    *,
    pause: tuple[float, float] | None,
    seconds: float,
) -> Saves:
    timings: list[float] = []
    deadline = time.monotonic() + seconds

    async def person(user: int) -> None:
        party = PARTIES[user % len(PARTIES)]
        candidacy = f"C{user:06d}"  # C000003 is p3's, and so on
        n = 0
        while time.monotonic() < deadline:
            if pause is not None:
                await asyncio.sleep(random.uniform(*pause))
            timings.append(await save_once(http, tokens[party], candidacy, n))
            n += 1

    started = time.monotonic()
    await asyncio.gather(*(person(u) for u in range(USERS)))
    rate = len(timings) / (time.monotonic() - started)
    return Saves(statistics.median(timings), _p(timings, 0.99), rate)


def _p(timings: list[float], q: float) -> float:
    ordered = sorted(timings)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


async def run(settings: Settings) -> CaptureFigures:
    port = free_port()
    settings = settings.model_copy(update={"gateway_port": port, "sign_in_per_minute": 100_000})
    processes = [
        await ServiceProcess(settings, f"services.{name}").start()
        for name in ("accounts", "capture", "audit", "gateway")
    ]
    admin_db = await asyncpg.connect(database.admin_dsn(settings, database=settings.instance))
    connector = aiohttp.TCPConnector(limit=USERS + 10)
    timeout = aiohttp.ClientTimeout(total=900)
    try:
        async with aiohttp.ClientSession(
            f"http://127.0.0.1:{port}", connector=connector, timeout=timeout
        ) as http:
            admin = await admin_token(http, settings)
            async with http.post(
                "/api/v1/elecciones", headers=_bearer(admin), json=election_config()
            ) as r:
                await _json(r)
            async with http.post(
                f"/api/v1/elecciones/{ELECTION}/registro",
                params={"formato": "csv"},
                data=registry_csv(0, SMALL),
                headers=_bearer(admin),
            ) as r:
                await _json(r)
            await wait_for_rows(admin_db, "accounts.accounts WHERE role = 'candidate'", SMALL)
            tokens = await capturist_tokens(http, admin)
            people = await run_saves(http, tokens, pause=(10.0, 20.0), seconds=30)
            busy = await run_saves(http, tokens, pause=(1.0, 3.0), seconds=30)
            flat = await run_saves(http, tokens, pause=None, seconds=10)
            body = registry_csv(SMALL, CANDIDACIES)
            started = time.perf_counter()
            async with http.post(
                f"/api/v1/elecciones/{ELECTION}/registro",
                params={"formato": "csv"},
                data=body,
                headers=_bearer(admin),
            ) as r:
                report = await _json(r)
            import_s = time.perf_counter() - started
            assert report["registered"] == CANDIDACIES, report
    finally:
        await admin_db.close()
        for process in processes:
            await process.stop()
    return CaptureFigures(
        rows=2 * CANDIDACIES, import_s=import_s, people=people, busy=busy, flat=flat
    )
