"""Every route of the gateway is added here, in one place."""

from aiohttp import web

from services.gateway.api import api
from services.gateway.routes import (
    account_pages,
    accounts,
    accounts_console_pages,
    audit,
    audit_console,
    capture,
    capture_pages,
    docs,
    health,
    portal,
    privacy_notice,
    questionnaire_pages,
    registry_pages,
)

__all__ = [
    "account_pages",
    "accounts",
    "accounts_console_pages",
    "audit",
    "audit_console",
    "capture",
    "capture_pages",
    "docs",
    "health",
    "portal",
    "privacy_notice",
    "questionnaire_pages",
    "registry_pages",
    "setup_routes",
]


def setup_routes(app: web.Application) -> None:
    api.add_to(app)
    app.router.add_get("/", portal.home)
    app.router.add_get("/aviso-de-privacidad", privacy_notice.privacy_notice)
    # The accounts' HTML pages (not in the JSON API's registry).
    app.router.add_get("/entrar", account_pages.sign_in_form)
    app.router.add_post("/entrar", account_pages.sign_in)
    app.router.add_post("/salir", account_pages.sign_out)
    app.router.add_get("/activar", account_pages.activation_form)
    app.router.add_post("/activar", account_pages.activate)
    app.router.add_post("/activar/segundo-factor", account_pages.confirm_totp)
    app.router.add_get("/avisos", account_pages.inbox)
    app.router.add_post("/avisos/{notice_id}/leido", account_pages.mark_read)
    app.router.add_get("/consola/cuentas", accounts_console_pages.console)
    app.router.add_post("/consola/cuentas/emitir", accounts_console_pages.issue_scope)
    app.router.add_post("/consola/cuentas/entrega", accounts_console_pages.record_delivery)
    app.router.add_get("/consola/cuentas/acuse", accounts_console_pages.receipt)
    app.router.add_post("/consola/cuentas/personal", accounts_console_pages.issue_staff)
    # Revoking and reissuing: a GET or a POST without «confirmar» asks first.
    app.router.add_get("/consola/cuentas/{account_id}/revocar", accounts_console_pages.revoke)
    app.router.add_post("/consola/cuentas/{account_id}/revocar", accounts_console_pages.revoke)
    app.router.add_get("/consola/cuentas/{account_id}/reemitir", accounts_console_pages.reissue)
    app.router.add_post("/consola/cuentas/{account_id}/reemitir", accounts_console_pages.reissue)
    app.router.add_get("/consola/correo", accounts_console_pages.mailbox)
    app.router.add_get("/consola/subcuentas", accounts_console_pages.sub_accounts)
    app.router.add_post("/consola/subcuentas", accounts_console_pages.create_sub_account)
    app.router.add_get("/consola/subcuentas/{account_id}/revocar", accounts_console_pages.revoke)
    app.router.add_post("/consola/subcuentas/{account_id}/revocar", accounts_console_pages.revoke)
    app.router.add_get("/consola/bitacora", audit_console.console)
    app.router.add_post("/consola/bitacora/verificar", audit_console.verify)
    # The capture console's HTML pages; the queue before {candidacy_id}, which would take it.
    app.router.add_get("/captura", capture_pages.candidacies)
    app.router.add_get("/captura/validacion", capture_pages.validation_queue)
    app.router.add_get("/captura/{candidacy_id}", capture_pages.candidacy)
    app.router.add_post("/captura/{candidacy_id}/fotografia", capture_pages.attach_photo)
    app.router.add_post("/captura/{candidacy_id}/consentimiento", capture_pages.attach_consent)
    app.router.add_post("/captura/{candidacy_id}/aviso-privacidad", capture_pages.accept_privacy)
    app.router.add_get(
        "/captura/{candidacy_id}/formato-consentimiento", capture_pages.consent_format
    )
    app.router.add_post("/captura/{candidacy_id}/envio", capture_pages.submission)
    app.router.add_post("/captura/{candidacy_id}/validar", capture_pages.validate)
    app.router.add_post("/captura/{candidacy_id}/correccion", capture_pages.request_correction)
    questionnaire_path = "/captura/{candidacy_id}/{cuestionario:curricular|identidad}"
    app.router.add_get(questionnaire_path, questionnaire_pages.questionnaire)
    app.router.add_post(questionnaire_path, questionnaire_pages.save_questionnaire)
    app.router.add_get("/consola/registro", registry_pages.registry)
    app.router.add_post("/consola/registro", registry_pages.import_registry)
