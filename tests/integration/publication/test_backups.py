"""Backups (issue 15 item 6, 000 §5.7): a backup of a deployment with real data (captured,
validated, published) restores, after the database and its roles are dropped, to the
same rows in every table of every schema and the same public answers; a tampered archive
is refused and restores nothing; the weekly timer backs up only where the election's
profile keeps weekly backups, and the admin console lists what it took."""

import dataclasses
import datetime as dt
import tarfile
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from contracts.backups import BackupOutcome
from contracts.envelope import utc_now
from contracts.publication import open_data_path
from contracts.services import BACKEND_SERVICES
from services.accounts.service import definition as accounts
from services.capture.service import definition as capture
from services.moderation.service import definition as moderation
from services.publication.adapters.backup_archives import file_digest
from services.publication.commands import ArchiveToRestore, restore_from
from services.publication.domain.backup_manifest import BackupRefused
from services.publication.service import definition as publication
from services.publication.steps import backing_up, restoring
from services.publication.timers import BACKUP_TIMER
from services.runtime.database import admin_dsn, deprovision
from services.runtime.settings import Settings
from tests.support.accounts import bearer
from tests.support.gateway import gateway_client
from tests.support.hosts import running
from tests.support.moderation import validated_candidacy
from tests.support.pingpong import RECEIVER, SENDER
from tests.support.publication import publication_starting
from tests.support.waiting import eventually

pytestmark = pytest.mark.timeout(300)
YESTERDAY = dt.date.today() - dt.timedelta(days=1)
NO_TIMERS = dataclasses.replace(publication, timers=[])
WITHOUT_BACKUPS = dataclasses.replace(
    publication, timers=[t for t in publication.timers if t is not BACKUP_TIMER]
)
RELEASES = "/api/v1/publico/datos-abiertos"
ALL_SERVICES = [str(s) for s in BACKEND_SERVICES] + [SENDER, RECEIVER]
"""What the ``fresh`` fixture provisions (tests/conftest.py), dropped to restore."""


async def every_row(settings: Settings) -> dict[str, list[str]]:
    """Every row of every table of the services' schemas, as PostgreSQL writes it."""
    conn = await asyncpg.connect(admin_dsn(settings, database=settings.instance))
    try:
        tables = await conn.fetch(
            "SELECT n.nspname, c.relname FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = ANY($1::text[]) AND c.relkind IN ('r', 'p')",
            [str(s) for s in BACKEND_SERVICES],
        )
        rows = {}
        for schema, table in tables:
            name = f'"{schema}"."{table}"'
            found = await conn.fetch(f"SELECT t::text FROM {name} t")
            rows[f"{schema}.{table}"] = sorted(r[0] for r in found)
        return rows
    finally:
        await conn.close()


async def public_answers(client: Any) -> dict[str, Any]:
    """The open-data listing and every file of each release, as the public downloads
    them: the files are served from publication's tables, so from the restored ones."""
    listing = await (await client.get(RELEASES)).json()
    answers: dict[str, Any] = {RELEASES: listing}
    for release in listing["releases"]:
        for listed in release["files"]:
            url = open_data_path(release["election_id"], release["release_id"], listed["name"])
            response = await client.get(url)
            answers[url] = (response.status, await response.read())
    return answers


def releases_with_profiles(answers: dict[str, Any]) -> bool:
    return any(r["profiles"] for r in answers[RELEASES]["releases"])


async def test_a_restored_backup_has_every_row_and_answers_the_public_alike(
    fresh: Settings, tmp_path: Path
) -> None:
    settings = fresh.model_copy(
        update={"backup_dir": tmp_path / "respaldos", "open_data_min_interval_s": 0.0}
    )
    async with (
        running(settings, accounts, capture, moderation, WITHOUT_BACKUPS),
        gateway_client(settings) as client,
    ):
        people = await validated_candidacy(client, settings)
        await publication_starting(client, people["admin"], "estado-de-mexico", YESTERDAY)
        before_answers = await eventually(
            lambda: public_answers(client),
            releases_with_profiles,
            timeout_s=60,
            what="an open-data release with the published candidacy",
        )
    before = await every_row(settings)
    assert before["capture.candidacies"] and before["publication.profiles"]
    assert before["publication.release_files"] and before["capture.outbox"]

    taken = await backing_up.take_backup(settings, utc_now())
    assert taken.outcome is BackupOutcome.OK, taken.detail
    archive = tmp_path / "respaldos" / taken.file_name
    assert archive.stat().st_size == taken.size
    assert file_digest(archive) == (taken.size, taken.sha256)
    with tarfile.open(archive) as packed:
        assert sorted(packed.getnames()) == sorted(
            ["manifest.json", *(f"{s}.dump" for s in BACKEND_SERVICES)]
        )

    await deprovision(settings, ALL_SERVICES)  # the database and its roles are gone
    assert await restore_from(settings, ArchiveToRestore(archivo=archive)) == 0

    after = await every_row(settings)
    assert after.pop("publication.backups") == before.pop("publication.backups") == []
    assert after == before
    async with running(settings, NO_TIMERS), gateway_client(settings) as client:
        assert await public_answers(client) == before_answers


