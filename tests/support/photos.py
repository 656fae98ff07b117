"""A candidacy's photo for tests: uploaded as people do, so the draft may name it."""

import io
from typing import Any

from PIL import Image

from tests.support.accounts import bearer

GPS_TAG = 0x8825


def photo_with_gps(size: tuple[int, int] = (3000, 2000), fmt: str = "JPEG") -> bytes:
    image = Image.new("RGB", size, (180, 40, 90))
    exif = Image.Exif()
    exif[0x010F] = "Cámara de prueba"  # Make
    exif[GPS_TAG] = {1: "N", 2: (25.0, 40.0, 0.0), 3: "W", 4: (100.0, 18.0, 0.0)}
    out = io.BytesIO()
    image.save(out, format=fmt, exif=exif)
    return out.getvalue()


def small_photo(colour: tuple[int, int, int] = (120, 90, 60)) -> bytes:
    """A small portrait; another ``colour``, another photo (another SHA-256)."""
    out = io.BytesIO()
    Image.new("RGB", (300, 400), colour).save(out, format="JPEG")
    return out.getvalue()


async def upload_photo(
    client: Any, token: str, candidacy_id: str, persona: str = "propietaria"
) -> str:
    """The photo's SHA-256, now the ``fotografia`` answer of the candidacy's ``persona``."""
    response = await client.post(
        f"/api/v1/candidaturas/{candidacy_id}/fotografia",
        params={"persona": persona},
        data=small_photo(),
        headers=bearer(token),
    )
    assert response.status == 200, await response.text()
    return str((await response.json())["sha256"])
