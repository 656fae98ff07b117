"""A candidacy's photo for tests: uploaded as people do, so the draft may name it."""

import io
from typing import Any

from PIL import Image

from tests.support.accounts import bearer


def small_photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (300, 400), (120, 90, 60)).save(out, format="JPEG")
    return out.getvalue()


async def upload_photo(client: Any, token: str, candidacy_id: str) -> str:
    """The photo's SHA-256, now the candidacy's ``fotografia`` answer."""
    response = await client.post(
        f"/api/v1/candidaturas/{candidacy_id}/fotografia", data=small_photo(), headers=bearer(token)
    )
    assert response.status == 200, await response.text()
    return str((await response.json())["sha256"])
