"""The automatic screening, end to end: two parties' candidacies captured, submitted and
validated through capture, over the real bus; moderation screens each as it arrives and
the second one's flags show what a verifier will see first — a call to vote, another
party, another candidacy's person and a proposal copied from the first — while the
first, written cleanly, has none. Then, on the index itself: a proposal's signatures are
kept in PostgreSQL, found by a later candidacy of the election (after a restart too),
replaced when the candidacy is screened again, and gone once it is withdrawn."""

import datetime as dt
from typing import Any

import asyncpg
import pytest

from contracts.events.capture import CandidacyRegistered, CandidacyWithdrawn, WithdrawalReason
from contracts.moderation import FlagKind, Prohibition
from services.accounts.service import definition as accounts
from services.capture.service import definition as capture
from services.moderation.domain.findings import Submission
from services.moderation.service import definition as moderation
from services.moderation.steps import mirroring, screening
from services.moderation.store import flags
from services.runtime import database
from services.runtime.settings import Settings
from tests.support.accounts import bearer, issue_party, session_of
from tests.support.capture import ELECTION, capture_all, election_under, path, submit
from tests.support.gateway import gateway_client
from tests.support.hosts import running
from tests.support.waiting import eventually

pytestmark = pytest.mark.timeout(240)

ORIGINAL = (
    "Crearé una red municipal de estancias infantiles con horario extendido de seis de la "
    "mañana a diez de la noche, para que las madres y los padres que trabajan en turnos "
    "nocturnos o en la maquila puedan conservar su empleo. Cada estancia tendrá personal "
    "con formación en educación inicial, comedor con menú diseñado por nutriólogas y "
    "transporte seguro desde las colonias de la periferia. Se financiará con el ahorro "
    "en publicidad oficial y con convenios con las empresas del parque industrial."
)
COPY = (
    "Crearemos una red municipal de estancias infantiles con horario extendido de seis de "
    "la mañana a diez de la noche, para que las madres y los padres que trabajan en turnos "
    "nocturnos o en la maquila puedan conservar su trabajo. Cada estancia tendrá personal "
    "con formación en educacion inicial, comedor con menú diseñado por nutriólogos y "
    "transporte seguro desde las colonias de la periferia. Se financiará con el ahorro en "
    "publicidad oficial y con convenios con las empresas del parque industrial."
)
LIBRARIES = (
    "Abriré las bibliotecas públicas del municipio también los sábados y domingos, con "
    "talleres de lectura para niñas y niños, préstamo de computadoras portátiles a "
    "estudiantes de secundaria y un programa de alfabetización digital para personas "
    "mayores impartido por jóvenes que prestan su servicio social en la universidad "
    "pública del estado."
)
WATER = (
    "Propongo un sistema de captación de agua de lluvia en escuelas y centros de salud, "
    "con cisternas comunitarias administradas por comités vecinales electos en asamblea, "
    "y la reparación de fugas de la red en los primeros cien días con un tablero público "
    "que muestre cada reporte ciudadano, su atención y el tiempo que tardó en resolverse."
)
TRANSPORT = (
    "Propongo rutas de transporte público nocturno entre los parques industriales y las "
    "colonias del oriente, con paradas iluminadas, botones de auxilio conectados al C5 y "
    "tarifa preferente para estudiantes, personas mayores y personas con discapacidad, "
    "pagadas con lo que hoy se gasta en la renta de patrullas que no circulan de noche."
)
WHY = (
    "Quiero servir a Monterrey porque llevo quince años en la defensa del agua. Soy devota "
    "de mi colonia y conozco la disputa por cada pipa; repartimos pan y agua en la sequía "
    "de 2022. Trabajé con María Fernanda Ávila en el comité y después el PRI me ofreció "
    "una candidatura que rechacé. Este domingo, ¡vota por mí y por el agua de todas y "
    "todos! Daré cuenta pública de cada peso y de cada decisión de mi gestión."
)


