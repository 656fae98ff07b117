"""A service's ``Document`` reply as an HTTP response."""

import base64

from aiohttp import web

from contracts.requests import Document


def document_response(document: Document, *, immutable: bool = False) -> web.Response:
    """Always offered as a download, never rendered as a page of this site (an uploaded
    file is someone else's content); an ``<img>`` still shows a photo.
    ``immutable``: content-addressed, cacheable."""
    headers = {"Cache-Control": "private, max-age=31536000, immutable"} if immutable else {}
    headers["Content-Disposition"] = f'attachment; filename="{document.filename}"'
    return web.Response(
        body=base64.b64decode(document.content_base64),
        content_type=document.media_type,
        headers=headers,
    )
