"""The points of a candidacy's Cédula de Evaluación (001 §6; reference §3.2), and each
party's results.

A mechanical variable is scored from the public curricular answers by the rule its
rubric declares; the others by the verifier's latest mark (unmarked counts as not met
until marked, and leaves the Cédula pending). The first variable of a rubro gates the
rest: when it is not met, the others are not met either (IEEN). The percentage is the
total over the rubric's maximum (49 in the IEEN's), × 100.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from contracts.events.capture import PublicCurricular
from services.moderation.domain.rubric import (
    Answered,
    HasItems,
    Rubric,
    Rubro,
    Rule,
    Variable,
    WithinLength,
)


def counted_length(text: str) -> int:
    """Characters other than whitespace, as the questionnaire counts lengths (reference §7)."""
    return sum(1 for ch in text if not ch.isspace())


def _items(value: object) -> list[str]:
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str) and item.strip()]
    return []


def meets(rule: Rule, answers: PublicCurricular) -> bool:
    """Whether the answers meet a mechanical rule."""
    if isinstance(rule, Answered):
        answered = sum(1 for field in rule.campos if _items(getattr(answers, field)))
        return answered >= rule.needed
    if isinstance(rule, WithinLength):
        text = getattr(answers, rule.campo)
        if not isinstance(text, str) or not text.strip():
            return False
        length = counted_length(text)
        return length >= rule.low and (rule.high is None or length <= rule.high)
    assert isinstance(rule, HasItems)
    return len(_items(getattr(answers, rule.campo))) >= rule.minimo


@dataclass(frozen=True)
class VariablePoints:
    variable: Variable
    met: bool | None  # None: the verifier has not marked it yet
    gated: bool  # forced to not met: the rubro's first variable is not met
    points: int


@dataclass(frozen=True)
class RubroPoints:
    rubro: Rubro
    variables: list[VariablePoints]

    @property
    def points(self) -> int:
        return sum(v.points for v in self.variables)


@dataclass(frozen=True)
class CedulaPoints:
    rubros: list[RubroPoints]
    maximum: int

    @property
    def total(self) -> int:
        return sum(r.points for r in self.rubros)

    @property
    def percentage(self) -> float:
        return round(self.total / self.maximum * 100, 2)

    @property
    def pending(self) -> int:
        """The verifier's variables still to mark (a gated one needs no mark)."""
        return sum(1 for r in self.rubros for v in r.variables if v.met is None and not v.gated)

    @property
    def complete(self) -> bool:
        return self.pending == 0


def _scored(
    variable: Variable, answers: PublicCurricular, marks: Mapping[str, bool]
) -> bool | None:
    if variable.regla is not None:
        return meets(variable.regla, answers)
    return marks.get(variable.id)


def rubro_points(rubro: Rubro, answers: PublicCurricular, marks: Mapping[str, bool]) -> RubroPoints:
    scored: list[VariablePoints] = []
    gate_closed = False
    for position, variable in enumerate(rubro.variables):
        met = _scored(variable, answers, marks)
        gated = position > 0 and gate_closed
        if gated:
            met = False
        elif position == 0:
            gate_closed = met is False
        points = variable.puntos if met else variable.puntos_no_cumple
        scored.append(VariablePoints(variable=variable, met=met, gated=gated, points=points))
    return RubroPoints(rubro=rubro, variables=scored)


def cedula_points(
    rubric: Rubric, answers: PublicCurricular, marks: Mapping[str, bool]
) -> CedulaPoints:
    """A candidacy's Cédula: its answers scored by the rules, ``marks`` (the verifier's
    latest per variable id) on the rest, gated per rubro."""
    return CedulaPoints(
        rubros=[rubro_points(rubro, answers, marks) for rubro in rubric.rubros],
        maximum=rubric.total,
    )


class UnknownVariables(ValueError):
    """The verifier marked variables that are not the verifier's in this rubric."""


def check_marks(rubric: Rubric, met: Iterable[str]) -> dict[str, bool]:
    """The verifier's marks from the variables ticked as met: every verifier variable of
    the rubric is marked, the unticked as not met. A mechanical variable, or one the
    rubric does not have, cannot be ticked."""
    ticked = set(met)
    own = {v.id for v in rubric.verifier_variables}
    strangers = sorted(ticked - own)
    if strangers:
        raise UnknownVariables(", ".join(strangers))
    return {variable_id: variable_id in ticked for variable_id in sorted(own)}


@dataclass(frozen=True)
class PartyResult:
    """One party's Cédulas (None: the independent candidacies): how many of its validated
    candidacies there are, how many are fully scored, and the percentages of those."""

    party: str | None
    candidacies: int
    scored: int
    average: float | None
    lowest: float | None
    highest: float | None


def party_results(cedulas: Iterable[tuple[str | None, CedulaPoints]]) -> list[PartyResult]:
    """Per party, over its complete Cédulas only (a pending one is not a result yet);
    parties by name, the independents last."""
    by_party: dict[str | None, list[CedulaPoints]] = {}
    for party, points in cedulas:
        by_party.setdefault(party, []).append(points)
    results = []
    for party in sorted(by_party, key=lambda p: (p is None, p or "")):
        every = by_party[party]
        done = [p.percentage for p in every if p.complete]
        results.append(
            PartyResult(
                party=party,
                candidacies=len(every),
                scored=len(done),
                average=round(sum(done) / len(done), 2) if done else None,
                lowest=min(done) if done else None,
                highest=max(done) if done else None,
            )
        )
    return results


@dataclass(frozen=True)
class PartyQualityResult:
    """One party's curricular quality (004 §47): its live candidacies, how many met the
    capture (validated), and over its complete Cédulas the average points of each rubro
    (in the rubric's order), the average total and the average percentage."""

    party: str | None
    candidacies: int
    captured: int
    scored: int
    rubro_averages: list[float | None]
    average_points: float | None
    average_percentage: float | None


def _average(values: list[int] | list[float]) -> float | None:
    return round(sum(values) / len(values), 2) if values else None


def party_quality(
    rubric: Rubric,
    capture: Mapping[str | None, tuple[int, int]],
    cedulas: Iterable[tuple[str | None, CedulaPoints]],
) -> list[PartyQualityResult]:
    """``capture``: per party, (people of its live candidacies — owners and alternates —,
    those that met the capture); ``cedulas``: each person's points of the validated
    candidacies (004 §46: the owners' and the alternates'). Pending Cédulas are not
    results yet. Parties by id, the independents last."""
    done: dict[str | None, list[CedulaPoints]] = {}
    for party, points in cedulas:
        if points.complete:
            done.setdefault(party, []).append(points)
    parties = set(capture) | set(done)
    results = []
    for party in sorted(parties, key=lambda p: (p is None, p or "")):
        complete = done.get(party, [])
        candidacies, captured = capture.get(party, (0, 0))
        results.append(
            PartyQualityResult(
                party=party,
                candidacies=candidacies,
                captured=captured,
                scored=len(complete),
                rubro_averages=[
                    _average([p.rubros[i].points for p in complete])
                    for i in range(len(rubric.rubros))
                ],
                average_points=_average([p.total for p in complete]),
                average_percentage=_average([p.percentage for p in complete]),
            )
        )
    return results
