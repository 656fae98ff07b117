"""``conoceles cuentas primer-admin``: whoever runs the server can always bring an admin
back, with nothing but the installation's folder (no URLs in the environment)."""

import asyncio
import os
import re
import sys
from pathlib import Path

import pytest

from contracts.audit import EntrySearch
from services.accounts.bootstrap import ensure_first_admin
from services.accounts.service import definition as accounts
from services.audit.service import definition as audit
from services.runtime.settings import Settings
from tests.support.accounts import (
    activate,
    audit_search,
    next_totp,
    sign_in,
    totp_now,
)
from tests.support.gateway import gateway_client
from tests.support.hosts import running
from tests.support.servers import REPO
from tests.support.waiting import eventually

pytestmark = pytest.mark.timeout(120)


async def run_first_admin_command(settings: Settings, var_dir: Path) -> tuple[int, str]:
    """The command as a person runs it after ``make up``: only the deployment's name and
    its folder, whose ``pg`` holds the PostgreSQL data (here the test runs' cluster)."""
    var_dir.mkdir(parents=True, exist_ok=True)
    (var_dir / "pg").symlink_to(REPO / "var" / "test-pg")
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("NATS_URL", "DATABASE_URL") and not key.startswith("CONOCELES_")
    }
    env |= {"CONOCELES_INSTANCE": settings.instance, "CONOCELES_VAR_DIR": str(var_dir)}
    command = [sys.executable, "-m", "services.launcher.cli", "cuentas", "primer-admin"]
    process = await asyncio.create_subprocess_exec(
        *command, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT
    )
    out, _ = await asyncio.wait_for(process.communicate(), timeout=60)
    return process.returncode or 0, out.decode()


@pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")), reason="needs the embedded PostgreSQL's folder"
)
async def test_the_command_issues_a_new_admin_when_none_is_active(
    fresh: Settings, tmp_path: Path
) -> None:
    async with running(fresh, accounts, audit), gateway_client(fresh) as client:
        first = await ensure_first_admin(fresh)
        assert first is not None
        await activate(client, first.codigo)  # and the second factor never enrolled

        status, out = await run_first_admin_command(fresh, tmp_path / "instalacion")
        assert status == 0, out
        found = re.search(r"usuario «([^»]+)».*?código (\S+)", out, re.S)
        assert found is not None, out
        user, code = found.groups()
        assert "vale una sola vez" in out

        activated = await activate(client, code)
        secret = activated["totp"]["secret"]
        confirmed = await client.post(
            "/api/v1/activacion/segundo-factor",
            json={"ticket": activated["totp"]["ticket"], "codigo_totp": totp_now(secret)},
        )
        assert confirmed.status == 204, await confirmed.text()
        signed_in = await sign_in(client, user, next_totp(secret))
        assert signed_in.status == 200, await signed_in.text()
        assert (await signed_in.json())["account"]["role"] == "admin"

        async def issued() -> dict[str, object]:
            return await audit_search(fresh, EntrySearch(accion="account.issue_first_admin"))

        page = await eventually(issued, lambda p: p["total"] >= 2, what="issue logged")
        assert any(e["detail"].get("origen") == "línea de órdenes" for e in page["entries"])
