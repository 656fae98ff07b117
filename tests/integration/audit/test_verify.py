"""``conoceles audit verify`` finds and locates every way of rewriting the log.

Each case tampers with the tables as the PostgreSQL superuser, with the append-only
triggers disabled: what an attacker with the database (and without the signing key)
could do.
"""

import json
import os
import subprocess
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from uuid import uuid4

import asyncpg
import pytest
import rfc8785

from contracts.activity import ActivityTarget, Outcome
from contracts.requests import Principal
from services.audit.domain.merkle import leaf_hash
from services.audit.service import definition as audit
from services.audit.steps.verifying import verify_log
from services.capture.service import definition as capture
from services.runtime.activity import record_activity
from services.runtime.database import admin_dsn
from services.runtime.settings import Settings
from tests.support.hosts import running
from tests.support.servers import REPO
from tests.support.waiting import eventually

ENTRIES = 20
VERIFIER = Principal(account_id="ver-1", role="verifier", election_id="2027")


@pytest.fixture
async def log(fresh: Settings) -> AsyncIterator[asyncpg.Connection]:
    """A log of 20 entries under a signed checkpoint, and a superuser connection to it."""
    async with running(fresh, capture, audit) as (capturing, auditing):
        assert capturing.deps is not None and auditing.deps is not None
        for n in range(ENTRIES):
            async with capturing.deps.pool.acquire() as conn, conn.transaction():
                await record_activity(
                    conn,
                    capturing.deps.outbox,
                    action="consent.verify",
                    outcome=Outcome.OK,
                    principal=VERIFIER,
                    target=ActivityTarget(kind="candidacy", id=f"C-{n}"),
                )
        pool = auditing.deps.pool
        await eventually(
            lambda: pool.fetchval("SELECT coalesce(max(size), 0) FROM checkpoints"),
            lambda size: size == ENTRIES,
            what="a checkpoint covering every entry",
        )
    admin = await asyncpg.connect(admin_dsn(fresh, database=fresh.instance))
    await admin.execute("SET search_path = audit")
    yield admin
    await admin.close()


TABLES = ("entries", "tree_nodes", "checkpoints")


async def tampered(admin: asyncpg.Connection, *statements: str) -> None:
    async with admin.transaction():
        for table in TABLES:
            await admin.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        for statement in statements:
            await admin.execute(statement)
        for table in TABLES:
            await admin.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")


async def forge_row(admin: asyncpg.Connection) -> None:
    """A whole new entry at the end, leaf, hash and columns all consistent."""
    last = await admin.fetchrow("SELECT * FROM entries ORDER BY seq DESC LIMIT 1")
    document = json.loads(last["leaf"])
    document["id"] = str(uuid4())
    document["action"] = "candidacy.publish"
    leaf = rfc8785.dumps(document)
    values = dict(last)
    values.update(seq=ENTRIES, entry_id=document["id"], leaf=leaf, leaf_hash=leaf_hash(leaf))
    values["action"] = "candidacy.publish"
    columns = ", ".join(values)
    placeholders = ", ".join(f"${n}" for n in range(1, len(values) + 1))
    await admin.execute(
        f"INSERT INTO entries ({columns}) VALUES ({placeholders})", *values.values()
    )


async def test_an_intact_log_verifies_from_the_command_line(
    fresh: Settings, log: asyncpg.Connection
) -> None:
    env = {**os.environ, **fresh.as_env()}
    done = subprocess.run(
        [sys.executable, "-m", "services.launcher.cli", "audit", "verify"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith(f"OK: {ENTRIES} entradas, raíz ")


Tamper = Callable[[asyncpg.Connection], Awaitable[None]]

CASES: dict[str, tuple[Tamper, int, str]] = {
    "one field of one row": (
        lambda admin: tampered(admin, "UPDATE entries SET action = 'consent.reject' WHERE seq = 7"),
        7,
        "columna «action»",
    ),
    "the leaf itself": (
        lambda admin: tampered(
            admin,
            "UPDATE entries SET leaf = convert_to(replace(convert_from(leaf, 'UTF8'), "
            "'consent.verify', 'consent.revoke'), 'UTF8') WHERE seq = 4",
        ),
        4,
        "no corresponde a su hash",
    ),
    "a deleted row": (
        lambda admin: tampered(admin, "DELETE FROM entries WHERE seq = 5"),
        5,
        "falta",
    ),
    "two rows swapped": (
        lambda admin: tampered(
            admin,
            "UPDATE entries SET seq = 1000 WHERE seq = 3",
            "UPDATE entries SET seq = 3 WHERE seq = 9",
            "UPDATE entries SET seq = 9 WHERE seq = 1000",
        ),
        3,
        "movida o reescrita",
    ),
    "a forged row appended": (forge_row, ENTRIES, "movida o reescrita"),
    "a node above the leaves rewritten": (
        lambda admin: tampered(
            admin, "UPDATE tree_nodes SET hash = sha256(hash) WHERE level = 1 AND idx = 2"
        ),
        5,
        "nodo del árbol de nivel 1 e índice 2",
    ),
    "a node beyond the log forged": (
        lambda admin: tampered(
            admin, f"INSERT INTO tree_nodes VALUES (2, {ENTRIES // 4}, sha256('x'::bytea))"
        ),
        ENTRIES,
        "no es de ninguna entrada",
    ),
    "a leaf that is not JSON, hashed and in the tree": (
        lambda admin: tampered(
            admin,
            "UPDATE entries SET leaf = 'x'::bytea, leaf_hash = sha256('\\x00'::bytea || 'x') "
            "WHERE seq = 2",
            "UPDATE tree_nodes SET hash = sha256('\\x00'::bytea || 'x') "
            "WHERE level = 0 AND idx = 2",
        ),
        2,
        "no es una entrada de la bitácora",
    ),
    "the tail truncated": (
        lambda admin: tampered(admin, f"DELETE FROM entries WHERE seq >= {ENTRIES - 5}"),
        ENTRIES - 5,
        "faltan entradas",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
async def test_each_rewrite_is_detected_and_located(
    fresh: Settings, log: asyncpg.Connection, case: str
) -> None:
    tamper, seq, problem = CASES[case]
    await tamper(log)
    verdict = await verify_log(fresh)
    assert verdict.finding is not None, f"{case} went unnoticed"
    assert verdict.finding.seq == seq
    assert problem in verdict.finding.problem
    assert str(verdict).startswith(f"ERROR en la entrada {seq}: ")


async def test_a_saved_checkpoint_catches_a_tail_cut_with_its_checkpoints(
    fresh: Settings, log: asyncpg.Connection
) -> None:
    saved = await log.fetchval("SELECT note FROM checkpoints ORDER BY size DESC LIMIT 1")
    await tampered(
        log,
        f"DELETE FROM entries WHERE seq >= {ENTRIES - 5}",
        f"DELETE FROM checkpoints WHERE size > {ENTRIES - 5}",
    )
    left_behind = await verify_log(fresh)
    assert left_behind.finding is not None, "the cut entries' tree nodes give it away"
    assert "no es de ninguna entrada" in left_behind.finding.problem
    await tampered(log, f"DELETE FROM tree_nodes WHERE idx >= ({ENTRIES - 5} >> level)")
    assert (await verify_log(fresh)).finding is None, "without outside evidence the cut is clean"
    verdict = await verify_log(fresh, saved_checkpoint=saved)
    assert verdict.finding is not None and verdict.finding.seq == ENTRIES - 5