async def test_a_restore_refuses_a_deployment_that_has_data(
    fresh: Settings, tmp_path: Path
) -> None:
    settings = fresh.model_copy(update={"backup_dir": tmp_path})
    async with running(settings, NO_TIMERS):
        pass
    taken = await backing_up.take_backup(settings, utc_now())
    with pytest.raises(BackupRefused, match="ya tiene datos"):
        await restoring.restore_backup(settings, tmp_path / taken.file_name)


async def test_a_tampered_archive_is_refused_and_restores_nothing(
    fresh: Settings, tmp_path: Path
) -> None:
    settings = fresh.model_copy(update={"backup_dir": tmp_path})
    async with running(settings, NO_TIMERS):
        pass
    taken = await backing_up.take_backup(settings, utc_now())
    archive = tmp_path / taken.file_name
    with tarfile.open(archive) as packed:
        dump = packed.getmember("publication.dump")
    content = bytearray(archive.read_bytes())
    content[dump.offset_data + dump.size // 2] ^= 0x01  # one bit of publication's dump
    archive.write_bytes(bytes(content))
    await deprovision(settings, ALL_SERVICES)
    with pytest.raises(BackupRefused, match=r"no coincide con el manifiesto|dañado"):
        await restoring.restore_backup(settings, archive)
    admin = await asyncpg.connect(admin_dsn(settings))
    try:
        assert not await admin.fetchval(
            "SELECT 1 FROM pg_database WHERE datname = $1", settings.instance
        )
    finally:
        await admin.close()


@pytest.mark.parametrize(("weekly", "taken"), [(True, 1), (False, 0)])
async def test_the_timer_backs_up_only_where_the_profile_keeps_weekly_backups(
    fresh: Settings, tmp_path: Path, weekly: bool, taken: int
) -> None:
    settings = fresh.model_copy(update={"backup_dir": tmp_path})
    async with (
        running(settings, accounts, capture, moderation, NO_TIMERS) as hosts,
        gateway_client(settings) as client,
    ):
        people = await validated_candidacy(client, settings)
        await eventually(
            lambda: _knob_known(settings),
            lambda knobs: bool(knobs),
            what="publication knows the election",
        )
        if not weekly:
            await _set_knob(settings, weekly=False)
        deps = hosts[-1].deps
        assert deps is not None
        await BACKUP_TIMER.tick(deps)
        await BACKUP_TIMER.tick(deps)  # within the week: nothing more
        listed = await client.get("/consola/respaldos", headers=bearer(people["admin"]))
        page = await listed.text()
    assert len(list(tmp_path.glob("respaldo-*.tar"))) == taken
    assert listed.status == 200
    if taken:
        (only,) = tmp_path.glob("respaldo-*.tar")
        assert file_digest(only)[1] in page
    else:
        assert "Aún no se ha tomado ningún respaldo." in page


async def _knob_known(settings: Settings) -> list[bool]:
    conn = await asyncpg.connect(admin_dsn(settings, database=settings.instance))
    try:
        found = await conn.fetch(
            "SELECT (rules->'publication'->>'weekly_backups')::boolean AS k "
            "FROM publication.elections"
        )
        return [r["k"] for r in found]
    finally:
        await conn.close()


async def _set_knob(settings: Settings, *, weekly: bool) -> None:
    """The election's profile as a profile with weekly_backups = false would send it."""
    conn = await asyncpg.connect(admin_dsn(settings, database=settings.instance))
    try:
        await conn.execute(
            "UPDATE publication.elections SET rules = jsonb_set(rules, "
            "'{publication,weekly_backups}', to_jsonb($1::boolean))",
            weekly,
        )
    finally:
        await conn.close()
