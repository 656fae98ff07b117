"""Notices: another service's notice lands in the account's inbox and, when the account
has an address, in e-mail — through SMTP when configured, else in the local mailbox that
admins read."""

from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from contracts.accounts import SendNotice
from services.accounts.service import definition as accounts
from services.launcher.embedded import free_port
from services.runtime.requests import RequestClient
from services.runtime.settings import Settings
from tests.support.accounts import activate, bearer, sign_in, signed_in_admin
from tests.support.gateway import gateway_client
from tests.support.hosts import running
from tests.support.waiting import eventually

pytestmark = pytest.mark.timeout(120)


class Catcher:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


async def issue_and_sign_in(client: Any, admin: str, user: str) -> tuple[str, str]:
    issued = await client.post(
        "/api/v1/cuentas/personal",
        headers=bearer(admin),
        json={"rol": "ine", "nombre": "Enlace INE", "usuario": user, "correo": f"{user}@ine.mx"},
    )
    account = (await issued.json())["accounts"][0]
    await activate(client, account["codigo"])
    session = await (await sign_in(client, user)).json()
    return account["account_id"], session["access_token"]


async def send_notice(host: Any, account_id: str) -> None:
    services = RequestClient(host.broker, host.settings.bus_prefix, 5.0)
    await services.call(
        "accounts",
        "notice.send",
        SendNotice(
            account_id=account_id,
            subject="Observación de moderación",
            body="Se deshabilitó la publicación del campo «propuesta 1».",
        ),
        request_id="prueba",
    )


async def test_a_notice_reaches_the_inbox_and_the_local_mailbox(fresh: Settings) -> None:
    async with running(fresh, accounts) as hosts, gateway_client(fresh) as client:
        admin, _ = await signed_in_admin(fresh, client)
        account_id, token = await issue_and_sign_in(client, admin, "enlace.ine")
        await send_notice(hosts[0], account_id)

        inbox = await (await client.get("/api/v1/avisos", headers=bearer(token))).json()
        assert inbox["unread"] == 1
        [notice] = [n for n in inbox["notices"] if n["subject"] == "Observación de moderación"]
        read = await client.post(
            f"/api/v1/avisos/{notice['notice_id']}/leido", headers=bearer(token)
        )
        assert read.status == 204
        inbox = await (await client.get("/api/v1/avisos", headers=bearer(token))).json()
        assert inbox["unread"] == 0

        mailbox = await (await client.get("/api/v1/correo-local", headers=bearer(admin))).json()
        assert sorted((m["subject"], m["to"], m["sent_at"]) for m in mailbox["messages"]) == [
            ("Observación de moderación", "enlace.ine@ine.mx", None),
            ("Se le emitió una cuenta en Conóceles", "enlace.ine@ine.mx", None),
        ]
        refused = await client.get("/api/v1/correo-local", headers=bearer(token))
        assert refused.status == 403


async def test_with_smtp_configured_the_notice_is_e_mailed(fresh: Settings) -> None:
    catcher = Catcher()
    port = free_port()
    controller = Controller(catcher, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        settings = fresh.model_copy(
            update={"smtp_host": "127.0.0.1", "smtp_port": port, "smtp_starttls": False}
        )
        async with running(settings, accounts) as hosts, gateway_client(settings) as client:
            admin, _ = await signed_in_admin(settings, client)
            account_id, _ = await issue_and_sign_in(client, admin, "correo.ine")
            await send_notice(hosts[0], account_id)

            async def delivered() -> int:
                return len(catcher.messages)

            await eventually(delivered, lambda n: n == 2, what="e-mails delivered")
            [message] = [m for m in catcher.messages if "moderación" in m["Subject"]]
            assert message["To"] == "correo.ine@ine.mx"
            assert message["Subject"] == "Observación de moderación"
            assert "propuesta 1" in message.get_content()
    finally:
        controller.stop()
