"""The accounts service's timers: sending the e-mail that waits (steps/mailing.py)."""

from services.accounts.steps.mailing import send_waiting_mail
from services.runtime.service_deps import ServiceDeps
from services.runtime.timers import Timer


async def send_mail(deps: ServiceDeps) -> None:
    """Every two seconds: what waits goes out, if SMTP is configured."""
    await send_waiting_mail(deps)


MAIL_TIMER = Timer("accounts.send-mail", 2.0, send_mail)
TIMERS = [MAIL_TIMER]
