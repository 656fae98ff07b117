"""A backup's manifest (services/publication/domain/backups.py and its archive): a whole
archive verifies, and one with a dump missing, added, cut short or changed by one byte,
or with its manifest edited, is refused with a Spanish reason before anything is
restored; the timer's decision follows the weekly_backups knob."""

import datetime as dt
import hashlib
import io
import tarfile
from pathlib import Path

import pytest

from services.publication.adapters.backup_archives import verified_archive, write_archive
from services.publication.domain.backup_manifest import (
    FORMAT,
    BackupRefused,
    DumpFile,
    Manifest,
    backup_due,
    backup_id,
    to_prune,
)

NOW = dt.datetime(2027, 4, 1, 12, 0, tzinfo=dt.UTC)
WEEK = 7 * 24 * 3600.0


def archive_of(folder: Path, contents: dict[str, bytes]) -> Path:
    dumps, files = {}, []
    for schema, data in contents.items():
        path = folder / f"{schema}.dump"
        path.write_bytes(data)
        dumps[path.name] = path
        digest = hashlib.sha256(data).hexdigest()
        files.append(DumpFile(name=path.name, schema=schema, size=len(data), sha256=digest))
    manifest = Manifest(
        format=FORMAT, instance="prueba", taken_at=NOW, server_version="15", files=files
    )
    target = folder / "respaldo.tar"
    write_archive(target, manifest, dumps)
    return target


def rewritten(source: Path, target: Path, change: dict[str, bytes | None]) -> Path:
    """The archive with members replaced (bytes), dropped (None) or added."""
    with tarfile.open(source) as old, tarfile.open(target, "w") as new:
        for member in old.getmembers():
            data = old.extractfile(member).read()  # type: ignore[union-attr]
            if member.name in change:
                replacement = change.pop(member.name)
                if replacement is None:
                    continue
                data = replacement
            member.size = len(data)
            new.addfile(member, io.BytesIO(data))
        for name, data in change.items():
            info = tarfile.TarInfo(name)
            info.size = len(data or b"")
            new.addfile(info, io.BytesIO(data or b""))
    return target


@pytest.fixture
def whole(tmp_path: Path) -> Path:
    made = tmp_path / "hecho"
    made.mkdir()
    return archive_of(made, {"capture": b"PGDMP capture " * 100, "publication": b"PGDMP pub"})


def test_a_whole_archive_verifies_and_yields_its_dumps(whole: Path, tmp_path: Path) -> None:
    out = tmp_path / "fuera"
    out.mkdir()
    manifest = verified_archive(whole, out)
    assert [f.schema_name for f in manifest.files] == ["capture", "publication"]
    assert (out / "publication.dump").read_bytes() == b"PGDMP pub"


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"publication.dump": b"PGDMP puB"}, "no coincide con el manifiesto"),
        ({"publication.dump": None}, "falta «publication.dump»"),
        ({"audit.dump": b"PGDMP"}, "no nombra"),
        ({"manifest.json": None}, "no tiene manifiesto"),
        ({"manifest.json": b'{"format": "otro"}'}, "manifiesto del respaldo no es válido"),
    ],
)
def test_a_tampered_archive_is_refused_saying_why(
    whole: Path, tmp_path: Path, change: dict[str, bytes | None], reason: str
) -> None:
    tampered = rewritten(whole, tmp_path / "alterado.tar", dict(change))
    out = tmp_path / "fuera"
    out.mkdir()
    with pytest.raises(BackupRefused, match=reason):
        verified_archive(tampered, out)


def test_an_archive_cut_short_is_refused(whole: Path, tmp_path: Path) -> None:
    cut = tmp_path / "cortado.tar"
    cut.write_bytes(whole.read_bytes()[:1200])
    out = tmp_path / "fuera"
    out.mkdir()
    with pytest.raises(BackupRefused, match=r"incompleto|dañado"):
        verified_archive(cut, out)


def test_an_edited_manifest_naming_a_path_outside_is_refused(whole: Path, tmp_path: Path) -> None:
    manifest = (
        b'{"format": "%s", "instance": "x", "taken_at": "2027-04-01T12:00:00Z", '
        b'"server_version": "15", "files": [{"name": "../x.dump", "schema": "x", '
        b'"size": 1, "sha256": "%s"}]}' % (FORMAT.encode(), b"0" * 64)
    )
    tampered = rewritten(whole, tmp_path / "alterado.tar", {"manifest.json": manifest})
    with pytest.raises(BackupRefused, match="archivo inválido"):
        verified_archive(tampered, tmp_path)


def test_a_backup_is_due_weekly_only_where_the_knob_keeps_them() -> None:
    a_week_ago = NOW - dt.timedelta(days=7)
    yesterday = NOW - dt.timedelta(days=1)
    assert backup_due(weekly_backups=[True], last_taken=None, now=NOW, every_s=WEEK)
    assert backup_due(weekly_backups=[True], last_taken=a_week_ago, now=NOW, every_s=WEEK)
    assert not backup_due(weekly_backups=[True], last_taken=yesterday, now=NOW, every_s=WEEK)
    assert not backup_due(weekly_backups=[False], last_taken=None, now=NOW, every_s=WEEK)
    assert not backup_due(weekly_backups=[], last_taken=None, now=NOW, every_s=WEEK)


def test_only_the_newest_archives_are_kept() -> None:
    names = [backup_id(NOW - dt.timedelta(days=d)) + ".tar" for d in range(5)]
    assert to_prune(names, 2) == sorted(names, reverse=True)[2:]
    assert backup_id(NOW) == "respaldo-2027-04-01T120000Z"
