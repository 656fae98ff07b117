"""Schemathesis over the whole OpenAPI document, anonymously and as a signed-in admin:
whatever a client sends, well-formed or not, the answer is never a server error (5xx).

The services and the gateway run in this process; schemathesis runs as its command line
does (examples, coverage and fuzzing phases, its own engine) against the gateway's real
HTTP port, with a bounded number of examples per operation.
"""

import asyncio
import sys
from pathlib import Path

import pytest

from services.accounts.service import definition as accounts
from services.audit.service import definition as audit
from services.capture.service import definition as capture
from services.incidents.service import definition as incidents
from services.moderation.service import definition as moderation
from services.publication.service import definition as publication
from services.runtime.settings import Settings
from tests.support.accounts import signed_in_admin
from tests.support.gateway import gateway_client
from tests.support.hosts import running

pytestmark = pytest.mark.timeout(420)

ALL = (accounts, capture, moderation, publication, audit, incidents)
EXAMPLES_PER_OPERATION = "8"  # per caller: both runs together stay near two minutes
# Operations whose server errors come from inside a service another engineer is fixing
# under issue 10, by operationId; each names its item. Remove one once its item landed.
KNOWN_FAILURES: dict[str, str] = {}
# Signing out, or revoking, reissuing or demoting an account schemathesis found in an
# earlier reply (the admin's own among them), ends the admin's session: run last.
SESSION_ENDERS = ("delete_session", "post_revoke", "post_reissue", "post_role")


async def schemathesis_run(base_url: str, report: Path, *extra: str) -> tuple[int, str]:
    """One run of the command line; its cache of past crashes stays in ``report``'s
    folder, so no run replays another's."""
    excluded = list(KNOWN_FAILURES)
    command = [
        str(Path(sys.executable).with_name("schemathesis")),
        "run",
        f"{base_url}/api/v1/openapi.json",
        "--checks",
        "not_a_server_error",
        "--phases",
        "examples,coverage,fuzzing",
        "--max-examples",
        EXAMPLES_PER_OPERATION,
        "--seed",
        "2027",
        "--no-shrink",
        "--generation-database",
        "none",
        "--workers",
        "1",
        "--request-timeout",
        "30",
        "--continue-on-failure",
        "--report",
        "junit",
        "--report-junit-path",
        str(report),
        *[arg for operation in excluded for arg in ("--exclude-operation-id", operation)],
        *extra,
    ]
    process = await asyncio.create_subprocess_exec(
        *command,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
        cwd=report.parent,
    )
    output, _ = await process.communicate()
    return process.returncode or 0, output.decode(errors="replace")


async def test_no_request_makes_the_api_answer_a_server_error(
    fresh: Settings, tmp_path: Path
) -> None:
    async with running(fresh, *ALL), gateway_client(fresh) as client:
        base_url = str(client.make_url("")).rstrip("/")
        admin, _ = await signed_in_admin(fresh, client)
        as_admin = ("-H", f"Authorization: Bearer {admin}")
        enders = [arg for op in SESSION_ENDERS for arg in ("--include-operation-id", op)]
        runs = {
            "anónimo": await schemathesis_run(base_url, tmp_path / "anonimo.xml"),
            "admin": await schemathesis_run(
                base_url,
                tmp_path / "admin.xml",
                *as_admin,
                *[arg for op in SESSION_ENDERS for arg in ("--exclude-operation-id", op)],
            ),
            # Last, since any of these may end the admin's own session.
            "admin, al final": await schemathesis_run(
                base_url, tmp_path / "admin-final.xml", *as_admin, *enders
            ),
        }
    for who, (code, output) in runs.items():
        assert code == 0, f"schemathesis ({who}) found server errors:\n{output[-12000:]}"
