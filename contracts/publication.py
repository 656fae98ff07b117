"""What publication makes public, and how the gateway finds it without asking.

Publication materialises each public document (a profile, an election's public
catalogue, its statistics, its open-data release) and puts it in the NATS key-value
bucket ``public_bucket(prefix)``; every gateway replica watches the bucket into memory,
so a public read does not cross the bus per request (DESIGN §6). The keys:

- ``perfil.<candidacy_id>``: a ``PublicEntry`` (the profile, or the mark of its withdrawal:
  a profile once public and then withdrawn answers 410, one never public 404);
- ``eleccion.<election_id>``: a ``PublicElection`` (names for the filters and the labels);

Each value is the JSON of its model; ``sequence`` orders the changes of one key, so a
writer never replaces a newer value with an older one.
"""

from enum import StrEnum

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from contracts.events.capture import (
    CatalogueEntry,
    CoalitionInfo,
    PartyInfo,
)
from contracts.events.publication import PublicProfile as PublicProfile  # what perfil.<id> holds
from contracts.subjects import public_bucket as public_bucket  # the bucket of these keys

PROFILE_KEY = "perfil."
ELECTION_KEY = "eleccion."


def profile_key(candidacy_id: str) -> str:
    return f"{PROFILE_KEY}{candidacy_id}"


def election_key(election_id: str) -> str:
    return f"{ELECTION_KEY}{election_id}"


def photo_path(sha256: str) -> str:
    """The content-addressed URL of a published photo: cached as immutable."""
    return f"/fotos/{sha256}"


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class EntryState(StrEnum):
    PUBLIC = "public"
    WITHDRAWN = "withdrawn"


class PublicEntry(Frozen):
    """The value of ``perfil.<candidacy_id>``."""

    candidacy_id: str
    election_id: str
    state: EntryState
    sequence: int = Field(ge=1, description="The change that wrote it (the INE feed's number).")
    profile: PublicProfile | None = Field(default=None, description="None once withdrawn.")
    withdrawn_at: AwareDatetime | None = None


class PublicElection(Frozen):
    """The value of ``eleccion.<election_id>``: what the portal's filters and labels
    need. ``started``: the publication start date has passed (001 §14)."""

    election_id: str
    name: str
    institute: str | None
    time_zone: str
    publication_starts: str | None = Field(description="ISO date; None: not set yet.")
    started: bool
    offices: list[CatalogueEntry]
    districts: list[CatalogueEntry]
    municipalities: list[CatalogueEntry]
    parties: list[PartyInfo]
    coalitions: list[CoalitionInfo]
    affirmative_actions: list[CatalogueEntry] = Field(
        default_factory=list, description="The names of the actions a profile names by id."
    )
    shows_action_type: bool = Field(description="The profile shows the action's type.")
    sequence: int = Field(ge=1)


class PhotoRef(Frozen):
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")


# ----- issue 15, open data: an election's current release, ``datos.<election_id>`` -----
OPEN_DATA_KEY = "datos."
RELEASE_ID_PATTERN = r"^\d{4}-\d{2}-\d{2}T\d{6}Z$"
OPEN_DATA_FILE_PATTERN = r"^[a-z0-9][a-z0-9_.-]{0,79}$"


def open_data_key(election_id: str) -> str:
    return f"{OPEN_DATA_KEY}{election_id}"


def open_data_path(election_id: str, release_id: str, name: str) -> str:
    """A released file's URL: content-addressed by its release, cached as immutable."""
    return f"/datos-abiertos/{election_id}/{release_id}/{name}"


class OpenDataFile(Frozen):
    name: str = Field(pattern=OPEN_DATA_FILE_PATTERN)
    media_type: str
    size: int = Field(ge=0, description="Bytes.")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")


class OpenDataField(Frozen):
    """One column of the data dictionary (the table schema's field)."""

    name: str
    title: str
    type: str = Field(description="Frictionless Table Schema type: string, integer, …")
    description: str


class OpenDataTable(Frozen):
    """One table of the data dictionary, as ``datapackage.json`` describes it."""

    name: str
    title: str
    description: str
    fields: list[OpenDataField]


class OpenDataRelease(Frozen):
    """The value of ``datos.<election_id>``: the election's current open-data release,
    what the open-data page and its listing show without asking (the files themselves
    are asked for by name, ``OPEN_DATA_FILE``). ``manifest_sha256``: the digest of
    ``manifest.sha256``, itself listed in the release."""

    election_id: str
    election_name: str
    release_id: str = Field(pattern=RELEASE_ID_PATTERN)
    created_at: AwareDatetime
    manifest_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    licence: str = Field(description="SPDX identifier, e.g. CC-BY-4.0.")
    licence_title: str
    licence_url: str
    profiles: int = Field(ge=0, description="Public profiles in the release.")
    files: list[OpenDataFile]
    tables: list[OpenDataTable]
    sequence: int = Field(ge=1, description="Grows with each release of the election.")


OPEN_DATA_CHUNK_BYTES = 4 * 1024 * 1024
"""A file travels in parts of this size at most (base64 in a reply under NATS's 8 MiB
payload); a part shorter than this is the last."""


class OpenDataFileRef(Frozen):
    """Part of a file of one release, asked by the gateway when it does not hold it:
    ``OPEN_DATA_CHUNK_BYTES`` from ``offset`` on (empty past the end)."""

    election_id: str = Field(min_length=1, max_length=60)
    release_id: str = Field(pattern=RELEASE_ID_PATTERN)
    name: str = Field(pattern=OPEN_DATA_FILE_PATTERN)
    offset: int = Field(default=0, ge=0)


# ----- issue 15, statistics: an election's public statistics, ``estadisticas.<election_id>`` -----
STATISTICS_KEY = "estadisticas."


def statistics_key(election_id: str) -> str:
    return f"{STATISTICS_KEY}{election_id}"


class PartyProgress(Frozen):
    """Capture progress of the candidacies one party captures (for a coalition, the party
    its agreement names, 000 §3.13), or of the independent candidacies: each count
    includes the next stage's (a published candidacy was validated and submitted)."""

    postulant: str = Field(description="The party's id, or «independiente».")
    name: str
    acronym: str
    candidacies: int = Field(ge=0, description="Registered, not withdrawn.")
    submitted: int = Field(ge=0, description="Questionnaires complete and submitted.")
    validated: int = Field(ge=0)
    published: int = Field(ge=0)


class CategoryCount(Frozen):
    """One category of a distribution over the published profiles' people (each owner
    and each alternate)."""

    category: str
    people: int = Field(ge=0)


class GroupCell(Frozen):
    """People who answered «Sí» to one identity group's question in one slice (office ×
    party, coalition or independent × sex); ``people`` None: withheld (see the note)."""

    group: str
    office: str
    postulant: str
    sex: str
    people: int | None = Field(ge=0)
    text: str = Field(description="The count, or «menos de 5» when withheld.")


class PublicStatistics(Frozen):
    """The value of ``estadisticas.<election_id>``: capture progress per party (in
    candidacies), the published people (owners and alternates) by sex, age group and
    education (a fixed list of categories, zeros
    included), and the identity groups over a fixed grid with small cells withheld and no
    totals (DESIGN §6). ``compiled_at``: when these figures were first compiled as they
    are (a refresh that changes nothing keeps it)."""

    election_id: str
    election_name: str
    compiled_at: AwareDatetime
    progress: list[PartyProgress]
    sex: list[CategoryCount]
    age: list[CategoryCount]
    education: list[CategoryCount]
    groups: list[GroupCell]
    minimum_cell: int = Field(ge=1)
    note: str
    sequence: int = Field(ge=1)
