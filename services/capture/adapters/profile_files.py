"""Loading institute profiles: one TOML file per seed under ``deploy/profiles/``.

A malformed profile is refused when it is loaded, naming each field and the reason in
Spanish, so a deployment never runs an election under a profile it misread.
"""

import tomllib
from pathlib import Path

from pydantic import ValidationError

from contracts.errors import FieldProblem
from contracts.profile import InstituteProfile
from contracts.validation_messages import field_problems
from services.capture.domain.errors import Invalid

SHIPPED = Path(__file__).resolve().parents[3] / "deploy" / "profiles"


class ProfileRefused(Exception):
    def __init__(self, path: Path, problems: list[tuple[str, str]]) -> None:
        self.path = path
        self.problems = problems
        listed = "; ".join(f"«{field}»: {reason}" for field, reason in problems)
        super().__init__(f"El perfil {path.name} no es válido: {listed}")


def load_profile(path: Path) -> InstituteProfile:
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise ProfileRefused(path, [("(archivo)", f"no es TOML válido: {error}")]) from None
    try:
        profile = InstituteProfile.model_validate(document)
    except ValidationError as error:
        problems = [(p.field, p.reason) for p in field_problems(error)]
        raise ProfileRefused(path, problems) from None
    if profile.name != path.stem:
        raise ProfileRefused(path, [("name", f"debe coincidir con el archivo ({path.stem})")])
    return profile


class UnknownProfile(Invalid):
    """No profile of that name is shipped."""


def shipped_profile(name: str) -> InstituteProfile:
    """The shipped profile of this name, loaded now."""
    path = SHIPPED / f"{name}.toml"
    if not path.is_file():
        available = ", ".join(sorted(p.stem for p in SHIPPED.glob("*.toml")))
        raise UnknownProfile(
            "El perfil no existe.",
            [FieldProblem(field="profile", reason=f"Perfiles disponibles: {available}.")],
        )
    return load_profile(path)


def shipped_profiles(folder: Path = SHIPPED) -> dict[str, InstituteProfile]:
    return {path.stem: load_profile(path) for path in sorted(folder.glob("*.toml"))}
