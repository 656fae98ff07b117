"""A trace's spans in the console: support and the admin open the tree of a request the
gateway served (the gateway's call and the accounts service's handling under it, read
from this run's span files); a capturist is refused, and anyone not signed in is sent to
sign in. A span that failed says «Error» in words; a malformed trace id is a Spanish 404;
a trace with no spans here says so, and where else to look."""

import json
import re
import secrets

import aiohttp
import pytest

from services.accounts.service import definition as accounts
from services.runtime.settings import Settings
from services.runtime.telemetry import traces_dir
from services.runtime.trace_tree import TraceTree, read_trace
from tests.support.accounts import (
    bearer,
    configure_election,
    issue_party,
    session_of,
    signed_in_admin,
    staff_session,
)
from tests.support.gateway import gateway_client
from tests.support.hosts import running
from tests.support.waiting import eventually

pytestmark = pytest.mark.timeout(120)

# The gateway's ask and the accounts service's handling of it (services/runtime/requests.py).
ASKED = re.compile(r"request accounts\.notice\.inbox")
HANDLED = re.compile(r"process accounts\.notice\.inbox")


async def test_support_and_the_admin_read_a_requests_span_tree_and_no_one_else(
    fresh: Settings,
) -> None:
    async with running(fresh, accounts), gateway_client(fresh) as client:
        admin, _ = await signed_in_admin(fresh, client)
        support = await staff_session(client, admin, "support")
        await configure_election(fresh, client, admin)
        capturist = await session_of(client, (await issue_party(client, admin, "pan"))["capturist"])

        trace_id = secrets.token_hex(16)
        traced = {"traceparent": f"00-{trace_id}-{secrets.token_hex(8)}-01"}
        inbox = await client.get("/api/v1/avisos", headers={**bearer(support), **traced})
        assert inbox.status == 200, await inbox.text()

        async def spans() -> TraceTree:
            return read_trace(traces_dir(fresh), trace_id)

        def asked_and_handled(tree: TraceTree) -> bool:
            names = _names(tree)
            return all(any(span.search(name) for name in names) for span in (ASKED, HANDLED))

        # Each process's spans are flushed every 200 ms, each on its own.
        await eventually(spans, asked_and_handled, what="the gateway's and accounts' spans")
        page_url = f"/consola/trazas/{trace_id}"
        for reader in (support, admin):
            page = await client.get(page_url, headers=bearer(reader))
            assert page.status == 200
            html = await page.text()
            assert trace_id in html and "hora del centro de México" in html
            asked, answered = ASKED.search(html), HANDLED.search(html)
            assert asked and answered, html
            assert _depth(html, answered.start()) > _depth(html, asked.start()), "under the ask"
            assert "— accounts, servidor," in html and "\u00a0ms" in html

        refused = await client.get(page_url, headers=bearer(capturist))
        assert refused.status == 403
        assert "la administración y el soporte técnico" in await refused.text()
        async with aiohttp.ClientSession() as anonymous:
            sent = await anonymous.get(client.make_url(page_url), allow_redirects=False)
            assert sent.status == 303 and sent.headers["Location"] == "/entrar"

        failed_trace = secrets.token_hex(16)
        _write_failed_span(fresh, failed_trace)
        failed = await client.get(f"/consola/trazas/{failed_trace}", headers=bearer(support))
        html = await failed.text()
        assert failed.status == 200
        assert '<strong class="error-campo">Error:</strong> <strong>POST /x</strong>' in html

        malformed = await client.get("/consola/trazas/no-es-una-traza", headers=bearer(support))
        assert malformed.status == 404
        assert "32 dígitos hexadecimales" in await malformed.text()

        unknown = await client.get(
            f"/consola/trazas/{secrets.token_hex(16)}", headers=bearer(admin)
        )
        assert unknown.status == 200
        html = await unknown.text()
        assert "no hay spans guardados de esta traza" in html and "colector OTLP" in html


def _depth(html: str, at: int) -> int:
    """How many lists are open at ``at``: a span's depth in the page's nested lists."""
    return html.count("<ul", 0, at) - html.count("</ul>", 0, at)


def _names(tree: TraceTree) -> list[str]:
    found, stack = [], list(tree.roots)
    while stack:
        node = stack.pop()
        found.append(node.name)
        stack.extend(node.children)
    return found


def _write_failed_span(settings: Settings, trace_id: str) -> None:
    """A span as another process would have written it, whose request failed."""
    record = {
        "trace_id": trace_id,
        "span_id": secrets.token_hex(8),
        "parent_span_id": None,
        "name": "POST /x",
        "kind": "SERVER",
        "service": "gateway",
        "start_ns": 1_780_000_000_000_000_000,
        "end_ns": 1_780_000_000_012_500_000,
        "status": "ERROR",
        "attributes": {"http.route": "/x", "http.response.status_code": 500},
    }
    with (traces_dir(settings) / "gateway-otro.jsonl").open("a", encoding="utf-8") as file:
        file.write(json.dumps(record) + "\n")
