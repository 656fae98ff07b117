"""Open data (issue 15 item 4): a release is the election's public profiles as a
Frictionless Data Package that validates, its manifest verifies with ``sha256sum -c``, a
new release follows a change of the public data and none follows nothing, and the
download serves the release's bytes, cacheable as immutable.

The store-level tests write the ``profiles`` rows publication's consumers write, to
drive the releases alone; the last test goes through the real services, from a
validated candidacy to its row in the downloaded CSV.
"""

import csv
import dataclasses
import datetime as dt
import hashlib
import io
import json
import logging
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import nats
import pytest

from contracts.envelope import utc_now
from contracts.publication import OpenDataFileRef, OpenDataRelease, open_data_key
from services.accounts.service import definition as accounts
from services.capture.service import definition as capture
from services.moderation.service import definition as moderation
from services.publication.adapters import data_package
from services.publication.adapters.data_package import package
from services.publication.domain import open_data
from services.publication.domain.open_data import ElectionNames, document
from services.publication.service import definition as publication
from services.publication.steps import releasing
from services.runtime import bus
from services.runtime.settings import Settings
from tests.support.capture import ELECTION as CAPTURED
from tests.support.gateway import gateway_client
from tests.support.hosts import running
from tests.support.moderation import validated_candidacy
from tests.support.open_data import (
    CATALOGUE,
    ELECTION,
    PARTIES,
    insert_election,
    package_problems,
    public_profile,
    publication_db,
    put_profile,
)
from tests.support.publication import public_entry, publication_starting
from tests.support.waiting import eventually

pytestmark = pytest.mark.timeout(240)
YESTERDAY = dt.date.today() - dt.timedelta(days=1)
WITHOUT_TIMER = dataclasses.replace(publication, timers=[])
MANY = 320
TRAJECTORY = "Experiencia de veinte años en la gestión pública municipal y estatal. " * 65
LONGEST = {
    "historia_profesional_laboral": TRAJECTORY,
    "trayectoria_politica": TRAJECTORY,
    "motivo_cargo_publico": TRAJECTORY,
}
"""Answers near their 5,000-character limit: curricular.json then travels in parts."""


def at_once(settings: Settings) -> Settings:
    return settings.model_copy(update={"open_data_min_interval_s": 0.0})


async def bucket_release(settings: Settings) -> OpenDataRelease | None:
    nc = await nats.connect(settings.require_nats_urls())
    try:
        kv = await bus.public_bucket(nc.jetstream(), settings)
        try:
            entry = await kv.get(open_data_key(ELECTION))
        except nats.js.errors.KeyNotFoundError:
            return None
        return None if not entry.value else OpenDataRelease.model_validate_json(entry.value)
    finally:
        await nc.close()


async def download_all(client: Any, release: OpenDataRelease, into: Path) -> dict[str, bytes]:
    files = {}
    for listed in release.files:
        url = f"/datos-abiertos/{ELECTION}/{release.release_id}/{listed.name}"
        response = await client.get(url)
        assert response.status == 200, await response.text()
        files[listed.name] = await response.read()
        (into / listed.name).write_bytes(files[listed.name])
    return files


async def test_a_change_of_a_profile_makes_a_new_release_and_nothing_else_does(
    fresh: Settings,
) -> None:
    settings = at_once(fresh)
    async with running(settings, WITHOUT_TIMER) as (host,):
        conn = await publication_db(settings)
        await insert_election(conn)
        for number in (1, 2, 3):
            await put_profile(conn, public_profile(number), sequence=number)
        try:
            first = await releasing.release_due(host.deps, utc_now())
            assert [(r.election_id, r.profiles, r.sequence) for r in first] == [(ELECTION, 3, 1)]
            assert await releasing.release_due(host.deps, utc_now()) == []  # nothing changed

            await put_profile(conn, public_profile(2, propuesta_1="Nueva propuesta. " * 20), 4)
            (second,) = await releasing.release_due(host.deps, utc_now())
            assert second.sequence == 2 and second.release_id > first[0].release_id
            assert second.manifest_sha256 != first[0].manifest_sha256
            assert await releasing.release_due(host.deps, utc_now()) == []

            held = await bucket_release(settings)
            assert held is not None and held.release_id == second.release_id
            kept = await conn.fetch("SELECT release_id FROM releases ORDER BY sequence")
            assert [r["release_id"] for r in kept] == [first[0].release_id, second.release_id]

            # A withdrawal leaves the profile out of the next release.
            await conn.execute(
                "UPDATE profiles SET state = 'withdrawn', document = NULL, sequence = 5 "
                "WHERE candidacy_id = 'C0003'"
            )
            (third,) = await releasing.release_due(host.deps, utc_now())
            assert third.profiles == 2
            ref = OpenDataFileRef(
                election_id=ELECTION, release_id=third.release_id, name="curricular.csv"
            )
            found = await releasing.released_file(host.deps, ref)
            assert found is not None
            assert b"C0003" not in found.content and b"C0002" in found.content
        finally:
            await conn.close()


