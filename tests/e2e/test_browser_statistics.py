"""The statistics page in a real browser, as a citizen reads it: capture progress per
party, the published owners by sex, age and education, and the identity groups, each
chart beside its table; a withheld figure reads «menos de 5». The page passes axe's WCAG
2.1 AA checks and fits a 390 px phone.

The figures are put in the public bucket as publication would compile them (the domain's
own functions over a crowd of owners); tests/integration/publication/test_statistics.py
follows them through the real services.
"""

import nats
import pytest

from contracts.capture import AggregateCell
from contracts.envelope import utc_now
from contracts.publication import PublicStatistics, statistics_key
from services.publication.domain import statistics
from services.publication.domain.statistics import CandidacyProgress, PublishedPerson
from services.runtime import bus
from services.runtime.settings import Settings
from tests.support.browser import assert_usable, chromium
from tests.support.gateway import gateway_client
from tests.support.open_data import ELECTION, PARTIES
from tests.support.waiting import eventually

pytestmark = pytest.mark.timeout(240)
OFFICE = "dip-mr"


def _document() -> PublicStatistics:
    owners = [
        PublishedPerson(OFFICE, "pan", "Mujer", 25 + i, "Licenciatura") for i in range(14)
    ] + [PublishedPerson(OFFICE, "pri", "Hombre", 61, None) for _ in range(3)]
    progress = [CandidacyProgress("pan", True, True, True) for _ in range(14)]
    progress += [CandidacyProgress("pri", True, False, False) for _ in range(6)]
    cells = [
        AggregateCell(
            grupo=group,
            cargo=OFFICE,
            postulante=postulant,
            sexo=sex,
            personas=yes,
            texto=str(yes),
        )
        for group, yes in (("indigena", 6), ("discapacidad", 1))
        for postulant in ("pan", "pri", "independiente")
        for sex in ("Mujer", "Hombre")
    ]
    return PublicStatistics(
        election_id=ELECTION,
        election_name="Elección local 2027",
        compiled_at=utc_now(),
        progress=statistics.progress(PARTIES, progress),
        sex=statistics.by_sex(owners),
        age=statistics.by_age(owners),
        education=statistics.by_education(owners),
        groups=statistics.groups(cells, statistics.public_slices(owners)),
        minimum_cell=statistics.MIN_CELL,
        note=statistics.NOTE,
        sequence=1,
    )


async def _put(settings: Settings, document: PublicStatistics) -> None:
    nc = await nats.connect(settings.require_nats_urls())
    try:
        kv = await bus.public_bucket(nc.jetstream(), settings)
        await kv.put(statistics_key(ELECTION), document.model_dump_json().encode())
    finally:
        await nc.close()


async def test_a_citizen_reads_the_statistics_as_charts_and_tables(fresh: Settings) -> None:
    async with gateway_client(fresh) as client, chromium() as browser:
        document = _document()
        await _put(fresh, document)

        async def served() -> int:
            return (await client.get(f"/api/v1/publico/estadisticas/{ELECTION}")).status

        await eventually(served, lambda status: status == 200, what="the statistics held")
        page = await browser.new_page()
        await page.goto(str(client.make_url("/estadisticas")))
        assert await page.title() == "Estadísticas — Conóceles"
        assert await page.get_by_role("heading", name="Elección local 2027").is_visible()

        chart = page.get_by_role("img", name="Avance de la captura por partido")
        assert await chart.is_visible()
        progress = page.get_by_role("table", name="Candidaturas por partido y etapa de la captura")
        pri = progress.get_by_role("row", name="Partido Revolucionario Institucional")
        assert await pri.get_by_role("cell").all_inner_texts() == ["6", "6", "0", "0"]

        sex = page.get_by_role("table", name="Sexo: personas propietarias y suplentes")
        assert await sex.get_by_role("row", name="Mujer").get_by_role("cell").inner_text() == "14"
        education = page.get_by_role("table", name="Escolaridad: personas propietarias y suplentes")
        unknown = education.get_by_role("row", name="Sin información")
        assert await unknown.get_by_role("cell").inner_text() == "3"

        # Six of fourteen PAN women: shown; PRI's three men: withheld, as is every «1».
        indigenous = page.get_by_role(
            "table", name="Personas indígenas: por cargo, postulante y sexo"
        )
        pan_row = indigenous.get_by_role("row", name="Partido Acción Nacional")
        assert await pan_row.get_by_role("cell").all_inner_texts() == ["6", "menos de 5"]
        pri_row = indigenous.get_by_role("row", name="Partido Revolucionario Institucional")
        assert await pri_row.get_by_role("cell").all_inner_texts() == ["menos de 5"] * 2
        assert await page.get_by_role("img", name="Personas indígenas", exact=False).count() == 1
        assert await page.get_by_text(
            "Todas las cifras de este grupo están reservadas"
        ).is_visible()
        await assert_usable(page)

        # Publication compiles new figures: the page shows them, not the ones drawn before.
        pri = document.progress[1].model_copy(update={"validated": 2})
        newer = document.model_copy(
            update={"progress": [document.progress[0], pri, *document.progress[2:]], "sequence": 2}
        )
        await _put(fresh, newer)

        async def validated_by_pri() -> list[str]:
            await page.reload()
            return (
                await progress.get_by_role("row", name="Revolucionario")
                .get_by_role("cell")
                .all_inner_texts()
            )

        await eventually(
            validated_by_pri,
            lambda cells: cells == ["6", "6", "2", "0"],
            what="PRI's two validations",
        )
