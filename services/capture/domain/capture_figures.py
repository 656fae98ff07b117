"""The figures of a capture-progress report (004 §48: «el avance cuantitativo en la captura
de la información»): the live candidacies of each party, coalition or independent
candidacy and office, and how many of them have the curricular questionnaire captured,
the identity questionnaire captured, were sent, and were validated — with the
percentages, the totals per postulant and the election's total. Counts only: no name."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from contracts.capture import ElectionConfig
from services.capture.domain.one_chance import CaptureStatus

INDEPENDENTS = "Candidaturas independientes"
ALL_OFFICES = "Todos los cargos"
EVERYONE = "Total de la elección"
MEASURES = (
    ("curricular", "Curricular capturado"),
    ("identity", "Identidad capturada"),
    ("submitted", "Enviadas"),
    ("validated", "Validadas"),
)
"""Each measure's attribute of ``Figures`` and its heading."""


@dataclass(frozen=True)
class Counted:
    """One live candidacy as the report counts it."""

    postulant_kind: str  # partido, coalicion, independiente
    postulant: str | None  # the party's or coalition's id; None: independent
    office: str
    capture_status: CaptureStatus
    curricular: Mapping[str, int] | None  # each section's percentage; None: never saved
    identity: Mapping[str, int] | None


@dataclass(frozen=True)
class Figures:
    postulant: str  # as a person reads it
    office: str
    candidacies: int
    curricular: int
    identity: int
    submitted: int
    validated: int

    def percentage(self, measure: str) -> float:
        count: int = getattr(self, measure)
        return round(100 * count / self.candidacies, 1) if self.candidacies else 0.0


def captured(sections: Mapping[str, int] | None) -> bool:
    """A questionnaire is captured once saved with every section at 100 %."""
    return sections is not None and all(value >= 100 for value in sections.values())


def _postulant_name(config: ElectionConfig, kind: str, postulant: str | None) -> str:
    if postulant is None or kind == "independiente":
        return INDEPENDENTS
    names = {p.id: p.name for p in config.parties} | {c.id: c.name for c in config.coalitions}
    return names.get(postulant, postulant)


def _office_name(config: ElectionConfig, office: str) -> str:
    return next((o.name for o in config.offices if o.id == office), office)


def _figures(postulant: str, office: str, members: list[Counted]) -> Figures:
    sent = (CaptureStatus.SUBMITTED, CaptureStatus.VALIDATED)
    return Figures(
        postulant=postulant,
        office=office,
        candidacies=len(members),
        curricular=sum(1 for m in members if captured(m.curricular)),
        identity=sum(1 for m in members if captured(m.identity)),
        submitted=sum(1 for m in members if m.capture_status in sent),
        validated=sum(1 for m in members if m.capture_status is CaptureStatus.VALIDATED),
    )


@dataclass(frozen=True)
class ProgressFigures:
    rows: list[Figures]  # per postulant and office, postulants by name, independents last
    postulants: list[Figures]  # per postulant, every office
    total: Figures


def progress_figures(config: ElectionConfig, counted: Iterable[Counted]) -> ProgressFigures:
    every = list(counted)
    by_postulant: dict[str, list[Counted]] = {}
    for one in every:
        by_postulant.setdefault(
            _postulant_name(config, one.postulant_kind, one.postulant), []
        ).append(one)
    order = sorted(by_postulant, key=lambda name: (name == INDEPENDENTS, name))
    rows: list[Figures] = []
    postulants: list[Figures] = []
    for name in order:
        members = by_postulant[name]
        by_office: dict[str, list[Counted]] = {}
        for one in members:
            by_office.setdefault(_office_name(config, one.office), []).append(one)
        rows += [_figures(name, office, by_office[office]) for office in sorted(by_office)]
        postulants.append(_figures(name, ALL_OFFICES, members))
    return ProgressFigures(rows, postulants, _figures(EVERYONE, ALL_OFFICES, every))
