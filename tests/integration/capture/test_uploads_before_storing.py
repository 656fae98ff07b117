"""An upload is authorised by what it is for before a byte is stored, an account holds at
most its quota of unfinished uploads, and an abandoned upload is forgotten."""

import base64
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg
import pytest
from faststream.nats import NatsBroker

from contracts.capture import UploadChunk, UploadPurpose
from contracts.requests import Principal
from services.capture.service import definition as capture
from services.runtime import database
from services.runtime.requests import RequestClient, RequestFailed
from services.runtime.settings import Settings
from tests.support.hosts import running
from tests.support.waiting import eventually

pytestmark = pytest.mark.timeout(120)

ADMIN = Principal(account_id="adm-1", role="admin", election_id="2027")
CANDIDATE = Principal(
    account_id="cand-1", role="candidate", election_id="2027", candidacy_id="F-PAN-1"
)
CHUNK = 512 * 1024


@asynccontextmanager
async def capture_bus(settings: Settings) -> AsyncIterator[RequestClient]:
    broker = NatsBroker(settings.require_nats_urls())
    await broker.connect()
    try:
        yield RequestClient(broker, settings.bus_prefix, 10.0)
    finally:
        await broker.stop()


async def send_chunk(
    bus: RequestClient, principal: Principal, upload_id: str, index: int, total: int = 2
) -> None:
    chunk = UploadChunk(
        upload_id=upload_id,
        purpose=UploadPurpose.REGISTRY,
        target="2027",
        index=index,
        total=total,
        content_base64=base64.b64encode(b"x" * CHUNK).decode(),
    )
    await bus.call("capture", "upload.chunk", chunk, request_id="prueba", principal=principal)


async def stored_bytes(settings: Settings) -> int:
    conn = await asyncpg.connect(database.admin_dsn(settings, database=settings.instance))
    try:
        return int(
            await conn.fetchval("SELECT coalesce(sum(octet_length(data)), 0) FROM capture.uploads")
        )
    finally:
        await conn.close()


async def test_a_candidate_accounts_registry_upload_is_refused_and_stores_nothing(
    fresh: Settings,
) -> None:
    async with running(fresh, capture), capture_bus(fresh) as bus:
        with pytest.raises(RequestFailed) as refused:
            await send_chunk(bus, CANDIDATE, str(uuid.uuid4()), 0)
        assert refused.value.error.code == "sin-permiso"
        assert "administración" in refused.value.error.detail
        assert await stored_bytes(fresh) == 0


async def test_an_abandoned_upload_is_gone_after_its_expiry(fresh: Settings) -> None:
    settings = fresh.model_copy(update={"upload_expiry_s": 1.0})
    async with running(settings, capture), capture_bus(settings) as bus:
        await send_chunk(bus, ADMIN, str(uuid.uuid4()), 0)  # the second chunk never comes
        assert await stored_bytes(settings) == CHUNK
        await eventually(
            lambda: stored_bytes(settings),
            lambda n: n == 0,
            timeout_s=30,
            what="the abandoned upload expired",
        )


async def test_an_account_cannot_hold_more_unfinished_uploads_than_its_quota(
    fresh: Settings,
) -> None:
    settings = fresh.model_copy(update={"upload_pending_max_bytes": 3 * CHUNK})
    async with running(settings, capture), capture_bus(settings) as bus:
        first, second = str(uuid.uuid4()), str(uuid.uuid4())
        await send_chunk(bus, ADMIN, first, 0)
        await send_chunk(bus, ADMIN, first, 1)
        await send_chunk(bus, ADMIN, second, 0)
        with pytest.raises(RequestFailed) as refused:
            await send_chunk(bus, ADMIN, second, 1)
        assert refused.value.error.code == "contenido-demasiado-grande"  # a 413
        assert "MB" in refused.value.error.detail
        assert await stored_bytes(settings) == 2 * CHUNK  # the refused upload is dropped whole
