"""HTTP load from a separate process: ``wrk`` (Debian's package) on loopback, with a Lua
script that spreads the requests over a list of paths and prints the latency
percentiles wrk keeps (p50, p95, p99) as one JSON line."""

import asyncio
import json
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

SCRIPT = """
local paths = {}
for line in io.lines("%(paths)s") do paths[#paths + 1] = line end
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1], %(headers)s)
end
done = function(summary, latency, requests)
  io.write(string.format(
    '{"p50_us": %%d, "p95_us": %%d, "p99_us": %%d, "errors": %%d, "non2xx": %%d}\\n',
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
end
"""


@dataclass(frozen=True)
class Load:
    requests_per_s: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int
    non_2xx: int


def wrk_path() -> str:
    found = shutil.which("wrk")
    if found is None:
        raise SystemExit("wrk is missing: apt-get install wrk")
    return found


async def load(
    base_url: str,
    paths: list[str],
    *,
    seconds: int = 10,
    connections: int = 32,
    threads: int = 1,
    headers: dict[str, str] | None = None,
) -> Load:
    with tempfile.TemporaryDirectory() as scratch:
        listed = Path(scratch) / "paths.txt"
        listed.write_text("\n".join(paths) + "\n", encoding="utf-8")
        lua_headers = "{" + ", ".join(f'["{k}"] = "{v}"' for k, v in (headers or {}).items()) + "}"
        script = Path(scratch) / "load.lua"
        script.write_text(SCRIPT % {"paths": listed, "headers": lua_headers}, encoding="utf-8")
        process = await asyncio.create_subprocess_exec(
            wrk_path(),
            f"-t{threads}",
            f"-c{connections}",
            f"-d{seconds}s",
            "-s",
            str(script),
            base_url,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        out, err = await process.communicate()
    text = out.decode()
    rate = re.search(r"Requests/sec:\s+([\d.]+)", text)
    figures = next((json.loads(line) for line in text.splitlines() if line.startswith("{")), None)
    if rate is None or figures is None:
        raise RuntimeError(f"wrk on {base_url} said: {text} {err.decode()}")
    return Load(
        requests_per_s=float(rate.group(1)),
        p50_ms=figures["p50_us"] / 1000,
        p95_ms=figures["p95_us"] / 1000,
        p99_ms=figures["p99_us"] / 1000,
        errors=int(figures["errors"]),
        non_2xx=int(figures["non2xx"]),
    )
