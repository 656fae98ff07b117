"""A trace's page in a real browser, as technical support opens it from an incident: the
spans of a request as nested lists, and the page for a trace with none stored here. Both
pass axe's WCAG 2.1 AA checks and fit a 390 px phone."""

import secrets

import pytest

from services.accounts.service import definition as accounts
from services.runtime.settings import Settings
from services.runtime.telemetry import traces_dir
from services.runtime.trace_tree import read_trace
from tests.support.accounts import bearer, signed_in_admin, staff_session
from tests.support.browser import assert_usable, chromium
from tests.support.gateway import gateway_client
from tests.support.hosts import running
from tests.support.waiting import eventually

pytestmark = pytest.mark.timeout(180)


async def test_support_reads_a_trace_in_a_browser(fresh: Settings) -> None:
    async with (
        running(fresh, accounts),
        gateway_client(fresh) as client,
        chromium() as browser,
    ):
        admin, _ = await signed_in_admin(fresh, client)
        support = await staff_session(client, admin, "support")
        trace_id = secrets.token_hex(16)
        traced = {"traceparent": f"00-{trace_id}-{secrets.token_hex(8)}-01"}
        assert (await client.get("/api/v1/avisos", headers={**bearer(support), **traced})).ok

        async def services() -> set[str]:
            tree = read_trace(traces_dir(fresh), trace_id)
            found, stack = set(), list(tree.roots)
            while stack:
                node = stack.pop()
                found.add(node.service)
                stack.extend(node.children)
            return found

        await eventually(services, lambda s: {"gateway", "accounts"} <= s, what="the spans")
        # The support account's token rides every request, as its session cookie would.
        page = await (await browser.new_context(extra_http_headers=bearer(support))).new_page()
        await page.goto(str(client.make_url(f"/consola/trazas/{trace_id}")))
        assert await page.title() == f"Traza {trace_id} — Consola — Conóceles"
        assert await page.get_by_text("— accounts, servidor,").is_visible()
        await assert_usable(page)

        await page.goto(str(client.make_url(f"/consola/trazas/{secrets.token_hex(16)}")))
        await page.get_by_text(
            "En este despliegue no hay spans guardados de esta traza."
        ).wait_for()
        await assert_usable(page)
