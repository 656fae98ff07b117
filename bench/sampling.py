"""Where a process's time goes while a benchmark loads it: ``py-spy`` (a sampling
profiler, from another process, without stopping the one it samples) records its stacks
for a window, and the samples are summed by what each stack was doing at its innermost
frame: the library (asyncpg, pydantic, aiohttp, NATS, OpenTelemetry, JSON, logging) or
our own code, by module.

``async with Sampling(pid, "gateway") as sampled: …`` then ``sampled.summary()``: a line
for bench/RESULTS.md."""

import asyncio
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path
from types import TracebackType

RATE_PER_S = 100
PARTS = (
    ("asyncpg", "asyncpg"),
    ("pydantic", "pydantic"),
    ("aiohttp", "aiohttp"),
    ("multidict", "aiohttp"),
    ("yarl", "aiohttp"),
    ("nats", "NATS client"),
    ("faststream", "FastStream"),
    ("opentelemetry", "OpenTelemetry"),
    ("orjson", "JSON"),
    ("json", "JSON"),
    ("logging", "logging"),
    ("jinja2", "templates"),
    ("asyncio", "asyncio"),
    ("uvloop", "asyncio"),
)


def _part(frame: str) -> str:
    """``function (package/module.py:line)``, as py-spy names a frame → what it belongs
    to: a library, our own code by service and module, or Python's own library."""
    path = frame.rsplit("(", 1)[-1].split(":", 1)[0]
    path = path.split("site-packages/", 1)[-1]
    first = path.split("/", 1)[0]
    if first in ("services", "contracts", "bench"):
        return ".".join(path.removesuffix(".py").split("/")[:3])
    for prefix, part in PARTS:
        if first.startswith(prefix):
            return part
    return first if "/" in path else "Python's library"


def py_spy() -> str:
    beside = Path(sys.executable).with_name("py-spy")
    found = str(beside) if beside.exists() else shutil.which("py-spy")
    if found is None:
        raise SystemExit("py-spy is missing: make install")
    return found


class Sampling:
    def __init__(self, pid: int, name: str) -> None:
        self.pid, self.name = pid, name
        self.parts: Counter[str] = Counter()
        self.functions: Counter[str] = Counter()
        self.samples = 0
        self.seconds = 0.0

    async def __aenter__(self) -> "Sampling":
        self._scratch = tempfile.TemporaryDirectory()
        self._out = Path(self._scratch.name) / "stacks.txt"
        self._started = asyncio.get_running_loop().time()
        self._process = await asyncio.create_subprocess_exec(
            py_spy(),
            "record",
            "--nonblocking",
            "--format",
            "raw",
            "--rate",
            str(RATE_PER_S),
            "--pid",
            str(self.pid),
            "--output",
            str(self._out),
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
        )
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.seconds = asyncio.get_running_loop().time() - self._started
        self._process.send_signal(2)  # py-spy writes what it recorded on SIGINT
        await self._process.wait()
        if self._out.exists():
            self._read(self._out.read_text(errors="replace"))
        self._scratch.cleanup()

    def _read(self, text: str) -> None:
        for line in text.splitlines():
            stack, _, count = line.rpartition(" ")
            if not stack or not count.isdigit():
                continue
            innermost = stack.rsplit(";", 1)[-1]
            self.samples += int(count)
            self.parts[_part(innermost)] += int(count)
            self.functions[innermost.split(" (", 1)[0] + " · " + _part(innermost)] += int(count)

    @property
    def busy(self) -> float:
        """The share of the window the process was running Python (sampled busy)."""
        return self.samples / (RATE_PER_S * self.seconds) if self.seconds else 0.0

    def summary(self, count: int = 6) -> str:
        if not self.samples:
            return f"{self.name}: no samples (py-spy could not attach)"
        parts = ", ".join(
            f"{part} {100 * n / self.samples:.0f} %" for part, n in self.parts.most_common(count)
        )
        return f"{self.name} busy {100 * self.busy:.0f} % of the window; of that: {parts}"