TABLE_NAMES = {t.name for t in open_data.TABLES}


def table_digests(release: OpenDataRelease) -> dict[str, str]:
    return {f.name: f.sha256 for f in release.files if f.name.split(".")[0] in TABLE_NAMES}


def rows_made(caplog: pytest.LogCaptureFixture) -> list[int]:
    return [int(r.rows_made) for r in caplog.records if r.message == "open data released"]


async def test_a_release_joins_the_rows_kept_and_makes_only_the_outdated_ones(
    fresh: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    settings = at_once(fresh)
    caplog.set_level(logging.INFO, logger=releasing.__name__)
    profiles = [public_profile(n) for n in (1, 2, 3)]
    async with running(settings, WITHOUT_TIMER) as (host,):
        conn = await publication_db(settings)
        await insert_election(conn)
        for sequence, profile in enumerate(profiles, start=1):
            await put_profile(conn, profile, sequence)  # written before their rows were
        try:
            (first,) = await releasing.release_due(host.deps, utc_now())
            kept = await conn.fetch(
                "SELECT candidacy_id, sequence FROM open_data_rows ORDER BY candidacy_id"
            )
            assert [tuple(r) for r in kept] == [("C0001", 1), ("C0002", 2), ("C0003", 3)]

            await put_profile(conn, profiles[1], 4)  # a later change, the same document
            (second,) = await releasing.release_due(host.deps, utc_now())
            assert rows_made(caplog) == [3, 1]
            expected = package(  # every profile's rows made at once, as before
                open_data.tables(
                    [document(p) for p in profiles], ElectionNames.of(PARTIES, CATALOGUE)
                ),
                election_id=ELECTION,
                election_name="Elección local 2027",
                institute="Instituto Electoral del Estado de México",
                release_id=second.release_id,
                created_at=second.created_at,
            )
            assert [(f.name, f.sha256) for f in second.files[:-1]] == [
                (f.name, f.sha256) for f in expected.files
            ]  # the zip's own bytes depend on how its files were cut into sections
            assert table_digests(second) == table_digests(first)

            # The office is renamed: every row shows it, made again.
            renamed = CATALOGUE.model_copy(
                update={
                    "offices": [
                        CATALOGUE.offices[0].model_copy(update={"name": "Diputación por distrito"})
                    ]
                }
            )
            await conn.execute(
                "UPDATE elections SET catalogue = $1::jsonb, updated_at = now()",
                renamed.model_dump_json(),
            )
            (third,) = await releasing.release_due(host.deps, utc_now())
            assert rows_made(caplog) == [3, 1, 3]
            ref = OpenDataFileRef(
                election_id=ELECTION, release_id=third.release_id, name="candidaturas.csv"
            )
            found = await releasing.released_file(host.deps, ref)
            assert found is not None
            rows = list(csv.DictReader(io.StringIO(found.content.decode("utf-8"), newline="")))
            assert len(rows) > 3  # the owners and the alternates
            assert {r["cargo"] for r in rows} == {"Diputación por distrito"}
        finally:
            await conn.close()


def groups_reused(caplog: pytest.LogCaptureFixture) -> list[tuple[int, int]]:
    return [
        (int(r.groups), int(r.groups_reused))
        for r in caplog.records
        if r.message == "open data released"
    ]


async def read_whole(host: Any, release: OpenDataRelease, name: str) -> bytes:
    """A released file as the gateway downloads it, part after part."""
    content = b""
    while True:
        ref = OpenDataFileRef(
            election_id=ELECTION, release_id=release.release_id, name=name, offset=len(content)
        )
        found = await releasing.released_file(host.deps, ref)
        assert found is not None
        if not found.content:
            return content
        content += found.content


async def test_a_release_after_a_change_makes_only_its_group_and_gives_the_same_files(
    fresh: Settings, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = at_once(fresh)
    caplog.set_level(logging.INFO, logger=releasing.__name__)
    monkeypatch.setattr(open_data, "GROUP_PROFILES", 4)  # 60 profiles: about 15 groups
    profiles = [public_profile(n) for n in range(1, 61)]
    async with running(settings, WITHOUT_TIMER) as (host,):
        conn = await publication_db(settings)
        await insert_election(conn)
        for sequence, profile in enumerate(profiles, start=1):
            await put_profile(conn, profile, sequence)
        try:
            (first,) = await releasing.release_due(host.deps, utc_now())
            profiles[29] = public_profile(30, propuesta_1="Una propuesta nueva. " * 40)
            await put_profile(conn, profiles[29], 100)
            (second,) = await releasing.release_due(host.deps, utc_now())
            groups_held = [
                set(
                    await conn.fetchval(
                        "SELECT array_agg(r) FROM release_files f, unnest(f.piece_refs) r "
                        "WHERE f.release_id = $1 AND r LIKE '%:%'",
                        release.release_id,
                    )
                )
                for release in (first, second)
            ]
        finally:
            await conn.close()
        (groups, none), (again, reused) = groups_reused(caplog)
        assert none == 0 and groups == again > 5
        assert reused == groups - 1
        assert rows_made(caplog) == [60, 1]  # the changed one; the others' rows were read
        new_sections = groups_held[1] - groups_held[0]  # the changed group's, in each file
        assert len(new_sections) == len(data_package.DATA_FILES)

        expected = package(
            open_data.tables([document(p) for p in profiles], ElectionNames.of(PARTIES, CATALOGUE)),
            election_id=ELECTION,
            election_name="Elección local 2027",
            institute="Instituto Electoral del Estado de México",
            release_id=second.release_id,
            created_at=second.created_at,
        )
        for made in expected.files:
            assert await read_whole(host, second, made.name) == made.content(), made.name
        assert table_digests(second) != table_digests(first)
        zipped = await read_whole(host, second, second.files[-1].name)
        with zipfile.ZipFile(io.BytesIO(zipped)) as opened:
            assert opened.testzip() is None
            assert opened.read("curricular.csv") == expected.files[2].content()


async def test_only_the_newest_releases_are_kept(fresh: Settings) -> None:
    settings = at_once(fresh).model_copy(update={"open_data_releases_kept": 2})
    async with running(settings, WITHOUT_TIMER) as (host,):
        conn = await publication_db(settings)
        await insert_election(conn)
        try:
            written = []
            for sequence in (1, 2, 3):
                await put_profile(
                    conn, public_profile(1, tiktok=f"https://t.mx/{sequence}"), sequence
                )
                written += await releasing.release_due(host.deps, utc_now())
            kept = await conn.fetch("SELECT release_id FROM releases ORDER BY sequence")
            assert [r["release_id"] for r in kept] == [r.release_id for r in written[1:]]
            files = await conn.fetchval("SELECT count(DISTINCT release_id) FROM release_files")
            assert files == 2
            # The sections only the forgotten release held went with it; the kept ones' stay.
            orphans = await conn.fetchval(
                "SELECT count(*) FROM release_sections s WHERE NOT EXISTS ("
                "SELECT 1 FROM release_files f WHERE s.ref = ANY(f.piece_refs))"
            )
            missing = await conn.fetchval(
                "SELECT count(*) FROM release_files f, unnest(f.piece_refs) AS r(ref) "
                "WHERE NOT EXISTS (SELECT 1 FROM release_sections s WHERE s.ref = r.ref)"
            )
            assert (orphans, missing) == (0, 0)
        finally:
            await conn.close()


async def test_the_timer_releases_a_package_that_validates_and_the_page_serves_it(
    fresh: Settings, tmp_path: Path
) -> None:
    settings = at_once(fresh)
    async with running(settings, publication), gateway_client(settings) as client:
        conn = await publication_db(settings)
        try:
            await insert_election(conn)
            # Enough long answers that curricular.json travels in several parts.
            for number in range(1, MANY):
                await put_profile(conn, public_profile(number, **LONGEST), sequence=number)
            attack = public_profile(MANY, propuesta_1="=1+1 " + "agua potable " * 30)
            await put_profile(conn, attack, sequence=MANY)
        finally:
            await conn.close()
        release = await eventually(
            lambda: bucket_release(settings),
            lambda r: r is not None and r.profiles == MANY,
            what="a release of every profile",
        )
        assert release is not None and release.profiles == MANY
        listing = await eventually(
            lambda: _json(client, "/api/v1/publico/datos-abiertos"),
            lambda body: bool(body["releases"]),
            what="the listing",
        )
        assert listing["releases"][0]["release_id"] == release.release_id

        files = await download_all(client, release, tmp_path)
        assert package_problems(tmp_path / "datapackage.json") == []
        checked = subprocess.run(
            ["sha256sum", "-c", "manifest.sha256"], cwd=tmp_path, capture_output=True, text=True
        )
        assert checked.returncode == 0, checked.stdout + checked.stderr
        assert hashlib.sha256(files["manifest.sha256"]).hexdigest() == release.manifest_sha256
        for listed in release.files:
            assert hashlib.sha256(files[listed.name]).hexdigest() == listed.sha256
        assert len(files["curricular.json"]) > 4 * 1024 * 1024  # served in parts

        rows = list(csv.DictReader(io.StringIO(files["curricular.csv"].decode(), newline="")))
        assert len(rows) == 2 * MANY  # the owner's and the alternate's, each a row
        assert [r["calidad"] for r in rows[-2:]] == ["Propietaria", "Suplente"]
        assert rows[-2]["propuesta_1"].startswith("'=1+1")
        people = list(csv.DictReader(io.StringIO(files["candidaturas.csv"].decode(), newline="")))
        assert len(people) == 2 * MANY and people[0]["partido_coalicion"] == "PAN"

        url = f"/datos-abiertos/{ELECTION}/{release.release_id}/candidaturas.csv"
        response = await client.get(url)
        assert await response.read() == files["candidaturas.csv"]
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert response.headers["Content-Type"].startswith("text/csv")
        assert response.headers["Content-Disposition"] == 'attachment; filename="candidaturas.csv"'
        again = await client.get(url, headers={"If-None-Match": response.headers["ETag"]})
        assert again.status == 304

        missing = await client.get(f"/datos-abiertos/{ELECTION}/{release.release_id}/otro.csv")
        assert missing.status == 404
        problem = await missing.json()
        assert problem["type"] == "/problemas/no-encontrado"
        assert "datos abiertos" in problem["detail"]
        bad = await client.get(f"/datos-abiertos/{ELECTION}/ayer/candidaturas.csv")
        assert bad.status == 404

        page = await client.get("/datos-abiertos")
        html = await page.text()
        assert page.status == 200
        assert release.release_id in html and "sha256sum -c manifest.sha256" in html
        assert release.manifest_sha256 in html
        assert "Creative Commons Atribución 4.0 Internacional" in html
        assert "Grado máximo de estudios" in html  # the data dictionary
        assert f"/datos-abiertos/{ELECTION}/{release.release_id}/curricular.csv" in html


async def _json(client: Any, path: str) -> dict[str, Any]:
    response = await client.get(path)
    assert response.status == 200, await response.text()
    return dict(json.loads(await response.text()))


async def test_a_validated_candidacy_reaches_the_downloaded_csv(
    fresh: Settings, tmp_path: Path
) -> None:
    """Through the real services: capture → moderation → publication's read model (its
    start passed yesterday) → a release → the download."""
    settings = at_once(fresh)
    async with (
        running(settings, accounts, capture, moderation, publication),
        gateway_client(settings) as client,
    ):
        people = await validated_candidacy(client, settings)
        await publication_starting(client, people["admin"], "estado-de-mexico", YESTERDAY)
        await eventually(
            lambda: public_entry(settings, "F-PAN-1"),
            lambda entry: entry is not None and entry["state"] == "public",
            what="F-PAN-1 public",
        )

        async def listed() -> list[dict[str, Any]]:
            return list((await _json(client, "/api/v1/publico/datos-abiertos"))["releases"])

        releases = await eventually(
            listed,
            lambda found: any(r["election_id"] == CAPTURED and r["profiles"] for r in found),
            timeout_s=60,
            what="a release with the published candidacy",
        )
        release = OpenDataRelease.model_validate(
            next(r for r in releases if r["election_id"] == CAPTURED)
        )
        url = f"/datos-abiertos/{CAPTURED}/{release.release_id}/candidaturas.csv"
        content = await (await client.get(url)).read()
        rows = list(csv.DictReader(io.StringIO(content.decode(), newline="")))
        assert {r["clave_formula"] for r in rows} == {"F-PAN-1"}
        assert rows[0]["tipo_candidato"] == "Propietaria"
        curricular = f"/datos-abiertos/{CAPTURED}/{release.release_id}/curricular.csv"
        (row, alternate) = csv.DictReader(
            io.StringIO((await (await client.get(curricular)).read()).decode(), newline="")
        )
        assert row["calidad"] == "Propietaria" and row["propuesta_1"] and row["escolaridad"]
        assert alternate["calidad"] == "Suplente" and alternate["nombre_candidato"]

        # The rows were made by publication as it wrote the profile: the file is they.
        conn = await publication_db(settings)
        try:
            kept = await conn.fetchrow(
                "SELECT r.candidaturas_csv FROM open_data_rows r JOIN profiles p "
                "USING (candidacy_id) WHERE r.sequence = p.sequence AND p.state = 'public'"
            )
        finally:
            await conn.close()
        assert kept is not None
        assert content.split(b"\r\n", 1)[1] == kept["candidaturas_csv"]
