"""The ``elections`` table: where each election's institute is, what its profile says
an incident is due by and whether the bitácora is reported to the institute's transparency
commission (003 §34), from ``election.configured``."""

import datetime as dt

from contracts.events.capture import ElectionConfigured
from contracts.profile import IncidentSla
from services.runtime.typed_rows import Conn, Row

DEFAULT_TIME_ZONE = "America/Mexico_City"


class IncidentRules(Row):
    time_zone: str
    sla: IncidentSla
    non_working_days: list[dt.date]
    reported_to_commission: bool


async def upsert_election(conn: Conn, election: ElectionConfigured, now: dt.datetime) -> None:
    rules = election.rules
    sla = IncidentSla.NEXT_BUSINESS_DAY if rules is None else rules.incidents.sla
    commission = rules is not None and rules.incidents.report_to_transparency_commission
    await conn.execute(
        """INSERT INTO elections (election_id, time_zone, sla, non_working_days,
               reported_to_commission, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (election_id) DO UPDATE SET time_zone = $2, sla = $3,
               non_working_days = $4, reported_to_commission = $5, updated_at = $6""",
        election.election_id,
        election.time_zone,
        sla.value,
        election.catalogue.non_working_days,
        commission,
        now,
    )


async def rules_for(conn: Conn, election_id: str | None) -> IncidentRules:
    """The rules of the election named, or else of the last one configured (one
    deployment is one institute), or else the common rule where none is known yet."""
    found = await IncidentRules.one(
        conn,
        f"""SELECT {IncidentRules.columns()} FROM elections
             ORDER BY election_id = $1::text DESC NULLS LAST, updated_at DESC LIMIT 1""",
        election_id,
    )
    if found is not None:
        return found
    return IncidentRules(
        time_zone=DEFAULT_TIME_ZONE,
        sla=IncidentSla.NEXT_BUSINESS_DAY,
        non_working_days=[],
        reported_to_commission=False,
    )
