"""The offices an election elects, against the kinds its profile names (its seed's local
offices; Zacatecas also names the ones open to independents, 002 §I.C.1.I).

An election's office is of a kind the profile names when its name says every word of
that kind, ignoring case and accents: «Diputación local de mayoría relativa» is a
«Diputación local», and a «Diputación de mayoría relativa».
"""

import unicodedata
from collections.abc import Collection

from contracts.capture import ElectionConfig
from contracts.errors import FieldProblem
from contracts.profile import InstituteProfile
from services.capture.domain.errors import Invalid


def _words(name: str) -> frozenset[str]:
    plain = unicodedata.normalize("NFKD", name.casefold())
    return frozenset("".join(c for c in plain if not unicodedata.combining(c)).split())


def is_one_of(office: str, kinds: Collection[str]) -> bool:
    return any(_words(kind) <= _words(office) for kind in kinds)


def check_offices(config: ElectionConfig, profile: InstituteProfile) -> None:
    """Every office of the election is one its profile's procedure elects."""
    problems = [
        FieldProblem(
            field=f"offices.{n}.name",
            reason=f"«{office.name}» no es un cargo que prevea el procedimiento de este "
            f"instituto ({', '.join(profile.offices)}).",
        )
        for n, office in enumerate(config.offices)
        if not is_one_of(office.name, profile.offices)
    ]
    if problems:
        raise Invalid("La elección nombra cargos que su perfil no prevé.", problems)
