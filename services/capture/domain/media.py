"""Files people upload to a candidacy, judged by their content, never by their name or
declared type.

Photos (JPEG, PNG or WebP, at most 5 MB in) are decoded and re-encoded from their pixels
alone — so no metadata survives: no GPS position, no camera, no date — and resized to at
most 1,000 px on the long side. Consent documents (PDF, JPEG or PNG, at most 10 MB): an
image is re-encoded from its pixels too, so nothing appended to it (an HTML page, a
script) is ever served back; a PDF is kept as it came — it is the signed evidence — but
only if it is one PDF from ``%PDF-`` to its final ``%%EOF``, with nothing after it. Both
are stored by their SHA-256.

How an image is judged (its real format, its declared size before decoding, its pixels
alone) is ``contracts.uploaded_images``, shared with every service that accepts images;
what is capture's own is the rules below, the PDF, and ``FileRefused``.
"""

import hashlib
from dataclasses import dataclass
from enum import StrEnum

from contracts.uploaded_images import PNG, ImageRefused, ImageRule, jpeg, reencoded
from services.capture.domain.errors import Invalid

PHOTO_MAX_BYTES = 5 * 1024 * 1024
DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
PHOTO_LONG_SIDE = 1000

_UNREADABLE = "El archivo no es una imagen legible."
_PHOTO_AS_JPEG = jpeg(85, optimize=True)
PHOTO = ImageRule(
    encodings={"JPEG": _PHOTO_AS_JPEG, "PNG": _PHOTO_AS_JPEG, "WEBP": _PHOTO_AS_JPEG},
    max_bytes=PHOTO_MAX_BYTES,
    too_heavy="La fotografía excede 5 MB.",
    wrong_kind="La fotografía debe ser JPEG, PNG o WebP.",
    unreadable=_UNREADABLE,
    undecodable=_UNREADABLE,
    long_side=PHOTO_LONG_SIDE,
)
_DOCUMENT_KINDS = "El documento debe ser PDF, JPEG o PNG."
DOCUMENT_IMAGE = ImageRule(
    encodings={"JPEG": jpeg(92), "PNG": PNG},
    max_bytes=DOCUMENT_MAX_BYTES,
    too_heavy="El documento excede 10 MB.",
    wrong_kind=_DOCUMENT_KINDS,
    unreadable=_DOCUMENT_KINDS,
    undecodable=_UNREADABLE,
)
"""A consent document scanned or photographed: kept in its own format, at its own size."""


PHOTO_FIELD = "fotografia"
"""The curricular field that names a person's photo (its SHA-256)."""


class FileRefused(Invalid):
    """Why the file is not accepted, in Spanish."""


class FileKind(StrEnum):
    """What a stored file was uploaded as, for its candidacy."""

    PHOTO = "photo"
    CONSENT = "consent"


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    media_type: str
    content: bytes


def _kept_image(content: bytes, rule: ImageRule) -> StoredFile:
    try:
        image = reencoded(content, rule)
    except ImageRefused as refused:
        raise FileRefused(str(refused)) from None
    return StoredFile(image.sha256, image.media_type, image.content)


def clean_photo(content: bytes) -> StoredFile:
    return _kept_image(content, PHOTO)


def _check_pdf(content: bytes) -> StoredFile:
    if len(content) > DOCUMENT_MAX_BYTES:
        raise FileRefused(DOCUMENT_IMAGE.too_heavy)
    if not content.rstrip().endswith(b"%%EOF"):
        raise FileRefused(
            "El PDF no está completo o lleva algo después de su final (%%EOF); "
            "guárdelo de nuevo como PDF y súbalo."
        )
    return StoredFile(hashlib.sha256(content).hexdigest(), "application/pdf", content)


def check_document(content: bytes) -> StoredFile:
    if content.startswith(b"%PDF-"):
        return _check_pdf(content)
    return _kept_image(content, DOCUMENT_IMAGE)
