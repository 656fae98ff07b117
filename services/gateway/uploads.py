"""Handing a file to capture in bus-sized chunks, for the API and the pages alike."""

import base64
import uuid

from aiohttp import web

from contracts.capture import UploadChunk, UploadPurpose
from contracts.operations import capture as capture_operations
from services.gateway.calls import ask

CHUNK_BYTES = 512 * 1024  # base64 of it fits a NATS server's default 1 MB payload


async def send_file(
    request: web.Request, content: bytes, purpose: UploadPurpose, target: str
) -> str:
    """Hand a file to capture in bus-sized chunks; the upload id names it. Each chunk says
    what the file is for, so capture refuses the first one of a file the caller may not
    send, before storing it."""
    upload_id = str(uuid.uuid4())
    total = max(1, -(-len(content) // CHUNK_BYTES))
    for index in range(total):
        piece = content[index * CHUNK_BYTES : (index + 1) * CHUNK_BYTES]
        chunk = UploadChunk(
            upload_id=upload_id,
            purpose=purpose,
            target=target,
            index=index,
            total=total,
            content_base64=base64.b64encode(piece).decode(),
        )
        await ask(request, capture_operations.UPLOAD_CHUNK, chunk)
    return upload_id
