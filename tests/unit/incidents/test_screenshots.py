"""Screenshots attached to an incident report, judged by their content: a PNG or a JPEG
kept from its pixels alone, anything else refused in Spanish (issue 16)."""

import io
import random
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from contracts.incidents import SCREENSHOTS_PER_REPORT
from services.incidents.domain.screenshots import (
    ScreenshotRefused,
    accept_screenshot,
    accept_screenshots,
)
from tests.support.photos import GPS_TAG, photo_with_gps

APPENDED = b"<html><script>alert(document.cookie)</script></html>"


def screen(size: tuple[int, int] = (800, 600), fmt: str = "PNG") -> bytes:
    """A screen with a dark bar of text-like stripes on white, as a screenshot has."""
    image = Image.new("RGB", size, (255, 255, 255))
    for x in range(20, min(size[0], 400), 3):
        image.paste((20, 20, 20), (x, 20, x + 1, 32))
    out = io.BytesIO()
    image.save(out, format=fmt)
    return out.getvalue()


def declaring(png: bytes, width: int, height: int) -> bytes:
    """``png`` with its header (IHDR) rewritten to declare ``width`` × ``height`` pixels,
    its checksum made right: a few hundred bytes whose pixels could never be decoded."""
    start = 8 + 8  # the signature, then the IHDR chunk's length and type
    header = struct.pack(">II", width, height) + png[start + 8 : start + 13]
    crc = struct.pack(">I", zlib.crc32(b"IHDR" + header))
    return png[:start] + header + crc + png[start + 17 :]


def test_a_png_screenshot_stays_a_png_pixel_for_pixel_without_its_metadata_or_payload() -> None:
    original = photo_with_gps(size=(640, 480), fmt="PNG") + APPENDED
    with Image.open(io.BytesIO(original)) as image:
        assert GPS_TAG in image.getexif()
        original_pixels = image.convert("RGB").tobytes()
    kept = accept_screenshot(original)
    assert kept.media_type == "image/png" and len(kept.sha256) == 64
    assert APPENDED not in kept.content and b"<script>" not in kept.content
    with Image.open(io.BytesIO(kept.content)) as image:
        assert image.format == "PNG" and image.size == (640, 480)
        assert not image.getexif() and "exif" not in image.info
        assert image.convert("RGB").tobytes() == original_pixels  # text stays sharp


def test_a_jpeg_screenshot_stays_a_jpeg_at_its_size_without_gps_or_payload() -> None:
    original = photo_with_gps(fmt="JPEG") + APPENDED  # 3,000 × 2,000 px, a camera's GPS
    kept = accept_screenshot(original)
    assert kept.media_type == "image/jpeg"
    assert APPENDED not in kept.content and b"GPS" not in kept.content
    with Image.open(io.BytesIO(kept.content)) as image:
        assert image.format == "JPEG" and image.size == (3000, 2000)
        assert not image.getexif() and "exif" not in image.info


def test_a_screenshot_taken_sideways_is_kept_upright() -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: the phone was turned; show it rotated 90°
    out = io.BytesIO()
    Image.new("RGB", (300, 200), (0, 90, 200)).save(out, format="JPEG", exif=exif)
    with Image.open(io.BytesIO(accept_screenshot(out.getvalue()).content)) as image:
        assert image.size == (200, 300) and not image.getexif()


def test_only_a_screenshot_wider_than_4000_px_is_scaled_down() -> None:
    with Image.open(io.BytesIO(accept_screenshot(screen((3840, 1080))).content)) as image:
        assert image.size == (3840, 1080)  # two full-HD screens side by side, kept
    with Image.open(io.BytesIO(accept_screenshot(screen((5000, 1000))).content)) as image:
        assert image.size == (4000, 800) and image.format == "PNG"


def test_a_windows_program_named_captura_png_is_refused(tmp_path: Path) -> None:
    program = tmp_path / "captura.png"
    program.write_bytes(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 50 + b"PE\x00\x00" * 64)
    with pytest.raises(ScreenshotRefused, match=r"^La captura de pantalla debe ser una imagen"):
        accept_screenshot(program.read_bytes())


def test_a_pdf_is_not_a_screenshot() -> None:
    with pytest.raises(ScreenshotRefused, match="PNG o JPEG"):
        accept_screenshot(b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n")


def test_a_gif_is_not_a_screenshot() -> None:
    out = io.BytesIO()
    Image.new("P", (40, 30)).save(out, format="GIF")
    with pytest.raises(ScreenshotRefused, match="PNG o JPEG"):
        accept_screenshot(out.getvalue())


def test_a_screenshot_of_6_mb_is_refused() -> None:
    noise = random.Random(16).randbytes(1450 * 1450 * 3)  # incompressible: a 6 MB PNG
    out = io.BytesIO()
    Image.frombytes("RGB", (1450, 1450), noise).save(out, format="PNG")
    assert len(out.getvalue()) > 6_000_000
    with pytest.raises(ScreenshotRefused, match="pesa más de 5 MB"):
        accept_screenshot(out.getvalue())


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")  # Pillow's, at 40 M
@pytest.mark.parametrize("size", [(10_000, 10_000), (7_000, 7_000), (12_000, 100)])
def test_a_decompression_bomb_is_refused_by_its_header_before_decoding(
    size: tuple[int, int],
) -> None:
    """Its pixels are a 10 × 10 image's: had it been decoded, it would be refused as
    damaged; it is refused as too large, so only its header was read."""
    bomb = declaring(screen((10, 10)), *size)
    assert len(bomb) < 1000
    assert struct.unpack(">II", bomb[16:24]) == size
    with pytest.raises(ScreenshotRefused, match="demasiado grande"):
        accept_screenshot(bomb)


def test_a_damaged_screenshot_is_refused_as_such() -> None:
    cut = screen()[:-200]
    with pytest.raises(ScreenshotRefused, match="dañada o incompleta"):
        accept_screenshot(cut)


def test_a_report_takes_at_most_five_screenshots() -> None:
    five = [screen(fmt="PNG"), screen(fmt="JPEG")] + [screen()] * 3
    assert [kept.media_type for kept in accept_screenshots(five)][:2] == [
        "image/png",
        "image/jpeg",
    ]
    with pytest.raises(ScreenshotRefused, match="a lo más 5"):
        accept_screenshots([*five, screen()])
    assert len(five) == SCREENSHOTS_PER_REPORT
