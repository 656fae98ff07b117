"""The issue's targets, one row each at the top of bench/RESULTS.md: the figure, its raw
counterpart measured in the same run, the ratio, the target, whether it holds, and what
limits it. Each benchmark says its own rows (``targets(figures)``)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Target:
    measure: str
    figure: str
    raw: str
    ratio: float | None
    target: str
    met: bool
    limit: str


def table(rows: list[Target]) -> str:
    lines = [
        "| measure | figure | raw counterpart (same run) | ratio | target | met | what limits it |",
        "|---|---:|---:|---:|---|:-:|---|",
    ]
    for row in rows:
        ratio = "" if row.ratio is None else f"{row.ratio:.2f}"
        met = "✔" if row.met else "✘"
        lines.append(
            f"| {row.measure} | {row.figure} | {row.raw} | {ratio} | {row.target} | {met} "
            f"| {row.limit} |"
        )
    return "\n".join(lines)
