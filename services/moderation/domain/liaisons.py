"""Whom a completeness notice reaches (000 §5.6: "informará dicha situación a la persona
supervisora o, en su caso, a la candidatura"; 002 §I.A.IX; 004 §32): one party's liaison
for that party's candidacies, or one independent candidacy itself. A notice names only
candidacies of its addressee, still live in the election."""

from collections.abc import Sequence
from dataclasses import dataclass

from services.moderation.domain.errors import NotFound, Refused

STANDARD_NOTE = (
    "El Instituto le informa que las candidaturas señaladas aún no capturan, o tienen "
    "incompletos, sus cuestionarios curricular y de identidad. Le pedimos completarlos "
    "dentro del plazo de captura, conforme a los Lineamientos."
)


@dataclass(frozen=True)
class Named:
    """A candidacy a notice names, as moderation knows it (None: never heard of)."""

    candidacy_id: str
    election_id: str | None
    capturing_party: str | None
    live: bool


def check_addressee(election_id: str, party: str | None, named: Sequence[Named]) -> None:
    for one in named:
        if one.election_id != election_id or not one.live:
            raise NotFound(f"No existe la candidatura {one.candidacy_id} en la elección.")
        if one.capturing_party != party:
            whose = "del partido indicado" if party else "una candidatura independiente"
            raise Refused(f"La candidatura {one.candidacy_id} no es {whose}.")
    if party is None and len({one.candidacy_id for one in named}) != 1:
        raise Refused("Cada candidatura independiente recibe su propio aviso.")
