"""Uploaded files judged by content; a photo's metadata (GPS!) never survives."""

import io

import pytest
from PIL import Image

from services.capture.domain.media import FileRefused, check_document, clean_photo
from tests.support.photos import photo_with_gps


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_a_photo_loses_its_gps_and_camera_and_is_resized(fmt: str) -> None:
    original = photo_with_gps(fmt=fmt)
    assert b"GPS" in original or Image.open(io.BytesIO(original)).getexif()
    cleaned = clean_photo(original)
    with Image.open(io.BytesIO(cleaned.content)) as image:
        assert image.format == "JPEG"
        assert max(image.size) == 1000
        assert not image.getexif()
        assert "exif" not in image.info
    assert cleaned.media_type == "image/jpeg" and len(cleaned.sha256) == 64


def test_a_file_named_like_a_photo_but_not_one_is_refused() -> None:
    with pytest.raises(FileRefused, match="no es una imagen"):
        clean_photo(b"%PDF-1.7 fingiendo ser foto")


def test_documents_are_pdf_jpeg_or_png_by_content() -> None:
    assert check_document(b"%PDF-1.7\n...\n%%EOF").media_type == "application/pdf"
    png = io.BytesIO()
    Image.new("RGB", (10, 10)).save(png, format="PNG")
    assert check_document(png.getvalue()).media_type == "image/png"
    with pytest.raises(FileRefused):
        check_document(b"GIF89a no es aceptado")
    with pytest.raises(FileRefused, match="10 MB"):
        check_document(b"%PDF-" + b"0" * (10 * 1024 * 1024) + b"%%EOF")


def bomb_png(side: int = 10_900) -> bytes:
    """A 1-bit PNG of ``side`` × ``side`` pixels: a few KB that would decode to hundreds of MB."""
    out = io.BytesIO()
    Image.new("1", (side, side)).save(out, format="PNG", optimize=True)
    return out.getvalue()


def test_a_decompression_bomb_is_refused_by_its_header_before_decoding() -> None:
    bomb = bomb_png()
    assert len(bomb) < 100_000
    with pytest.raises(FileRefused, match="demasiado grande"):
        clean_photo(bomb)
    with pytest.raises(FileRefused, match="demasiado grande"):
        check_document(bomb)


def test_an_image_document_with_html_appended_is_served_from_its_pixels_alone() -> None:
    png = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 200, 30)).save(png, format="PNG")
    smuggled = png.getvalue() + b"<html><script>alert(document.cookie)</script></html>"
    document = check_document(smuggled)
    assert b"<script>" not in document.content and b"<html>" not in document.content
    with Image.open(io.BytesIO(document.content)) as image:
        assert image.size == (40, 30) and image.format == "PNG"


def test_a_pdf_with_anything_after_its_end_is_refused() -> None:
    assert check_document(b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n").media_type == (
        "application/pdf"
    )
    with pytest.raises(FileRefused, match="PDF"):
        check_document(b"%PDF-1.7\n%%EOF\n<html><script>alert(1)</script></html>")
    with pytest.raises(FileRefused, match="PDF"):
        check_document(b"%PDF-1.7 sin final")
