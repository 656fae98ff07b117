"""Published photos at their content-addressed URLs (``/fotos/<sha256>``).

A photo's address is its content's digest, so what is served there never changes: it is
answered as immutable, and each gateway keeps the photos it has served in a bounded
memory cache. On a miss it asks publication (``PHOTO_GET``), which answers only a photo
a currently public profile shows; concurrent misses for one photo share one request.
"""

import asyncio
import base64
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from contracts.requests import Document

IMMUTABLE = "public, max-age=31536000, immutable"
CACHE_MAX_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class Photo:
    media_type: str
    content: bytes


Fetch = Callable[[str], Awaitable[Document]]


@dataclass
class PublicPhotos:
    """Photos by SHA-256, least recently served leaving first past ``max_bytes``."""

    max_bytes: int = CACHE_MAX_BYTES
    _photos: OrderedDict[str, Photo] = field(default_factory=OrderedDict)
    _bytes: int = 0
    _asking: dict[str, asyncio.Future[Photo]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self._photos)

    def held(self, sha256: str) -> Photo | None:
        found = self._photos.get(sha256)
        if found is not None:
            self._photos.move_to_end(sha256)
        return found

    async def photo(self, sha256: str, fetch: Fetch) -> Photo:
        """The photo, from memory or asked with ``fetch``; its refusal is raised."""
        found = self.held(sha256)
        if found is not None:
            return found
        pending = self._asking.get(sha256)
        if pending is not None:
            return await asyncio.shield(pending)
        future: asyncio.Future[Photo] = asyncio.get_running_loop().create_future()
        self._asking[sha256] = future
        try:
            document = await fetch(sha256)
            photo = Photo(document.media_type, base64.b64decode(document.content_base64))
            self._keep(sha256, photo)
            future.set_result(photo)
            return photo
        except Exception as failure:
            future.set_exception(failure)
            future.exception()  # retrieved: no «never retrieved» warning without waiters
            raise
        except BaseException:
            future.cancel()  # this request was cancelled: the others ask again
            raise
        finally:
            del self._asking[sha256]

    def _keep(self, sha256: str, photo: Photo) -> None:
        if len(photo.content) > self.max_bytes:
            return
        self._photos[sha256] = photo
        self._bytes += len(photo.content)
        while self._bytes > self.max_bytes:
            _, dropped = self._photos.popitem(last=False)
            self._bytes -= len(dropped.content)
