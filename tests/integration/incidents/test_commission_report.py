"""Durango reports its bitácora to the institute's transparency commission (003 §34): the
period's PDF report is addressed to it, and the bitácora's page says so above its download;
under another profile neither does."""

import datetime as dt
from typing import Any

from contracts.events.capture import ELECTION_CONFIGURED, ElectionConfigured
from services.accounts.service import definition as accounts
from services.capture.adapters.profile_files import SHIPPED, load_profile
from services.incidents.service import definition as incidents
from services.runtime.settings import Settings
from tests.support.accounts import bearer, pdf_text, publish_as_capture, signed_in_admin
from tests.support.gateway import gateway_client
from tests.support.hosts import running
from tests.support.waiting import eventually

COMMISSION = "para la Comisión de Transparencia"
SAYS = "informa de esta bitácora a su Comisión de Transparencia"


async def configured_under(settings: Settings, profile: str) -> None:
    rules = load_profile(SHIPPED / f"{profile}.toml")
    await publish_as_capture(
        settings,
        ELECTION_CONFIGURED,
        ElectionConfigured(
            election_id="pel-2027",
            name="Proceso Electoral Local 2026-2027",
            time_zone=rules.time_zone,
            profile=profile,
            rules=rules,
        ),
    )


async def page_says(client: Any, token: str) -> bool:
    page = await client.get("/incidentes", headers=bearer(token))
    assert page.status == 200
    return SAYS in " ".join((await page.text()).split())


async def test_the_period_report_is_addressed_to_the_commission_where_the_profile_says(
    fresh: Settings,
) -> None:
    async with running(fresh, accounts, incidents), gateway_client(fresh) as client:
        admin, _ = await signed_in_admin(fresh, client)
        today = dt.datetime.now(dt.UTC).date()
        period = f"desde={today - dt.timedelta(days=1)}&hasta={today + dt.timedelta(days=1)}"

        async def report() -> str:
            got = await client.get(
                f"/incidentes/descarga?{period}&formato=pdf", headers=bearer(admin)
            )
            assert got.status == 200, await got.text()
            return pdf_text(await got.read())

        await configured_under(fresh, "durango")
        text = await eventually(report, lambda t: COMMISSION in t, what="Durango's report")
        assert "Se informa a la Comisión de Transparencia" in text
        assert await page_says(client, admin)
        await configured_under(fresh, "nuevo-leon")
        text = await eventually(report, lambda t: COMMISSION not in t, what="Nuevo León's")
        assert "Reporte técnico de fallas" in text
        assert not await page_says(client, admin)
