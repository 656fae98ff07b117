"""Every SQL statement of the capture service, parameterised, named by intent."""

import json
from datetime import datetime
from typing import Any

import asyncpg

Conn = asyncpg.Connection | asyncpg.Pool


async def save_election(
    conn: Conn, election_id: str, config: dict[str, Any], profile: dict[str, Any],
    now: datetime, by: str | None,
) -> None:  # fmt: skip
    await conn.execute(
        """INSERT INTO elections (election_id, config, profile, updated_at, updated_by)
           VALUES ($1, $2::jsonb, $3::jsonb, $4, $5)
           ON CONFLICT (election_id) DO UPDATE
             SET config = $2::jsonb, profile = $3::jsonb, updated_at = $4, updated_by = $5""",
        election_id, json.dumps(config), json.dumps(profile), now, by,
    )  # fmt: skip


async def election(conn: Conn, election_id: str) -> asyncpg.Record | None:
    return await conn.fetchrow("SELECT * FROM elections WHERE election_id = $1", election_id)


async def elections(conn: Conn) -> list[asyncpg.Record]:
    return await conn.fetch("SELECT * FROM elections ORDER BY election_id")
