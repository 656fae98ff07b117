"""Searching the log: a page of entries, and an entry saying who searched for what."""

from contracts.activity import Outcome
from contracts.audit import EntryPage, EntrySearch, EntrySort
from services.audit import store
from services.audit.domain.access import LogView
from services.audit.domain.log import logged_entry
from services.runtime.activity import record_activity
from services.runtime.service_deps import ServiceDeps


async def search_entries(
    deps: ServiceDeps,
    view: LogView,
    search: EntrySearch,
    *,
    request_id: str | None,
    client_address: str | None,
) -> EntryPage:
    filters = search.model_dump(include=set(store.SEARCH_FILTERS), exclude_none=True)
    async with deps.pool.acquire() as conn, conn.transaction():
        found, total = await store.search_entries(
            conn,
            filters,
            newest_first=search.orden is EntrySort.NEWEST_FIRST,
            limit=search.por_pagina,
            offset=(search.pagina - 1) * search.por_pagina,
            party_id=view.party_id,
            candidacy_id=view.candidacy_id,
        )
        await record_activity(
            conn,
            deps.outbox,
            action="activity_log.search",
            outcome=Outcome.OK,
            principal=view.principal,
            request_id=request_id,
            client_address=client_address,
            detail={"filtros": sorted(filters), "vista": "completa" if view.whole else "propia"},
        )
    return EntryPage(
        entries=[logged_entry(entry.seq, entry.leaf) for entry in found],
        pagina=search.pagina,
        por_pagina=search.por_pagina,
        total=total,
    )
