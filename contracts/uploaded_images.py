"""Images people upload, judged by their content, never by their name or declared type.

Capture's photos and consent documents and the screenshots of an incident report are
all judged here, so that every service refuses the same files for the same reasons: the
format is the one Pillow finds in the bytes (a Windows program named ``captura.png`` is
not a PNG), the file is refused by its byte size, then by the size its header declares
before a pixel is decoded — a few KB of 1-bit PNG can declare a hundred million pixels,
hundreds of MB once decoded, and Pillow itself only refuses at twice its limit — and
what is kept is a new image made from the decoded pixels alone, turned upright by its
EXIF orientation: no metadata survives (no GPS position, no camera, no date), and
nothing appended after the image's end (an HTML page, a script, a program) is ever
served back.

Kept in contracts because a service's domain may import nothing but contracts, and every
service that accepts an image must judge it the same way; each service raises its own
exception from ``ImageRefused``, with the Spanish reason it carries.
"""

import hashlib
import io
from collections.abc import Mapping
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_PIXELS = 40_000_000  # a 40-megapixel camera's photo or a 600 dpi scan of a letter page
MAX_SIDE = 10_000
Image.MAX_IMAGE_PIXELS = MAX_PIXELS  # and Pillow's own guard, for any other path

TOO_LARGE = (
    f"La imagen es demasiado grande: el máximo es {MAX_PIXELS // 1_000_000} millones de "
    f"píxeles y {MAX_SIDE} en cada lado."
)


class ImageRefused(Exception):
    """Why the image is not accepted, in Spanish, for the service to raise as its own."""


@dataclass(frozen=True)
class Encoding:
    """How the kept image is written: its format, media type and Pillow's save options.

    ``kept_modes`` are the pixel modes written as they are (a PNG's grey or transparent
    pixels); any other mode becomes RGB, the one every format here can write.
    """

    format: str
    media_type: str
    quality: int | None = None
    optimize: bool = False
    kept_modes: frozenset[str] = frozenset()

    def mode_for(self, mode: str) -> str:
        return mode if mode in self.kept_modes else "RGB"


PNG = Encoding("PNG", "image/png", optimize=True, kept_modes=frozenset({"1", "L", "RGB", "RGBA"}))
"""Lossless: a scan's or a screenshot's text stays sharp."""


def jpeg(quality: int, *, optimize: bool = False) -> Encoding:
    return Encoding("JPEG", "image/jpeg", quality=quality, optimize=optimize)


@dataclass(frozen=True)
class ImageRule:
    """What one kind of upload accepts, and the Spanish reason for each refusal.

    ``encodings`` maps each accepted format (Pillow's name for what it found in the
    bytes: ``"JPEG"``, ``"PNG"``, ``"WEBP"``) to how the kept image is written; any other
    format is refused with ``wrong_kind``. ``unreadable`` is said of bytes that are no
    image at all, ``undecodable`` of an image whose pixels cannot be read (cut short,
    damaged). ``long_side``, when given, is the most the kept image measures on its
    longer side; a larger one is scaled down to it, a smaller one kept as it is.
    """

    encodings: Mapping[str, Encoding]
    max_bytes: int
    too_heavy: str
    wrong_kind: str
    unreadable: str
    undecodable: str
    long_side: int | None = None


@dataclass(frozen=True)
class KeptImage:
    """The re-encoded image, as it is stored and served, and its SHA-256."""

    content: bytes
    media_type: str
    sha256: str


def _opened(content: bytes, rule: ImageRule) -> Image.Image:
    """The image with only its header read, refused when its declared size is too large."""
    try:
        image = Image.open(io.BytesIO(content))
    except Image.DecompressionBombError:
        raise ImageRefused(TOO_LARGE) from None
    except (UnidentifiedImageError, OSError):
        raise ImageRefused(rule.unreadable) from None
    if image.format not in rule.encodings:
        image.close()
        raise ImageRefused(rule.wrong_kind)
    width, height = image.size
    if width * height > MAX_PIXELS or max(width, height) > MAX_SIDE:
        image.close()
        raise ImageRefused(f"{TOO_LARGE} Esta mide {width} × {height} píxeles.")
    return image


def _pixels(image: Image.Image, mode: str, undecodable: str) -> Image.Image:
    """A new image from the decoded pixels alone: nothing else of the file is copied."""
    try:
        upright = ImageOps.exif_transpose(image)  # keep it upright, then drop the EXIF
        pixels = upright.convert(mode)
    except (OSError, ValueError, Image.DecompressionBombError):
        raise ImageRefused(undecodable) from None
    bare = Image.new(mode, pixels.size)
    bare.paste(pixels)
    return bare


def reencoded(content: bytes, rule: ImageRule) -> KeptImage:
    """The image ``content`` holds, made anew from its pixels, or ``ImageRefused``."""
    if len(content) > rule.max_bytes:
        raise ImageRefused(rule.too_heavy)
    with _opened(content, rule) as image:
        encoding = rule.encodings[str(image.format)]
        bare = _pixels(image, encoding.mode_for(image.mode), rule.undecodable)
    if rule.long_side is not None:
        bare.thumbnail((rule.long_side, rule.long_side))
    out = io.BytesIO()
    options: dict[str, int | bool] = {"optimize": encoding.optimize}
    if encoding.quality is not None:
        options["quality"] = encoding.quality
    bare.save(out, format=encoding.format, **options)
    kept = out.getvalue()
    return KeptImage(kept, encoding.media_type, hashlib.sha256(kept).hexdigest())
