"""A service's ``Document`` reply as an HTTP response."""

import base64

from aiohttp import web

from contracts.requests import Document


def document_response(
    document: Document, *, attachment: bool = True, immutable: bool = False
) -> web.Response:
    """``attachment``: offered as a download; ``immutable``: content-addressed, cacheable."""
    headers = {"Cache-Control": "private, max-age=31536000, immutable"} if immutable else {}
    if attachment:
        headers["Content-Disposition"] = f'attachment; filename="{document.filename}"'
    return web.Response(
        body=base64.b64decode(document.content_base64),
        content_type=document.media_type,
        headers=headers,
    )
