"""The activity log's console page: an admin filters the log, sees the latest checkpoint
and verifies the whole log now; a bad filter is shown next to its field."""

import pytest

from services.accounts.bootstrap import ensure_first_admin
from services.accounts.service import definition as accounts
from services.audit.service import definition as audit
from services.runtime.settings import Settings
from tests.support.accounts import next_totp, totp_now
from tests.support.browser_session import (
    activate_page,
    hidden,
    read,
    sign_in_page,
    submit,
    texts,
)
from tests.support.gateway import gateway_client
from tests.support.hosts import running
from tests.support.waiting import eventually

pytestmark = pytest.mark.timeout(120)


async def test_an_admin_reads_and_verifies_the_log_in_the_console(fresh: Settings) -> None:
    async with running(fresh, accounts, audit), gateway_client(fresh) as client:
        first = await ensure_first_admin(fresh)
        assert first is not None
        activation = await (await activate_page(client, first.codigo)).text()
        secret = texts(activation, "secreto")[0]
        confirmed = await submit(
            client,
            "/activar/segundo-factor",
            {"ticket": hidden(activation, "ticket"), "codigo_totp": totp_now(secret)},
        )
        assert confirmed.status in (200, 303)
        assert (await sign_in_page(client, first.usuario, next_totp(secret))).status == 303

        async def console() -> str:
            status, page = await read(client, "/consola/bitacora?accion=session.sign_in")
            assert status == 200, page
            return page

        page = await eventually(console, lambda p: "1 entradas coinciden" in p, what="entry")
        assert "session.sign_in" in page and "Exportar la selección (CSV)" in page
        page = await eventually(console, lambda p: "Cubre <strong>" in p, what="checkpoint")

        verified = await submit(client, "/consola/bitacora/verificar", {})
        assert verified.status == 200
        assert "Íntegra." in await verified.text()

        status, page = await read(client, "/consola/bitacora?desde=ayer")
        assert status == 422
        assert 'aria-invalid="true"' in page
