"""Open data (issue 15 item 4): ``GET /datos-abiertos`` (each election's current release:
its files, their sizes and SHA-256, the data dictionary, how to verify it, the licence),
``GET /api/v1/publico/datos-abiertos`` (the same, as JSON) and the downloads
``GET /datos-abiertos/{election_id}/{release_id}/{file}``.

The page and the listing read the releases' summaries from the gateway's copy of the
public bucket (``datos.<election_id>``): no bus crossing. A file is asked of publication
(``OPEN_DATA_FILE``, in parts) the first time and then kept in a bounded memory cache;
a release never changes once written, so its URL is content-addressed: the ETag is the
URL's release and name, and the answer is cacheable as immutable by anyone.
"""

import base64
from collections import OrderedDict
from dataclasses import dataclass, field

import aiohttp_jinja2
from aiohttp import web
from pydantic import BaseModel, ConfigDict, ValidationError

from contracts.errors import ErrorCode
from contracts.operations import publication as publication_operations
from contracts.publication import (
    OPEN_DATA_CHUNK_BYTES,
    OPEN_DATA_KEY,
    OpenDataFileRef,
    OpenDataRelease,
    open_data_path,
)
from contracts.requests import Document
from services.gateway.api import api
from services.gateway.calls import ask
from services.gateway.forms import refused
from services.gateway.local_time import written_in_zone, zone_of_election
from services.gateway.public_short_way import public_read
from services.gateway.routes.public_pages import viewer_of
from services.gateway.routing import pages
from services.gateway.state import PUBLIC_READ_MODEL

IMMUTABLE = "public, max-age=31536000, immutable"
LISTING_CACHE = "public, max-age=60"
CACHED_FILE_MAX_BYTES = 16 * 1024 * 1024
CACHE_MAX_BYTES = 128 * 1024 * 1024
"""What the cache keeps: files up to 16 MiB, 128 MiB in all, the least recently served
leaving first; a bigger file is passed through in parts each time (a CDN in front keeps
it, as the headers allow)."""


@dataclass
class CachedFiles:
    """Files of releases, by (election, release, name), least recently served first."""

    max_bytes: int = CACHE_MAX_BYTES
    _files: OrderedDict[tuple[str, str, str], tuple[str, bytes]] = field(
        default_factory=OrderedDict
    )
    _bytes: int = 0

    def get(self, key: tuple[str, str, str]) -> tuple[str, bytes] | None:
        found = self._files.get(key)
        if found is not None:
            self._files.move_to_end(key)
        return found

    def put(self, key: tuple[str, str, str], media_type: str, content: bytes) -> None:
        if len(content) > CACHED_FILE_MAX_BYTES or key in self._files:
            return
        self._files[key] = (media_type, content)
        self._bytes += len(content)
        while self._bytes > self.max_bytes:
            _, (_, dropped) = self._files.popitem(last=False)
            self._bytes -= len(dropped)


OPEN_DATA_FILES = web.AppKey("open_data_files", CachedFiles)


def setup(app: web.Application) -> None:
    app[OPEN_DATA_FILES] = CachedFiles()


class OpenDataCatalogue(BaseModel):
    """Every election's current open-data release. A file is downloaded at
    ``/datos-abiertos/{election_id}/{release_id}/{name}``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    releases: list[OpenDataRelease]


def current_releases(request: web.Request) -> list[OpenDataRelease]:
    model = request.app[PUBLIC_READ_MODEL]
    found = []
    for key in model.keys(OPEN_DATA_KEY):
        held = model.get(key)
        if held is None:
            continue
        try:
            found.append(OpenDataRelease.model_validate_json(held.value))
        except ValidationError:
            continue  # a value of another version: shown once publication writes it again
    return sorted(found, key=lambda r: (r.election_name, r.election_id))


def size_in_words(size: int) -> str:
    """«1.5 MB», «820 kB», «96 bytes»: what a person reads before downloading."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    if size >= 1_000:
        return f"{size / 1_000:.0f} kB"
    return f"{size} bytes"


