"""Serving a stored file: to whoever has scope over a candidacy it was uploaded for, or
to anyone when it is a validated candidacy's photo. Knowing a file's SHA-256 opens
nothing by itself."""

import base64

from contracts.capture import FileRef
from contracts.requests import Document
from contracts.roles import NotAllowed, OutOfScope
from services.capture.domain.errors import NotFound
from services.capture.domain.formulas import Status
from services.capture.domain.media import FileKind
from services.capture.domain.one_chance import CaptureStatus
from services.capture.domain.scope import check_may_read_file
from services.capture.steps.recording import SignedIn
from services.capture.store import files
from services.capture.store.files import FileOwner
from services.runtime.connections import Connection

EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "application/pdf": "pdf"}


def _public_photo(owner: FileOwner) -> bool:
    """The photo a validated, live candidacy shows now."""
    return (
        owner.kind is FileKind.PHOTO
        and owner.shown
        and owner.status is Status.REGISTERED
        and owner.capture_status is CaptureStatus.VALIDATED
    )


async def file_document(conn: Connection, ref: FileRef, caller: SignedIn) -> Document:
    owners = await files.file_owners(conn, ref.sha256)
    if not owners:
        raise NotFound("No existe ese archivo.")
    refusal: OutOfScope | NotAllowed | None = None
    for owner in owners:
        try:
            check_may_read_file(caller.principal, owner.candidacy, public=_public_photo(owner))
            break
        except (OutOfScope, NotAllowed) as error:
            refusal = error
    else:
        assert refusal is not None
        raise refusal
    stored = await files.stored_file(conn, ref.sha256)
    assert stored is not None  # a file with owners is stored
    return Document(
        filename=f"{ref.sha256}.{EXTENSIONS.get(stored.media_type, 'bin')}",
        media_type=stored.media_type,
        content_base64=base64.b64encode(stored.content).decode(),
    )
