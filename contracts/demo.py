"""The demo elections that ``make up`` loads, as far as more than one service names them.

Capture loads an election (services/capture/demo.py); accounts issues its people
(services/accounts/demo.py); moderation gives the institute's part where the profile
asks for one (services/moderation/demo.py). None may import another's code, so what they
share is here: the Nuevo León demo's ids, which the tests use, and the model of the demo
files ``deploy/demo/<profile>.toml``, one per other shipped profile, that ``make up
PROFILE=…`` loads. Reading a shipped file is the only thing done here besides shapes.
"""

import datetime as dt
import tomllib
from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from contracts.capture import Coalition, Named, Office, Party
from contracts.roles import Role

DEMO_ELECTION_ID = "pel-2026-2027"
DEMO_PARTY_ID = "pan"
"""The Nuevo León demo election's first party: its capture account and supervisor are the
demo's people, and the candidacy they capture is DM01-PAN."""

PYTHON_DEMO_PROFILE = "nuevo-leon"
"""The profile whose demo is written in services/capture/demo.py (the tests build on it);
every other shipped profile's demo is a file under ``deploy/demo/``."""
PROFILES = ("nuevo-leon", "estado-de-mexico", "zacatecas", "durango", "tabasco")
DEMO_FILES = Path(__file__).resolve().parents[1] / "deploy" / "demo"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DemoPerson(Strict):
    names: str
    first_surname: str
    second_surname: str
    sex: str = Field(pattern="^(Mujer|Hombre|No binaria)$")
    birth_date: dt.date


class CapturedBy(StrEnum):
    """Which demo account captures (and submits) a candidacy's questionnaires."""

    PARTY = "party"  # the capturing party's capture account
    CANDIDATE = "candidate"  # the candidacy's own account (001 §9, 002 §I.A.1.III)
    SUPERVISOR = "supervisor"  # the party's supervisor (003 §15)
    INDEPENDENT = "independent"  # the independent itself


class DemoFormula(Strict):
    """One candidacy of the registry, and what the demo does with it: ``captured_by``
    unset leaves it a draft; set, it is captured, submitted and validated (by the party's
    supervisor, or by the independent itself) with the answers given."""

    key: str = Field(pattern=r"^[A-Z0-9][A-Z0-9-]*$")
    office: str
    district: str | None = None
    municipality: str | None = None
    list_position: int | None = Field(
        default=None, ge=1, description="Proportional representation."
    )
    postulant_kind: str = Field(pattern="^(partido|coalicion|independiente)$")
    postulant: str | None = None
    owner: DemoPerson
    alternate: DemoPerson | None = None
    affirmative_action: str | None = None
    captured_by: CapturedBy | None = None
    consents: bool = False
    authorised: bool = Field(
        default=False, description="Where the institute authorises publication: it did."
    )
    look: int = Field(default=0, ge=0, le=3, description="Which demo portrait.")
    curricular: dict[str, Any] = Field(default_factory=dict)
    identity: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _answers_when_captured(self) -> "DemoFormula":
        if self.captured_by is not None and not (self.curricular and self.identity):
            raise ValueError(f"{self.key}: a captured candidacy needs both questionnaires")
        return self


class ScopeOf(StrEnum):
    INSTITUTE = "institute"  # staff: no scope
    PARTY = "party"
    INDEPENDENT = "independent"  # an independent candidacy's team (004 §10-13: its admin)
    CANDIDACY = "candidacy"  # the candidacy's own account, issued when it is registered


class DemoAccount(Strict):
    role: Role
    name: str = Field(min_length=1, max_length=200)
    scope: ScopeOf = ScopeOf.INSTITUTE
    of: str | None = Field(default=None, description="The party id or candidacy key.")
    username: str | None = Field(
        default=None,
        max_length=30,
        description="Username base (accounts keeps 30 characters); none for candidacies.",
    )


class DemoElection(Strict):
    """One profile's demo election: its configuration, registry, captures and accounts,
    and what ``make up`` tells a newcomer to try under this profile."""

    profile: str
    election_id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    name: str
    offices: list[Office] = Field(min_length=1)
    districts: list[Named] = Field(default_factory=list)
    municipalities: list[Named] = Field(default_factory=list)
    parties: list[Party] = Field(min_length=1)
    coalitions: list[Coalition] = Field(default_factory=list)
    affirmative_actions: list[Named] = Field(default_factory=list)
    election_day: dt.date
    non_working_days: list[dt.date] = Field(default_factory=list)
    flagged: str = Field(description="The captured candidacy the screening flags.")
    formulas: list[DemoFormula] = Field(min_length=1)
    accounts: list[DemoAccount] = Field(min_length=1)
    guide: str = Field(min_length=1, description="What to try, printed by make up.")

    def formula(self, key: str) -> DemoFormula:
        return next(f for f in self.formulas if f.key == key)

    @property
    def captured(self) -> list[DemoFormula]:
        return [f for f in self.formulas if f.captured_by is not None]


def demo_profiles() -> list[str]:
    """The profiles ``make up PROFILE=…`` can load: the Python demo's, and each file's."""
    return [p for p in PROFILES if p == PYTHON_DEMO_PROFILE or (DEMO_FILES / f"{p}.toml").exists()]


class UnknownDemoProfile(ValueError):
    def __init__(self, profile: str) -> None:
        super().__init__(
            f"No hay demostración del perfil «{profile}». Los perfiles con demostración son: "
            f"{', '.join(demo_profiles())} (por ejemplo: make up PROFILE=zacatecas)."
        )


def known_profile(profile: str) -> str:
    if profile not in demo_profiles():
        raise UnknownDemoProfile(profile)
    return profile


def read_demo(profile: str) -> DemoElection:
    """The demo file of a profile other than the Python demo's."""
    path = DEMO_FILES / f"{known_profile(profile)}.toml"
    demo = DemoElection.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))
    if demo.profile != profile:
        raise ValueError(f"{path.name} declares the profile {demo.profile}")
    return demo
