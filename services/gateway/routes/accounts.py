"""The accounts JSON API: sessions, activation, issuing, deliveries and notices.

Mobile clients sign in here and send ``Authorization: Bearer``; the web console uses the
same services through its pages (account_pages.py).
"""

from aiohttp import web
from pydantic import BaseModel, ValidationError

from contracts.accounts import (
    AccountQuery,
    AccountView,
    Activate,
    ActivationCode,
    ConfirmTotp,
    CreateSubAccount,
    IssueScope,
    IssueStaff,
    RecordDelivery,
    Refresh,
    RoleChange,
    ScopeRef,
    SignIn,
)
from contracts.errors import ErrorCode, ErrorReply
from contracts.operations import accounts as accounts_operations
from services.gateway.api import api
from services.gateway.calls import ask
from services.gateway.forwards import forward
from services.gateway.params import body_of, path_parameter
from services.gateway.state import ACTIVATION_LIMIT, SIGN_IN_LIMIT
from services.runtime.requests import RequestFailed
from services.runtime.validation_messages import field_problems

TAG = "cuentas"
DENIED = (ErrorCode.UNAUTHENTICATED, ErrorCode.FORBIDDEN)

forward(
    "post_session",
    "POST",
    "/api/v1/sesion",
    accounts_operations.SESSION_SIGN_IN,
    summary="Iniciar sesión",
    tag=TAG,
    errors=(ErrorCode.UNAUTHENTICATED, ErrorCode.TOO_MANY_REQUESTS),
    body=SignIn,
    limit=SIGN_IN_LIMIT,
)
forward(
    "post_refresh",
    "POST",
    "/api/v1/sesion/renovacion",
    accounts_operations.SESSION_REFRESH,
    summary="Renovar la sesión (rota el token)",
    tag=TAG,
    errors=(ErrorCode.UNAUTHENTICATED,),
    body=Refresh,
)
forward(
    "delete_session",
    "DELETE",
    "/api/v1/sesion",
    accounts_operations.SESSION_SIGN_OUT,
    summary="Cerrar la sesión",
    tag=TAG,
    errors=(ErrorCode.UNAUTHENTICATED,),
)
forward(
    "post_activation_lookup",
    "POST",
    "/api/v1/activacion/consulta",
    accounts_operations.ACTIVATION_LOOKUP,
    summary="Consultar un código de activación",
    tag=TAG,
    errors=(ErrorCode.NOT_FOUND, ErrorCode.TOO_MANY_REQUESTS),
    body=ActivationCode,
    limit=ACTIVATION_LIMIT,
)
forward(
    "post_activation",
    "POST",
    "/api/v1/activacion",
    accounts_operations.ACTIVATION_ACTIVATE,
    summary="Activar una cuenta con su código",
    tag=TAG,
    errors=(ErrorCode.NOT_FOUND, ErrorCode.INVALID_REQUEST, ErrorCode.TOO_MANY_REQUESTS),
    body=Activate,
    limit=ACTIVATION_LIMIT,
)
forward(
    "post_totp",
    "POST",
    "/api/v1/activacion/segundo-factor",
    accounts_operations.ACTIVATION_CONFIRM_TOTP,
    summary="Confirmar el segundo factor",
    tag=TAG,
    errors=(ErrorCode.NOT_FOUND, ErrorCode.INVALID_REQUEST),
    body=ConfirmTotp,
    limit=ACTIVATION_LIMIT,
)
forward(
    "get_accounts",
    "GET",
    "/api/v1/cuentas",
    accounts_operations.ACCOUNT_LIST,
    summary="Listar cuentas (administración o partido)",
    tag=TAG,
    errors=DENIED,
    query=AccountQuery,
)
forward(
    "post_staff",
    "POST",
    "/api/v1/cuentas/personal",
    accounts_operations.ACCOUNT_ISSUE_STAFF,
    summary="Emitir una cuenta del instituto",
    tag=TAG,
    errors=(*DENIED, ErrorCode.CONFLICT, ErrorCode.INVALID_REQUEST),
    body=IssueStaff,
)
forward(
    "post_scope",
    "POST",
    "/api/v1/cuentas/ambito",
    accounts_operations.ACCOUNT_ISSUE_SCOPE,
    summary="Emitir las cuentas de un partido o independiente",
    tag=TAG,
    errors=(*DENIED, ErrorCode.NOT_FOUND),
    body=IssueScope,
)
forward(
    "post_sub_account",
    "POST",
    "/api/v1/subcuentas",
    accounts_operations.ACCOUNT_CREATE_SUB,
    summary="Crear una subcuenta del propio partido",
    tag=TAG,
    errors=DENIED,
    body=CreateSubAccount,
)
forward(
    "post_revoke",
    "POST",
    "/api/v1/cuentas/{account_id}/revocacion",
    accounts_operations.ACCOUNT_REVOKE,
    summary="Revocar una cuenta",
    tag=TAG,
    errors=(*DENIED, ErrorCode.NOT_FOUND, ErrorCode.CONFLICT),
)
forward(
    "post_reissue",
    "POST",
    "/api/v1/cuentas/{account_id}/reemision",
    accounts_operations.ACCOUNT_REISSUE,
    summary="Reemitir credenciales (las anteriores dejan de valer)",
    tag=TAG,
    errors=(*DENIED, ErrorCode.NOT_FOUND, ErrorCode.CONFLICT),
)


