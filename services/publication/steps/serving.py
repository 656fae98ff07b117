"""Serving what publication answers on request: a published photo (the gateway asks on a
cache miss), INE's feed of changes in order, and the publication key."""

import base64

from contracts.activity import ActivityTarget
from contracts.ine import ChangesPage, ChangesQuery, PublicationKey
from contracts.publication import PhotoRef, photo_path
from contracts.requests import Document
from services.publication.adapters.signing import publication_signer
from services.publication.domain.errors import NO_PHOTO, NotFound
from services.publication.domain.feed import check_may_read_feed
from services.publication.store import change_log, photos
from services.runtime.callers import Caller, SignedIn, record
from services.runtime.connections import Connection
from services.runtime.service_deps import ServiceDeps

FEED = ActivityTarget(kind="publication_feed", id="cambios")
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}


async def public_photo(conn: Connection, ref: PhotoRef) -> Document:
    """Only a photo a currently public profile shows."""
    photo = await photos.public_photo(conn, ref.sha256, photo_path(ref.sha256))
    if photo is None:
        raise NotFound(NO_PHOTO)
    extension = EXTENSIONS.get(photo.media_type, "bin")
    return Document(
        filename=f"{photo.sha256}.{extension}",
        media_type=photo.media_type,
        content_base64=base64.b64encode(photo.content).decode("ascii"),
    )


async def changes_page(
    conn: Connection, deps: ServiceDeps, query: ChangesQuery, caller: SignedIn
) -> ChangesPage:
    check_may_read_feed(caller.principal.role)
    found = await change_log.changes_from(conn, query.desde, query.limite)
    following = found[-1].sequence + 1 if found else query.desde
    await record(
        conn,
        deps.outbox,
        caller,
        "publication.changes_list",
        FEED,
        {"desde": query.desde, "recibidos": len(found)},
    )
    return ChangesPage(changes=[c.data for c in found], siguiente=following)


def publication_key(deps: ServiceDeps, caller: Caller) -> PublicationKey:
    signer = publication_signer(deps.settings)
    return PublicationKey(key_id=signer.key_id, public_key_base64=signer.public_key_base64())
