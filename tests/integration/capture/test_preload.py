"""Bulk pre-load where the profile offers it (Estado de México, 001 §14): a template with
one column per field; an upload fills drafts only, all or nothing; elsewhere refused."""

import csv
import io

import pytest

from services.accounts.service import definition as accounts
from services.capture.domain.preload_rows import template_columns
from services.capture.service import definition as capture
from services.runtime.settings import Settings
from tests.support.accounts import bearer, issue_party, session_of
from tests.support.capture import ELECTION, TEXT, election_under, path
from tests.support.gateway import gateway_client
from tests.support.hosts import running

pytestmark = pytest.mark.timeout(180)
BASE = f"/api/v1/elecciones/{ELECTION}/precarga"


def filled(rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=template_columns(), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


@pytest.mark.parametrize(
    ("profile", "offered"), [("estado-de-mexico", True), ("nuevo-leon", False)]
)
async def test_preload_fills_drafts_only_where_the_profile_offers_it(
    fresh: Settings, profile: str, offered: bool
) -> None:
    async with running(fresh, accounts, capture), gateway_client(fresh) as client:
        admin = await election_under(client, fresh, profile)
        token = await session_of(
            client, (await issue_party(client, admin, "pan", ELECTION))["capturist"]
        )
        template = await client.get(
            f"{BASE}/plantilla", params={"formato": "csv"}, headers=bearer(token)
        )
        if not offered:
            assert template.status == 409
            return
        lines = (await template.read()).decode("utf-8-sig").splitlines()
        assert lines[0].split(",")[:3] == ["clave", "facebook", "x_twitter"]
        assert lines[1:] == ["F-PAN-1"]  # the capturist's own candidacies

        bad = filled(
            [
                {"clave": "F-PAN-1", "propuesta_1": "corta", "indigena": "Quizá"},
                {"clave": "F-MC-1", "propuesta_1": TEXT},
            ]
        )
        refused = await client.post(
            BASE, params={"formato": "csv"}, data=bad, headers=bearer(token)
        )
        assert refused.status == 422
        located = {(e["line"], e["field"]) for e in (await refused.json())["errors"]}
        assert located == {(2, "propuesta_1"), (2, "indigena"), (3, "clave")}
        draft = await (
            await client.get(path("F-PAN-1", "curricular"), headers=bearer(token))
        ).json()
        assert draft["respuestas"] == {}  # nothing of the refused file stayed

        good = filled(
            [
                {
                    "clave": "F-PAN-1",
                    "propuesta_1": TEXT,
                    "telefonos_publicos": "81 1234 5678 | 81 8765 4321",
                    "indigena": "No",
                }
            ]
        )
        loaded = await client.post(
            BASE, params={"formato": "csv"}, data=good, headers=bearer(token)
        )
        assert await loaded.json() == {"rows": 1, "candidacies": 1}
        draft = await (
            await client.get(path("F-PAN-1", "curricular"), headers=bearer(token))
        ).json()
        assert draft["respuestas"]["telefonos_publicos"] == ["81 1234 5678", "81 8765 4321"]
        listed = await (await client.get("/api/v1/candidaturas", headers=bearer(token))).json()
        assert listed["candidacies"][0]["capture_status"] == "draft"  # never submitted
