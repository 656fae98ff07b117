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


async def election(conn: Conn, election_id: str) -> Election | None:
    row = await conn.fetchrow(
        "SELECT config, profile FROM elections WHERE election_id = $1", election_id
    )
    if row is None:
        return None
    return Election(
        ElectionConfig.model_validate_json(row["config"]),
        InstituteProfile.model_validate_json(row["profile"]),
    )


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
