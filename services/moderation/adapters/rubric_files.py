"""Loading the Cédula de Evaluación's rubrics: one TOML file each under ``deploy/cedula/``,
named by the profile's ``analysis.cedula_rubric`` (the IEEN 2024 structure by default).

A malformed rubric is refused when it is loaded, naming each field and the reason in
Spanish, so that no Cédula is ever scored under a rubric the system misread.
"""

import functools
import tomllib
from pathlib import Path

from pydantic import ValidationError

from contracts.validation_messages import field_problems
from services.moderation.domain.rubric import Rubric

SHIPPED = Path(__file__).resolve().parents[3] / "deploy" / "cedula"


class RubricRefused(Exception):
    def __init__(self, path: Path, problems: list[tuple[str, str]]) -> None:
        self.path = path
        self.problems = problems
        listed = "; ".join(f"«{field}»: {reason}" for field, reason in problems)
        super().__init__(f"La cédula {path.name} no es válida: {listed}")


def load_rubric(path: Path) -> Rubric:
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise RubricRefused(path, [("(archivo)", f"no es TOML válido: {error}")]) from None
    try:
        return Rubric.model_validate(document)
    except ValidationError as error:
        raise RubricRefused(path, [(p.field, p.reason) for p in field_problems(error)]) from None


class UnknownRubric(Exception):
    """No rubric of that name is shipped."""


@functools.cache
def shipped_rubric(name: str) -> Rubric:
    """The shipped rubric of this name (read once: the files change with a deployment)."""
    path = SHIPPED / f"{name}.toml"
    if not path.is_file():
        raise UnknownRubric(f"No existe la cédula de evaluación «{name}».")
    return load_rubric(path)


def shipped_rubrics(folder: Path = SHIPPED) -> dict[str, Rubric]:
    return {path.stem: load_rubric(path) for path in sorted(folder.glob("*.toml"))}
