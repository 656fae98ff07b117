"""The ``elections`` table: each election's configuration and the profile it runs under,
as loaded when it was configured."""

import json
from dataclasses import dataclass
from datetime import datetime

from contracts.capture import ElectionConfig
from contracts.profile import InstituteProfile
from services.capture.store import Conn


@dataclass(frozen=True)
class Election:
    config: ElectionConfig
    profile: InstituteProfile

    @property
    def time_zone(self) -> str:
        """The election's own time zone, or else its profile's."""
        return str(self.config.time_zone or self.profile.time_zone)


async def save_election(
    conn: Conn, config: ElectionConfig, profile: InstituteProfile, now: datetime, by: str | None
) -> None:
    await conn.execute(
        """INSERT INTO elections (election_id, config, profile, updated_at, updated_by)
           VALUES ($1, $2::jsonb, $3::jsonb, $4, $5)
           ON CONFLICT (election_id) DO UPDATE
             SET config = $2::jsonb, profile = $3::jsonb, updated_at = $4, updated_by = $5""",
        config.election_id,
        json.dumps(config.model_dump(mode="json")),
        json.dumps(profile.model_dump(mode="json")),
        now,
        by,
    )


_PARSED: dict[str, Election] = {}
"""Each election as this process read it, by ``<election_id>:<xmin>`` (the row's
version, which every update of it changes). An election's configuration names every
district and municipality (thousands): reading and validating it on every request cost
more than a draft's save itself. Every read still asks the row's version, and is sent
the configuration only when that version was parsed here, so a reconfigured election is
never seen stale. Versions a reconfiguration replaced stay a while (a statement may
have been sent one just before), up to ``KEPT_VERSIONS``."""
KEPT_VERSIONS = 32

KNOWN_VERSIONS = "e.election_id || ':' || e.xmin::text = ANY({param}::text[])"
"""A statement's condition that its election's row is one parsed here already."""


def known_versions() -> list[str]:
    """The parameter of ``KNOWN_VERSIONS``."""
    return list(_PARSED)


def election_of_row(
    election_id: str, version: str, config: str | None, profile: str | None
) -> Election:
    """The election of a row read with ``KNOWN_VERSIONS``: the one parsed here when its
    version is known (the row then sends no configuration), else parsed now and kept."""
    key = f"{election_id}:{version}"
    if config is None or profile is None:
        return _PARSED[key]
    parsed = Election(
        ElectionConfig.model_validate_json(config),
        InstituteProfile.model_validate_json(profile),
    )
    _PARSED[key] = parsed
    while len(_PARSED) > KEPT_VERSIONS:
        del _PARSED[next(iter(_PARSED))]
    return parsed


async def election(conn: Conn, election_id: str) -> Election | None:
    known = KNOWN_VERSIONS.format(param="$2")
    row = await conn.fetchrow(
        f"""SELECT e.xmin::text AS version,
                  CASE WHEN {known} THEN NULL ELSE e.config END AS config,
                  CASE WHEN {known} THEN NULL ELSE e.profile END AS profile
           FROM elections e WHERE e.election_id = $1""",
        election_id,
        known_versions(),
    )
    if row is None:
        return None
    return election_of_row(election_id, row["version"], row["config"], row["profile"])


async def latest_election(conn: Conn) -> Election | None:
    """The election configured (or changed) last."""
    row = await conn.fetchrow(
        "SELECT config, profile FROM elections ORDER BY updated_at DESC, election_id LIMIT 1"
    )
    if row is None:
        return None
    return Election(
        ElectionConfig.model_validate_json(row["config"]),
        InstituteProfile.model_validate_json(row["profile"]),
    )


async def election_configs(conn: Conn) -> list[ElectionConfig]:
    """Every election's configuration, naming its time zone and its institute (its own,
    or else its profile's), so that whoever shows them need not know the profile."""
    rows = await conn.fetch("SELECT config, profile FROM elections ORDER BY election_id")
    configs = []
    for row in rows:
        config = ElectionConfig.model_validate_json(row["config"])
        if config.time_zone is None or config.institute is None:  # configured before either
            profile = InstituteProfile.model_validate_json(row["profile"])
            settled = {"time_zone": profile.time_zone, "institute": profile.institute}
            config = config.model_copy(
                update={
                    key: value for key, value in settled.items() if getattr(config, key) is None
                }
            )
        configs.append(config)
    return configs


async def every_election(conn: Conn) -> list[Election]:
    """Every election with its profile, for the timers that go through them all."""
    rows = await conn.fetch("SELECT config, profile FROM elections ORDER BY election_id")
    return [
        Election(
            ElectionConfig.model_validate_json(row["config"]),
            InstituteProfile.model_validate_json(row["profile"]),
        )
        for row in rows
    ]
