"""The verifiers' queue of one election, a page at a time (DESIGN §5)."""

from math import ceil

from contracts.moderation import QueueFilters, QueueItem, ReviewQueue
from services.moderation.domain.reviewers import check_may_review
from services.moderation.steps.recording import SignedIn
from services.moderation.store import queue
from services.runtime.connections import Connection


async def review_queue(conn: Connection, filters: QueueFilters, caller: SignedIn) -> ReviewQueue:
    check_may_review(caller.principal, filters.eleccion)
    rows, total = await queue.queue_page(conn, filters), await queue.queue_count(conn, filters)
    return ReviewQueue(
        items=[QueueItem.model_validate(row.model_dump()) for row in rows],
        total=total,
        pagina=filters.pagina,
        por_pagina=filters.por_pagina,
        paginas=ceil(total / filters.por_pagina),
    )
