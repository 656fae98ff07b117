"""One benchmark as ``make bench`` runs it: the services it provisions, how it measures,
its section of bench/RESULTS.md, its rows of the targets' table and of the growth table."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from bench.targets import Growth, Target
from services.runtime.settings import Settings


def _none(_: Any) -> list[Any]:
    return []


@dataclass(frozen=True)
class Bench:
    name: str
    services: list[str]
    run: Callable[[Settings], Awaitable[Any]]
    report: Callable[[Any], str]
    targets: Callable[[Any], list[Target]] = field(default=_none)
    growth: Callable[[Any], list[Growth]] = field(default=_none)
