"""A service as a child process, started and awaited until it reports itself ready.

Used by the tests that kill services and by the benchmarks.
"""

import asyncio
import contextlib
import json
import os
import signal
import sys
from pathlib import Path

from services.runtime.settings import Settings

REPO = Path(__file__).resolve().parents[2]

READY_MESSAGE = "service started"


class ServiceProcess:
    """``python -m <module> [args]`` with the run's settings; stderr is its JSON log."""

    def __init__(
        self,
        settings: Settings,
        module: str,
        *args: str,
        failpoint: str | None = None,
        log_dir: Path | None = None,
    ) -> None:
        self.argv = [sys.executable, "-m", module, *args]
        self.env = {**os.environ, **settings.as_env()}
        if failpoint:
            self.env["CONOCELES_FAILPOINT"] = failpoint
        self.name = "-".join([module.rsplit(".", 1)[-1], *args])
        self.log_path = (log_dir or settings.var_dir) / f"{self.name}.log"
        self.process: asyncio.subprocess.Process | None = None
        self._ready = asyncio.Event()
        self._reader: asyncio.Task[None] | None = None

    async def start(self, timeout_s: float = 30) -> "ServiceProcess":
        self._ready.clear()
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self.process = await asyncio.create_subprocess_exec(
            *self.argv, cwd=REPO, env=self.env, stderr=asyncio.subprocess.PIPE
        )
        self._reader = asyncio.create_task(self._read_log())
        ready = asyncio.create_task(self._ready.wait())
        exited = asyncio.create_task(self.process.wait())
        await asyncio.wait({ready, exited}, timeout=timeout_s, return_when=asyncio.FIRST_COMPLETED)
        if not self._ready.is_set():
            ready.cancel()
            raise AssertionError(f"{self.name} did not start; see {self.log_path}")
        exited.cancel()
        return self

    async def _read_log(self) -> None:
        assert self.process is not None and self.process.stderr is not None
        with self.log_path.open("ab") as log:
            async for line in self.process.stderr:
                log.write(line)
                log.flush()
                with contextlib.suppress(ValueError):
                    if json.loads(line).get("message") == READY_MESSAGE:
                        self._ready.set()

    async def exited(self, timeout_s: float = 30) -> int:
        assert self.process is not None
        code = await asyncio.wait_for(self.process.wait(), timeout=timeout_s)
        if self._reader is not None:
            await self._reader
        return code

    async def stop(self) -> int:
        """SIGTERM, as an orchestrator would; returns the exit code."""
        if self.process is not None and self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
        return await self.exited()

    async def kill(self) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.kill()
            await self.exited()
