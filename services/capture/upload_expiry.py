"""Forgetting uploads no request took: abandoned halfway, or complete but never used.

Their chunks are kept ``upload_expiry_s`` after the last one arrived, then deleted, each
deletion an activity entry; so a refused or abandoned file holds no space, and no quota
of its account, for long.
"""

import datetime as dt

from contracts.activity import ActivityTarget, Outcome
from contracts.envelope import utc_now
from services.capture import store
from services.runtime.activity import record_activity
from services.runtime.service_deps import ServiceDeps
from services.runtime.timers import Timer


async def expire_uploads(deps: ServiceDeps) -> None:
    cutoff = utc_now() - dt.timedelta(seconds=deps.settings.upload_expiry_s)
    async with deps.pool.acquire() as conn, conn.transaction():
        for gone in await store.expire_uploads(conn, cutoff):
            await record_activity(
                conn,
                deps.outbox,
                action="upload.expire",
                outcome=Outcome.OK,
                target=ActivityTarget(kind="upload", id=gone["upload_id"]),
                detail={"cuenta": gone["uploaded_by"], "bytes": int(gone["size"])},
            )


UPLOAD_EXPIRY_TIMER = Timer("capture.upload-expiry", 5.0, expire_uploads)