@public_read
@pages.route("GET", "/datos-abiertos")
async def open_data_page(request: web.Request) -> web.Response:
    releases = current_releases(request)
    shown = [
        {
            "release": release,
            "created": written_in_zone(
                release.created_at, zone_of_election(request, release.election_id)
            ),
            "files": [
                {
                    "file": f,
                    "url": open_data_path(release.election_id, release.release_id, f.name),
                    "size": size_in_words(f.size),
                }
                for f in release.files
            ],
        }
        for release in releases
    ]
    return aiohttp_jinja2.render_template(
        "publico/datos_abiertos.html",
        request,
        {"releases": shown, "viewer": viewer_of(request)},
    )


@public_read
@api.route(
    "GET",
    "/api/v1/publico/datos-abiertos",
    summary="Las versiones vigentes de los datos abiertos de cada elección.",
    response=OpenDataCatalogue,
    tag="público",
)
async def open_data_listing(request: web.Request) -> OpenDataCatalogue | web.Response:
    catalogue = OpenDataCatalogue(releases=current_releases(request))
    etag = f'"datos-{request.app[PUBLIC_READ_MODEL].version}"'
    if request.headers.get("If-None-Match") == etag:
        return web.Response(status=304, headers={"ETag": etag, "Cache-Control": LISTING_CACHE})
    response = web.json_response(catalogue.model_dump(mode="json"))
    response.headers["ETag"] = etag
    response.headers["Cache-Control"] = LISTING_CACHE
    return response


def _file_ref(request: web.Request) -> OpenDataFileRef:
    try:
        return OpenDataFileRef(
            election_id=request.match_info["election_id"],
            release_id=request.match_info["release_id"],
            name=request.match_info["file"],
        )
    except ValidationError:
        raise refused(
            ErrorCode.NOT_FOUND,
            "No existe ese archivo de datos abiertos. Consulte la página de datos abiertos.",
        ) from None


def _headers(ref: OpenDataFileRef, etag: str) -> dict[str, str]:
    return {
        "ETag": etag,
        "Cache-Control": IMMUTABLE,
        "Content-Disposition": f'attachment; filename="{ref.name}"',
        "X-Content-Type-Options": "nosniff",
    }


async def _part(request: web.Request, ref: OpenDataFileRef, offset: int) -> tuple[Document, bytes]:
    part = ref.model_copy(update={"offset": offset})
    document = await ask(request, publication_operations.OPEN_DATA_FILE, part, anonymous=True)
    return document, base64.b64decode(document.content_base64)


@public_read
@pages.route("GET", "/datos-abiertos/{election_id}/{release_id}/{file}")
async def open_data_file(request: web.Request) -> web.StreamResponse:
    ref = _file_ref(request)
    etag = f'"{ref.release_id}/{ref.name}"'
    headers = _headers(ref, etag)
    if request.headers.get("If-None-Match") == etag:
        return web.Response(status=304, headers=headers)
    cache = request.app[OPEN_DATA_FILES]
    key = (ref.election_id, ref.release_id, ref.name)
    cached = cache.get(key)
    if cached is not None:
        media_type, content = cached
        return web.Response(body=content, headers={**headers, "Content-Type": media_type})
    document, first = await _part(request, ref, 0)
    if len(first) < OPEN_DATA_CHUNK_BYTES:
        cache.put(key, document.media_type, first)
        return web.Response(body=first, headers={**headers, "Content-Type": document.media_type})
    response = web.StreamResponse(headers={**headers, "Content-Type": document.media_type})
    await response.prepare(request)
    parts, offset, chunk = [first], len(first), first
    while len(chunk) == OPEN_DATA_CHUNK_BYTES:
        await response.write(chunk)
        _, chunk = await _part(request, ref, offset)
        offset += len(chunk)
        parts = [*parts, chunk] if offset <= CACHED_FILE_MAX_BYTES else []
    await response.write(chunk)
    await response.write_eof()
    if parts:
        cache.put(key, document.media_type, b"".join(parts))
    return response
