"""Reading the bitácora (000 §6.2, 004 §36: the admin «podrá consultar»): support and the
admin see every incident, filtered by date, status, module, source and reporter; anyone
else sees only the reports they made (or that support filed for them)."""

from contracts.envelope import utc_now
from contracts.incidents import IncidentList, IncidentQuery, IncidentRef, IncidentView
from services.incidents.domain.errors import NO_INCIDENT, NotFound
from services.incidents.domain.lifecycle import may_see_all
from services.incidents.steps.recording import SignedIn
from services.incidents.steps.viewing import view_of, whole_view
from services.incidents.store import elections, incidents
from services.incidents.store.incidents import Filters
from services.runtime.typed_rows import Conn


async def get(conn: Conn, ref: IncidentRef, caller: SignedIn) -> IncidentView:
    row = await incidents.incident(conn, ref.incident_id)
    mine = row is not None and row.reporter == caller.principal.account_id
    if row is None or not (mine or may_see_all(caller.principal)):
        raise NotFound(NO_INCIDENT)  # another's report is not there for them
    return await whole_view(conn, ref.incident_id, utc_now())


async def listing(conn: Conn, query: IncidentQuery, caller: SignedIn) -> IncidentList:
    reporter = query.reporter
    if not may_see_all(caller.principal):
        reporter = caller.principal.account_id
    filters = Filters(
        status=query.status,
        module=query.module,
        source=query.source,
        reporter=reporter,
        since=query.since,
        until=query.until,
    )
    offset = (query.page - 1) * query.per_page
    rows, total = await incidents.search(conn, filters, query.per_page, offset)
    rules = await elections.rules_for(conn, caller.principal.election_id)
    now = utc_now()
    return IncidentList(
        incidents=[view_of(row, now) for row in rows],
        total=total,
        page=query.page,
        per_page=query.per_page,
        reported_to_commission=rules.report_to_commission,
    )
