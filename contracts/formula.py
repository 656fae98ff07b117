"""The people of a formula (candidacy): its owner (propietaria) and its alternate
(suplente), each a candidacy with questionnaires of its own (001 §3.III-V), and how a
name of the alternate's is told from the owner's. Apart from the events (which
re-export it, contracts/events/capture.py) so that any contract may name a person."""

from enum import StrEnum


class Person(StrEnum):
    """Which person of a formula: each is a candidacy with questionnaires of its own
    (001 §3.III-V; 004 §46 evaluates the owners' and the alternates' answers)."""

    OWNER = "propietaria"
    ALTERNATE = "suplente"


ALTERNATE_PREFIX = "suplente."
"""How a name of the alternate's (a field kept from publication, a questionnaire in a
list of what is missing) is told from the owner's: ``suplente.propuesta_1``."""


def of_person(person: Person, name: str) -> str:
    """``name`` as said of ``person``: unchanged for the owner, prefixed for the alternate."""
    return name if person is Person.OWNER else ALTERNATE_PREFIX + name


def person_of(name: str) -> tuple[Person, str]:
    """Whose ``name`` is, and the name itself (the inverse of ``of_person``)."""
    if name.startswith(ALTERNATE_PREFIX):
        return Person.ALTERNATE, name.removeprefix(ALTERNATE_PREFIX)
    return Person.OWNER, name