async def flags_of(settings: Settings, candidacy_id: str) -> list[flags.FlagRow]:
    conn = await asyncpg.connect(
        database.admin_dsn(settings, database=settings.instance),
        server_settings={"search_path": "moderation"},
    )
    try:
        if await conn.fetchval(
            "SELECT screened_at IS NULL FROM candidacies WHERE candidacy_id = $1", candidacy_id
        ):
            return []
        return await flags.flags_of(conn, candidacy_id)
    finally:
        await conn.close()


async def screened(settings: Settings, candidacy_id: str) -> bool:
    conn = await asyncpg.connect(database.admin_dsn(settings, database=settings.instance))
    try:
        return bool(
            await conn.fetchval(
                "SELECT screened_at IS NOT NULL FROM moderation.candidacies"
                " WHERE candidacy_id = $1",
                candidacy_id,
            )
        )
    finally:
        await conn.close()


async def validated(
    client: Any, admin: str, party: str, candidacy: str, answers: dict[str, Any]
) -> None:
    issued = await issue_party(client, admin, party, ELECTION)
    capturist = await session_of(client, issued["capturist"])
    supervisor = await session_of(client, issued["supervisor"])
    await capture_all(client, capturist, candidacy)
    saved = await client.put(
        path(candidacy, "curricular"), headers=bearer(capturist), json={"respuestas": answers}
    )
    assert saved.status == 200, await saved.text()
    sent = await (await submit(client, capturist, candidacy, confirm=True)).json()
    assert sent["submitted"], sent
    done = await client.post(
        f"/api/v1/candidaturas/{candidacy}/validacion", headers=bearer(supervisor)
    )
    assert done.status == 200, await done.text()


async def test_a_validated_candidacy_is_flagged_for_what_a_verifier_must_see(
    fresh: Settings,
) -> None:
    async with running(fresh, accounts, capture, moderation), gateway_client(fresh) as client:
        admin = await election_under(client, fresh, "estado-de-mexico")
        await validated(
            client,
            admin,
            "pan",
            "F-PAN-1",
            {"propuesta_1": ORIGINAL, "propuesta_2": LIBRARIES, "propuesta_genero_grupo": WATER},
        )
        await eventually(lambda: screened(fresh, "F-PAN-1"), bool, what="F-PAN-1 screened")
        assert await flags_of(fresh, "F-PAN-1") == []

        await validated(
            client,
            admin,
            "mc",
            "F-MC-1",
            {
                "propuesta_1": COPY,
                "propuesta_2": TRANSPORT,
                "propuesta_genero_grupo": LIBRARIES.replace("Abriré", "Mantendré abiertas")
                .replace("las bibliotecas", "bibliotecas")
                .replace("abriré", ""),
                "motivo_cargo_publico": WHY,
            },
        )
        found = await eventually(
            lambda: flags_of(fresh, "F-MC-1"), bool, what="F-MC-1 screened with flags"
        )

    seen = {(f.field, f.kind, f.evidence[:40], f.other_candidacy_id) for f in found}
    assert ("motivo_cargo_publico", FlagKind.LEXICON, "vota por mí", None) in seen
    assert ("motivo_cargo_publico", FlagKind.PARTY_MENTION, "PRI", None) in seen
    assert (
        "motivo_cargo_publico",
        FlagKind.CANDIDACY_MENTION,
        "María Fernanda Ávila",
        "F-PAN-1",
    ) in seen
    copied = [f for f in found if f.kind is FlagKind.NEAR_DUPLICATE and f.field == "propuesta_1"]
    [flag] = copied
    assert flag.prohibition is Prohibition.COPIED_PROPOSAL
    assert (flag.span_start, flag.span_end, flag.evidence) == (0, len(COPY), COPY)
    assert flag.other_candidacy_id == "F-PAN-1"
    assert flag.detail.startswith("Muy parecida a la propuesta 1 de María Fernanda Ávila Núñez (")
    crossed = {f.field: f.detail.split(" (")[0] for f in found if f.kind is FlagKind.NEAR_DUPLICATE}
    assert crossed == {
        "propuesta_1": "Muy parecida a la propuesta 1 de María Fernanda Ávila Núñez",
        "propuesta_genero_grupo": "Muy parecida a la propuesta 2 de María Fernanda Ávila Núñez",
    }
    texts = {"motivo_cargo_publico": WHY}
    for f in found:
        if f.field in texts:
            assert texts[f.field][f.span_start : f.span_end] == f.evidence
    mention = next(f for f in found if f.kind is FlagKind.CANDIDACY_MENTION)
    assert mention.detail == "Menciona a María Fernanda Ávila Núñez, de otra candidatura (PAN)"
    innocent = {"devota", "disputa", "pan"}
    assert not {f.evidence.casefold() for f in found} & innocent


