"""The accounts service's timers: sending the e-mail that waits (steps/mailing.py), and
reminding the parties that have not designated their supervisor (steps/reminding.py)."""

from contracts.envelope import utc_now
from services.accounts.steps.mailing import send_waiting_mail
from services.accounts.steps.reminding import remind_designations
from services.runtime.service_deps import ServiceDeps
from services.runtime.timers import Timer


async def send_mail(deps: ServiceDeps) -> None:
    """Every two seconds: what waits goes out, if SMTP is configured."""
    await send_waiting_mail(deps)


async def remind(deps: ServiceDeps) -> None:
    """Every hour: each party without a supervisor, within a week of the last day, once."""
    async with deps.pool.acquire() as conn, conn.transaction():
        await remind_designations(conn, utc_now())


MAIL_TIMER = Timer("accounts.send-mail", 2.0, send_mail)
DESIGNATION_TIMER = Timer("accounts.designation-reminders", 3600.0, remind)
TIMERS = [MAIL_TIMER, DESIGNATION_TIMER]
