"""Reminding the parties that have not designated their supervisor that it is due before
the campaigns start (000 §4.1, 001 §24, 002 §II.B.1, 003 §23, 004 §24): from a week
before the last day, once per party and election (the notice's key), by the timer
``accounts.designation-reminders`` (one replica at a time)."""

from datetime import datetime
from zoneinfo import ZoneInfo

from contracts.accounts import Scope, ScopeKind
from contracts.roles import Role
from contracts.spanish_dates import long_date
from services.accounts.domain.designation import designate_by, reminder_due
from services.accounts.steps.delivering import supervisor_designated
from services.accounts.steps.notifying import notify
from services.accounts.store import accounts, elections
from services.runtime.connections import Connection

REMINDED_ROLES = (Role.PARTY_ADMIN, Role.CAPTURIST)
"""Who answers for the party's accounts: its administration, else its capture."""


async def remind_designations(conn: Connection, now: datetime) -> int:
    """How many notices went out this time."""
    sent = 0
    for election in await elections.all_elections(conn):
        today = now.astimezone(ZoneInfo(election.time_zone)).date()
        if not reminder_due(today, election.campaigns_start):
            continue
        last = designate_by(election.campaigns_start)
        assert last is not None  # reminder_due says there is a start
        for party in election.parties:
            scope = Scope(kind=ScopeKind.PARTY, id=party.id)
            if await supervisor_designated(conn, election.election_id, scope):
                continue
            body = (
                f"{party.name} aún no designa a su supervisión en el Sistema Conóceles para "
                f"«{election.name}»: el nombre y un medio de contacto (correo o teléfono) de la "
                f"persona responsable. Debe informarse antes del inicio de las campañas, a más "
                f"tardar el {long_date(last)}. Pida al Instituto que registre a la persona "
                "supervisora en la entrega de sus cuentas."
            )
            live = await accounts.live_accounts_in_scope(conn, election.election_id, scope)
            for account in [a for a in live if a.role in REMINDED_ROLES]:
                key = f"designacion-{election.election_id}-{party.id}"
                if await notify(
                    conn, account.account_id, "Falta designar a la supervisión", body, key=key
                ):
                    sent += 1
    return sent