def registered(candidacy_id: str, owner: str, party: str) -> CandidacyRegistered:
    return CandidacyRegistered(
        election_id="e-2027",
        candidacy_id=candidacy_id,
        capturing_party_id=party,
        owner_name=owner,
        office="diputacion-mr",
        approved_at=dt.datetime(2027, 3, 1, tzinfo=dt.UTC),
    )


def proposing(candidacy_id: str, party: str, proposal: str) -> Submission:
    return Submission("e-2027", candidacy_id, party, {"propuesta_1": proposal})


async def test_the_proposal_index_is_kept_replaced_and_forgotten(fresh: Settings) -> None:
    async with running(fresh, moderation):
        pass  # its migrations applied; the index lives in PostgreSQL, not in a process
    conn = await database.connect_owner(fresh, "moderation")
    try:
        await mirroring.mirror_candidacy(conn, registered("F-PAN-1", "Ana López Pérez", "pan"))
        await mirroring.mirror_candidacy(conn, registered("F-MC-1", "Rosa Díaz Ochoa", "mc"))
        async with conn.transaction():
            first = await screening.near_duplicates(
                conn, fresh, proposing("F-PAN-1", "pan", ORIGINAL)
            )
        assert first == []
    finally:
        await conn.close()

    conn = await database.connect_owner(fresh, "moderation")  # as after a restart
    try:
        async with conn.transaction():
            [flag] = await screening.near_duplicates(conn, fresh, proposing("F-MC-1", "mc", COPY))
        assert flag.other_candidacy_id == "F-PAN-1"
        assert flag.detail.startswith("Muy parecida a la propuesta 1 de Ana López Pérez (")

        async with conn.transaction():  # screened again with another text: replaced
            assert (
                await screening.near_duplicates(conn, fresh, proposing("F-PAN-1", "pan", WATER))
                == []
            )
        async with conn.transaction():
            assert (
                await screening.near_duplicates(conn, fresh, proposing("F-MC-1", "mc", COPY)) == []
            )
        rows = await conn.fetchval("SELECT count(*) FROM proposal_prints")
        assert rows == 2

        async with conn.transaction():
            await screening.near_duplicates(conn, fresh, proposing("F-PAN-1", "pan", ORIGINAL))
            withdrawn = CandidacyWithdrawn(
                election_id="e-2027", candidacy_id="F-PAN-1", reason=WithdrawalReason.CANCELLED
            )
            await mirroring.mirror_withdrawal(conn, withdrawn)
        async with conn.transaction():
            assert (
                await screening.near_duplicates(conn, fresh, proposing("F-MC-1", "mc", COPY)) == []
            )
            await screening.forget_proposals(conn, "F-PAN-1")
        assert (
            await conn.fetchval(
                "SELECT count(*) FROM proposal_prints WHERE candidacy_id = 'F-PAN-1'"
            )
            == 0
        )
    finally:
        await conn.close()
