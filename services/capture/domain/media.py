"""Files people upload, judged by their content, never by their name or declared type.

Photos (JPEG, PNG or WebP, at most 5 MB in) are decoded and re-encoded from their pixels
alone — so no metadata survives: no GPS position, no camera, no date — and resized to at
most 1,000 px on the long side. Consent documents (PDF, JPEG or PNG, at most 10 MB): an
image is re-encoded from its pixels too, so nothing appended to it (an HTML page, a
script) is ever served back; a PDF is kept as it came — it is the signed evidence — but
only if it is one PDF from ``%PDF-`` to its final ``%%EOF``, with nothing after it. Both
are stored by their SHA-256.

An image is refused by the size its header declares, before a pixel is decoded: a few KB
of 1-bit PNG can declare a hundred million pixels, hundreds of MB once decoded (and
Pillow itself only refuses at twice its limit).
"""

import hashlib
import io
from dataclasses import dataclass
from enum import StrEnum

from PIL import Image, ImageOps, UnidentifiedImageError

from services.capture.domain.errors import Invalid

PHOTO_MAX_BYTES = 5 * 1024 * 1024
DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
PHOTO_LONG_SIDE = 1000
PHOTO_FORMATS = {"JPEG", "PNG", "WEBP"}
DOCUMENT_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png"}
MAX_PIXELS = 40_000_000  # a 40-megapixel camera's photo or a 600 dpi scan of a letter page
MAX_SIDE = 10_000
Image.MAX_IMAGE_PIXELS = MAX_PIXELS  # and Pillow's own guard, for any other path


_TOO_LARGE = (
    f"La imagen es demasiado grande: el máximo es {MAX_PIXELS // 1_000_000} millones de "
    f"píxeles y {MAX_SIDE} en cada lado."
)


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


def _stored(content: bytes, media_type: str) -> StoredFile:
    return StoredFile(hashlib.sha256(content).hexdigest(), media_type, content)


def _opened(content: bytes, formats: set[str], unreadable: str, wrong_kind: str) -> Image.Image:
    """The image with only its header read, refused when its declared size is too large."""
    try:
        image = Image.open(io.BytesIO(content))
    except Image.DecompressionBombError:
        raise FileRefused(_TOO_LARGE) from None
    except (UnidentifiedImageError, OSError):
        raise FileRefused(unreadable) from None
    if image.format not in formats:
        raise FileRefused(wrong_kind)
    width, height = image.size
    if width * height > MAX_PIXELS or max(width, height) > MAX_SIDE:
        raise FileRefused(f"{_TOO_LARGE} Esta mide {width} × {height} píxeles.")
    return image


def _pixels(image: Image.Image, mode: str) -> Image.Image:
    """A new image from the decoded pixels alone: nothing else of the file is copied."""
    try:
        upright = ImageOps.exif_transpose(image)  # keep it upright, then drop the EXIF
        pixels = upright.convert(mode)
    except (OSError, ValueError, Image.DecompressionBombError):
        raise FileRefused("El archivo no es una imagen legible.") from None
    bare = Image.new(mode, pixels.size)
    bare.paste(pixels)
    return bare


def clean_photo(content: bytes) -> StoredFile:
    if len(content) > PHOTO_MAX_BYTES:
        raise FileRefused("La fotografía excede 5 MB.")
    unreadable, wrong_kind = (
        "El archivo no es una imagen legible.",
        "La fotografía debe ser JPEG, PNG o WebP.",
    )
    with _opened(content, PHOTO_FORMATS, unreadable, wrong_kind) as image:
        bare = _pixels(image, "RGB")
    bare.thumbnail((PHOTO_LONG_SIDE, PHOTO_LONG_SIDE))
    out = io.BytesIO()
    bare.save(out, format="JPEG", quality=85, optimize=True)
    return _stored(out.getvalue(), "image/jpeg")


def _check_pdf(content: bytes) -> StoredFile:
    if not content.rstrip().endswith(b"%%EOF"):
        raise FileRefused(
            "El PDF no está completo o lleva algo después de su final (%%EOF); "
            "guárdelo de nuevo como PDF y súbalo."
        )
    return _stored(content, "application/pdf")


def check_document(content: bytes) -> StoredFile:
    if len(content) > DOCUMENT_MAX_BYTES:
        raise FileRefused("El documento excede 10 MB.")
    if content.startswith(b"%PDF-"):
        return _check_pdf(content)
    wrong_kind = "El documento debe ser PDF, JPEG o PNG."
    with _opened(content, set(DOCUMENT_FORMATS), wrong_kind, wrong_kind) as image:
        kind = str(image.format)
        mode = (
            "RGB" if kind == "JPEG" or image.mode not in ("1", "L", "RGB", "RGBA") else image.mode
        )
        bare = _pixels(image, mode)
    out = io.BytesIO()
    if kind == "JPEG":
        bare.save(out, format="JPEG", quality=92)
    else:
        bare.save(out, format="PNG", optimize=True)
    return _stored(out.getvalue(), DOCUMENT_FORMATS[kind])
