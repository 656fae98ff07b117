"""An election with the demo registry, and a candidacy captured and submitted through the
API: what capture's integration tests start from."""

import datetime as dt
from typing import Any

import asyncpg

from services.capture.demo import demo_config
from services.runtime import database
from services.runtime.settings import Settings
from tests.support.accounts import bearer, signed_in_admin
from tests.support.photos import upload_photo
from tests.support.registry import as_csv, demo_rows
from tests.support.waiting import eventually

ELECTION = demo_config().election_id
TEXT = "Propongo una red de estancias infantiles con horario extendido " * 6
CURRICULAR = {
    "telefonos_publicos": ["81 1234 5678"],
    "grado_maximo_estudios": "Licenciatura",
    "estatus_grado": "Título",
    "historia_profesional_laboral": TEXT,
    "trayectoria_politica": TEXT,
    "propuesta_1": TEXT,
    "propuesta_2": TEXT,
    "propuesta_genero_grupo": TEXT,
    "correo_aclaraciones": "a@pan.mx",
}
IDENTITY = {
    "indigena": "Sí",
    "lengua_indigena": "Sí",
    "pueblo_indigena": "Tének",
    "discapacidad": "No",
    "afromexicana": "No",
    "lgbtttiq": "Prefiero no contestar",
    "migrante": "No",
    "poblacion_joven": "No",
    "persona_mayor": "No",
    "nivel_ingresos": "De $25,001 a $50,000",
    "fuente_ingresos": "Salario",
}


async def election_under(client: Any, settings: Settings, profile: str) -> str:
    admin, _ = await signed_in_admin(settings, client)
    config = {**demo_config().model_dump(mode="json"), "profile": profile}
    assert (await client.post("/api/v1/elecciones", headers=bearer(admin), json=config)).ok
    imported = await client.post(
        f"/api/v1/elecciones/{ELECTION}/registro",
        params={"formato": "csv"},
        data=as_csv(demo_rows()),
        headers=bearer(admin),
    )
    assert imported.status == 200, await imported.text()

    async def board() -> list[dict[str, Any]]:
        response = await client.get("/api/v1/entregas", headers=bearer(admin))
        return list((await response.json())["deliveries"])

    await eventually(board, lambda b: len(b) == 6, what="accounts know the election")
    return admin


async def election_with(client: Any, settings: Settings, rows: list[dict[str, Any]]) -> str:
    """The demo election with these rows of the registry imported; the admin's token."""
    admin, _ = await signed_in_admin(settings, client)
    config = demo_config().model_dump(mode="json")
    assert (await client.post("/api/v1/elecciones", headers=bearer(admin), json=config)).ok
    imported = await client.post(
        f"/api/v1/elecciones/{ELECTION}/registro",
        params={"formato": "csv"},
        data=as_csv(rows),
        headers=bearer(admin),
    )
    assert imported.status == 200, await imported.text()
    return admin


def path(candidacy: str, questionnaire: str) -> str:
    return f"/api/v1/candidaturas/{candidacy}/cuestionarios/{questionnaire}"


async def has_alternate(client: Any, token: str, candidacy: str) -> bool:
    """Whether the candidacy's formula has an alternate (its summary lists its
    questionnaires)."""
    response = await client.get(f"/api/v1/candidaturas/{candidacy}", headers=bearer(token))
    assert response.status == 200, await response.text()
    return "suplente.curricular" in (await response.json())["completeness"]


async def capture_person(client: Any, token: str, candidacy: str, persona: str) -> None:
    """One person's photo and both questionnaires, complete."""
    await upload_photo(client, token, candidacy, persona)
    for name, answers in (("curricular", CURRICULAR), ("identidad", IDENTITY)):
        saved = await client.put(
            path(candidacy, name),
            headers=bearer(token),
            json={"respuestas": answers, "persona": persona},
        )
        assert saved.status == 200, await saved.text()
        assert (await saved.json())["missing"] == [], (name, persona, await saved.json())


async def capture_all(
    client: Any, token: str, candidacy: str, *, alternate: bool | None = None
) -> None:
    """The privacy notice accepted, and the owner's questionnaires complete — and the
    alternate's too where the formula has one (``alternate``: None, whenever it has one;
    False, never)."""
    accepted = await client.post(
        f"/api/v1/candidaturas/{candidacy}/aviso-privacidad",
        headers=bearer(token),
        json={"version": "1"},
    )
    assert accepted.status == 204, await accepted.text()
    await capture_person(client, token, candidacy, "propietaria")
    if alternate is None:
        alternate = await has_alternate(client, token, candidacy)
    if alternate:
        await capture_person(client, token, candidacy, "suplente")


async def submit(client: Any, token: str, candidacy: str, confirm: bool) -> Any:
    return await client.post(
        f"/api/v1/candidaturas/{candidacy}/envio",
        headers=bearer(token),
        json={"confirmar": confirm},
    )


async def close_window(settings: Settings, candidacy_id: str, closed: str) -> None:
    """The candidacy's window closed at ``closed`` (an ISO 8601 moment)."""
    conn = await asyncpg.connect(database.admin_dsn(settings, database=settings.instance))
    try:
        await conn.execute(
            "UPDATE capture.candidacies SET deadline_at = $2::timestamptz WHERE candidacy_id = $1",
            candidacy_id,
            dt.datetime.fromisoformat(closed),
        )
    finally:
        await conn.close()