class NewRole(BaseModel):
    rol: str


@api.route(
    "POST",
    "/api/v1/cuentas/{account_id}/rol",
    summary="Cambiar el rol de una cuenta",
    request=NewRole,
    response=AccountView,
    tag=TAG,
    errors=(*DENIED, ErrorCode.NOT_FOUND, ErrorCode.CONFLICT),
)
async def post_role(request: web.Request) -> AccountView:
    body = await body_of(request, NewRole)
    try:
        change = RoleChange.model_validate(
            {"account_id": path_parameter(request, "account_id"), "rol": body.rol}
        )
    except ValidationError as error:
        raise RequestFailed(
            ErrorReply.of(ErrorCode.INVALID_REQUEST, "El rol no existe.").model_copy(
                update={"fields": field_problems(error)}
            )
        ) from None
    return await ask(request, accounts_operations.ACCOUNT_CHANGE_ROLE, change)


forward(
    "get_deliveries",
    "GET",
    "/api/v1/entregas",
    accounts_operations.DELIVERY_BOARD,
    summary="Entregas de cuentas: pendientes, vencidas, hechas",
    tag=TAG,
    errors=DENIED,
)
forward(
    "post_delivery",
    "POST",
    "/api/v1/entregas",
    accounts_operations.DELIVERY_RECORD,
    summary="Registrar la entrega de las cuentas",
    tag=TAG,
    errors=(*DENIED, ErrorCode.NOT_FOUND, ErrorCode.CONFLICT),
    body=RecordDelivery,
)
forward(
    "get_receipt",
    "GET",
    "/api/v1/entregas/acuse",
    accounts_operations.DELIVERY_RECEIPT,
    summary="Acuse de entrega en PDF",
    tag=TAG,
    errors=(*DENIED, ErrorCode.NOT_FOUND, ErrorCode.CONFLICT),
    query=ScopeRef,
    extra_statuses={200: "application/pdf"},
)
forward(
    "get_inbox",
    "GET",
    "/api/v1/avisos",
    accounts_operations.NOTICE_INBOX,
    summary="Bandeja de avisos de la cuenta",
    tag=TAG,
    errors=DENIED,
)
forward(
    "post_read",
    "POST",
    "/api/v1/avisos/{notice_id}/leido",
    accounts_operations.NOTICE_MARK_READ,
    summary="Marcar un aviso como leído",
    tag=TAG,
    errors=(*DENIED, ErrorCode.NOT_FOUND),
)
forward(
    "get_mailbox",
    "GET",
    "/api/v1/correo-local",
    accounts_operations.MAIL_MAILBOX,
    summary="Correo local (sin SMTP configurado)",
    tag=TAG,
    errors=DENIED,
)
