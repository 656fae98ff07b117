"""A backup's archive on disk: a tar file of the dumps and their manifest (uncompressed:
the custom-format dumps are compressed already). Written to a temporary name and renamed,
so a crash mid-write leaves no archive that looks whole."""

import hashlib
import io
import os
import tarfile
from pathlib import Path

from services.publication.domain.backup_manifest import (
    MANIFEST,
    BackupRefused,
    Manifest,
    check_contents,
    parse_manifest,
)

CHUNK = 1 << 20


def file_digest(path: Path) -> tuple[int, str]:
    """Size and SHA-256 of a file, read in chunks (dumps may be large)."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def write_archive(target: Path, manifest: Manifest, dumps: dict[str, Path]) -> None:
    """The manifest first, then each dump it names."""
    partial = target.with_name(target.name + ".parcial")
    text = manifest.model_dump_json(by_alias=True, indent=2).encode()
    with tarfile.open(partial, "w") as archive:
        info = tarfile.TarInfo(MANIFEST)
        info.size = len(text)
        info.mtime = int(manifest.taken_at.timestamp())
        archive.addfile(info, io.BytesIO(text))
        for listed in manifest.files:
            archive.add(dumps[listed.name], arcname=listed.name)
    with partial.open("rb") as handle:
        os.fsync(handle.fileno())
    partial.replace(target)


def verified_archive(archive_path: Path, into: Path) -> Manifest:
    """Extract the archive's dumps into ``into`` and check them against its manifest;
    BackupRefused (in Spanish) when it is unreadable, partial or altered."""
    if not archive_path.is_file():
        raise BackupRefused(f"no existe el archivo «{archive_path}»")
    try:
        with tarfile.open(archive_path, "r:") as archive:
            members = archive.getmembers()
            names = [m.name for m in members]
            if MANIFEST not in names:
                raise BackupRefused("el respaldo no tiene manifiesto («manifest.json»)")
            if len(set(names)) != len(names):
                raise BackupRefused("el respaldo repite un archivo")
            manifest_file = archive.extractfile(MANIFEST)
            assert manifest_file is not None
            manifest = parse_manifest(manifest_file.read())
            listed = {f.name for f in manifest.files}
            found: dict[str, tuple[int, str]] = {}
            for member in members:
                if member.name == MANIFEST:
                    continue
                if not member.isfile() or member.name not in listed:
                    found[member.name] = (-1, "")
                    continue
                archive.extract(member, into, filter="data")
                found[member.name] = file_digest(into / member.name)
    except (tarfile.TarError, EOFError, OSError) as error:
        raise BackupRefused(f"el respaldo está dañado o incompleto: {error}") from error
    check_contents(manifest, found)
    return manifest
