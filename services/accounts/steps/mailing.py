"""Mailing what waits in the ``mail`` table, when SMTP is configured; a failure is
retried on later ticks (up to the store's limit of attempts)."""

import logging

from contracts.envelope import utc_now
from services.accounts.adapters import smtp
from services.accounts.store import mail
from services.runtime.service_deps import ServiceDeps

log = logging.getLogger(__name__)
MAIL_BATCH = 50


async def send_waiting_mail(deps: ServiceDeps) -> None:
    if not deps.settings.smtp_host:
        return
    for waiting in await mail.unsent_mail(deps.pool, MAIL_BATCH):
        try:
            await smtp.send(deps.settings, waiting.message())
        except smtp.MailNotSent as error:
            log.warning(
                "mail not sent", extra={"message_id": waiting.message_id, "error": str(error)}
            )
            await mail.mark_mail_failed(deps.pool, waiting.message_id, str(error))
            continue
        await mail.mark_mail_sent(deps.pool, waiting.message_id, utc_now())
