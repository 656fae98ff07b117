"""Sending one e-mail through the SMTP server the settings name."""

from email.message import EmailMessage

import aiosmtplib

from contracts.accounts import MailMessage
from services.runtime.settings import Settings

SEND_TIMEOUT_S = 10


class MailNotSent(Exception):
    """The SMTP server refused the message or could not be reached; it is tried again."""


def _message(settings: Settings, mail: MailMessage) -> EmailMessage:
    message = EmailMessage()
    message["From"] = settings.smtp_sender
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message["Message-ID"] = f"<{mail.message_id}@{settings.instance}.conoceles>"
    message.set_content(mail.body)
    return message


async def send(settings: Settings, mail: MailMessage) -> None:
    try:
        await aiosmtplib.send(
            _message(settings, mail),
            hostname=settings.smtp_host,
            port=settings.smtp_port,
            username=settings.smtp_user,
            password=settings.smtp_password,
            start_tls=settings.smtp_starttls,
            timeout=SEND_TIMEOUT_S,
        )
    except (aiosmtplib.SMTPException, OSError) as error:
        raise MailNotSent(str(error)) from error
