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


@dataclass(frozen=True)
class Growth:
    """One cost at 10,000 and at 100,000 candidacies. ``constant``: whether it should stay
    the same as the data grows (a read of one profile, a page of the queue), rather than
    grow with it by its nature (loading every profile into memory)."""

    cost: str
    unit: str
    small: float
    large: float
    constant: bool

    @property
    def factor(self) -> float:
        return self.large / self.small if self.small else float("inf")

    @property
    def holds(self) -> bool:
        """Constant within this machine's noise (half again), or allowed to grow at most
        as the data does."""
        return self.factor <= (1.5 if self.constant else 10 * 1.5)


def growth_table(rows: list[Growth]) -> str:
    lines = [
        "| cost | at 10,000 | at 100,000 | × | should | holds |",
        "|---|---:|---:|---:|---|:-:|",
    ]
    for row in rows:
        should = "stay constant" if row.constant else "grow at most with the data"
        lines.append(
            f"| {row.cost} ({row.unit}) | {row.small:,.1f} | {row.large:,.1f} | "
            f"{row.factor:.2f} | {should} | {'✔' if row.holds else '✘'} |"
        )
    return "\n".join(lines)
