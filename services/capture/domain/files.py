"""Files people upload, judged by their content, never by their name or declared type.

Photos (JPEG, PNG or WebP, at most 5 MB in) are decoded and re-encoded from their pixels
alone — so no metadata survives: no GPS position, no camera, no date — and resized to at
most 1,000 px on the long side. Consent documents (PDF, JPEG or PNG, at most 10 MB) are
kept as they came: they are the signed evidence. Both are stored by their SHA-256.
"""

import hashlib
import io
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

PHOTO_MAX_BYTES = 5 * 1024 * 1024
DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
PHOTO_LONG_SIDE = 1000
PHOTO_FORMATS = {"JPEG", "PNG", "WEBP"}
Image.MAX_IMAGE_PIXELS = 60_000_000  # decompression bombs are refused


class FileRefused(Exception):
    """Why the file is not accepted, in Spanish."""


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    media_type: str
    content: bytes


def _stored(content: bytes, media_type: str) -> StoredFile:
    return StoredFile(hashlib.sha256(content).hexdigest(), media_type, content)


def clean_photo(content: bytes) -> StoredFile:
    if len(content) > PHOTO_MAX_BYTES:
        raise FileRefused("La fotografía excede 5 MB.")
    try:
        with Image.open(io.BytesIO(content)) as image:
            if image.format not in PHOTO_FORMATS:
                raise FileRefused("La fotografía debe ser JPEG, PNG o WebP.")
            upright = ImageOps.exif_transpose(image)  # keep it upright, then drop the EXIF
            pixels = upright.convert("RGB")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise FileRefused("El archivo no es una imagen legible.") from None
    pixels.thumbnail((PHOTO_LONG_SIDE, PHOTO_LONG_SIDE))
    bare = Image.new("RGB", pixels.size)
    bare.paste(pixels)  # a new image from the pixels alone: nothing else is copied
    out = io.BytesIO()
    bare.save(out, format="JPEG", quality=85, optimize=True)
    return _stored(out.getvalue(), "image/jpeg")


def check_document(content: bytes) -> StoredFile:
    if len(content) > DOCUMENT_MAX_BYTES:
        raise FileRefused("El documento excede 10 MB.")
    if content.startswith(b"%PDF-"):
        return _stored(content, "application/pdf")
    try:
        with Image.open(io.BytesIO(content)) as image:
            kind = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise FileRefused("El documento debe ser PDF, JPEG o PNG.") from None
    if kind == "JPEG":
        return _stored(content, "image/jpeg")
    if kind == "PNG":
        return _stored(content, "image/png")
    raise FileRefused("El documento debe ser PDF, JPEG o PNG.")
