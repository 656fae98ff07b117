"""A change request received on paper, entered in a real browser (000 §5.4), under Nuevo
León with a filing period set: the admin opens the validated candidacy, reads until when
requests may be filed, is told what the receipt lacks, then enters who presented the
writing at the oficialía de partes and when it was received; the request shows how it
arrived, and the supervisor, who can no longer file one, finds it. Every page passes axe's
WCAG 2.1 AA checks."""

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.async_api import Browser, Page

from contracts.spanish_dates import long_date
from services.accounts.service import definition as accounts
from services.capture.demo import demo_config
from services.capture.service import definition as capture
from services.moderation.service import definition as moderation
from services.runtime.settings import Settings
from tests.support.accounts import bearer
from tests.support.browser import assert_usable, chromium
from tests.support.capture import ELECTION
from tests.support.change_requests import NEW_PROPOSAL, moderation_knows_validated, validated_under
from tests.support.gateway import gateway_client
from tests.support.hosts import running
from tests.support.waiting import eventually

pytestmark = pytest.mark.timeout(300)
OWNER = "María Fernanda Ávila Núñez"
MONTERREY = ZoneInfo("America/Monterrey")
PRESENTER = "Laura Gómez Ibarra, supervisora del PAN"


async def page_as(browser: Browser, base: str, token: str) -> Page:
    context = await browser.new_context()
    await context.add_cookies([{"name": "conoceles_acceso", "value": token, "url": base}])
    return await context.new_page()


async def period_ends(client: Any, admin: str, last_day: dt.date) -> None:
    config = {**demo_config().model_dump(mode="json"), "profile": "nuevo-leon"}
    config["calendar"]["change_requests_until"] = last_day.isoformat()
    assert (await client.post("/api/v1/elecciones", headers=bearer(admin), json=config)).ok

    async def until() -> Any:
        response = await client.get(
            f"/api/v1/elecciones/{ELECTION}/solicitudes-cambio", headers=bearer(admin)
        )
        return (await response.json()).get("filing_until")

    await eventually(until, lambda day: day == last_day.isoformat(), what="the period")


async def test_the_admin_enters_a_request_received_at_the_oficialia_in_a_browser(
    fresh: Settings,
) -> None:
    async with (
        running(fresh, accounts, capture, moderation),
        gateway_client(fresh) as client,
        chromium() as browser,
    ):
        base = str(client.make_url("/"))
        people: dict[str, Any] = await validated_under(client, fresh, "nuevo-leon")
        await moderation_knows_validated(fresh, "F-PAN-1")
        last_day = dt.datetime.now(MONTERREY).date() + dt.timedelta(days=10)
        await period_ends(client, people["admin"], last_day)

        admin = await page_as(browser, base, people["admin"])
        await admin.goto(f"{base}captura/F-PAN-1")
        await admin.get_by_role(
            "link", name="Registrar una solicitud de cambio recibida por escrito o por correo"
        ).click()
        await admin.get_by_role("heading", name=f"Solicitud de cambio: {OWNER}").wait_for()
        period = await admin.locator("#plazo").inner_text()
        assert f"se presentan hasta el {long_date(last_day)}" in period
        await admin.get_by_text("la presenta la supervisión del partido").wait_for()
        await assert_usable(admin)

        await admin.locator("#campo-propuesta_2").check()
        await admin.locator("#texto-propuesta_2").fill(NEW_PROPOSAL)
        await admin.get_by_role("button", name="Registrar la solicitud recibida").click()
        await admin.get_by_text("Revise los campos señalados").wait_for()
        await admin.get_by_text("Elija cómo llegó la solicitud").wait_for()
        assert await admin.get_by_label("Quién la presentó").get_attribute("aria-invalid") == "true"
        await assert_usable(admin)

        received = (dt.datetime.now(MONTERREY) - dt.timedelta(days=1)).replace(
            hour=10, minute=15, second=0, microsecond=0
        )
        await admin.get_by_label("Por escrito, en la oficialía de partes").check()
        await admin.get_by_label("Quién la presentó").fill(PRESENTER)
        await admin.get_by_label("Cuándo la recibió el Instituto").fill(
            received.strftime("%Y-%m-%dT%H:%M")
        )
        assert await admin.locator("#campo-propuesta_2").is_checked()  # kept from the refusal
        await admin.get_by_role("button", name="Registrar la solicitud recibida").click()
        await admin.get_by_text("Se registró la solicitud de cambio recibida").wait_for()
        facts = await admin.locator("dl.datos").inner_text()
        assert f"Por escrito, en la oficialía de partes, el {received:%d/%m/%Y} 10:15 h" in facts
        assert PRESENTER in facts and "Pendiente de decisión" in facts
        await assert_usable(admin)

        party = await page_as(browser, base, people["supervisor"])
        await party.goto(f"{base}captura/F-PAN-1/solicitud-cambio")  # once: it shows this one
        await party.get_by_text(PRESENTER).wait_for()
        await assert_usable(party)
