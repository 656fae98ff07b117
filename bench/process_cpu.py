"""Which process a figure is limited by: the CPU seconds each process on the machine
spent during a measurement, from ``/proc/<pid>/stat`` (user and system time), grouped by
what the process is (a service, nats-server, PostgreSQL's backends, the load
generator). A process that used about one core for the whole window is the limit."""

import os
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def _name(pid: str) -> str | None:
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return None
    words = [a.decode(errors="replace") for a in argv if a]
    if not words:
        return None
    program = Path(words[0]).name
    if program.startswith("python") and "-m" in words:
        module = words[words.index("-m") + 1]
        return module.removeprefix("services.").removeprefix("bench.")
    if program.startswith("python") and len(words) > 1:
        return Path(words[1]).name
    if program.startswith("postgres") or "postgres:" in words[0]:
        return "postgresql"
    return program


def _cpu_seconds(pid: str) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime


def snapshot() -> dict[str, float]:
    """CPU seconds so far, summed by process kind, for every process on the machine."""
    spent: dict[str, float] = defaultdict(float)
    own = str(os.getpid())
    for entry in os.listdir("/proc"):
        if entry.isdigit() and entry != own and (name := _name(entry)) is not None:
            spent[name] += _cpu_seconds(entry)
    spent["the benchmark's own process"] = _cpu_seconds(own)
    return dict(spent)


@dataclass(frozen=True)
class CpuUse:
    seconds: float
    cores: dict[str, float]
    """Cores used on average over the window, by process kind, busiest first."""

    def busiest(self, count: int = 5) -> str:
        shown = [f"{name} {cores:.2f}" for name, cores in list(self.cores.items())[:count]]
        return ", ".join(shown) + " (cores)"


class CpuMeter:
    """``with CpuMeter() as meter: …`` then ``meter.use``. ``pids``: only these processes,
    by the name given (another benchmark's processes on the machine are not counted)."""

    def __init__(self, pids: dict[str, list[int]] | None = None) -> None:
        self._pids = pids

    def _snapshot(self) -> dict[str, float]:
        if self._pids is None:
            return snapshot()
        return {
            name: sum(_cpu_seconds(str(pid)) for pid in pids) for name, pids in self._pids.items()
        }

    def __enter__(self) -> "CpuMeter":
        self._start = self._snapshot()
        self._started = time.monotonic()
        return self

    def __exit__(self, *_: object) -> None:
        end = self._snapshot()
        window = time.monotonic() - self._started
        cores = {
            name: (end[name] - self._start.get(name, 0.0)) / window
            for name in end
            if end[name] - self._start.get(name, 0.0) > 0.01 * window
        }
        self.use = CpuUse(window, dict(sorted(cores.items(), key=lambda kv: -kv[1])))
