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
from contracts.validation_messages import field_problems
from services.gateway.api import api
from services.gateway.calls import ask
from services.gateway.forwards import Forward, declare_forwards
from services.gateway.params import body_of, path_parameter
from services.gateway.state import ACTIVATION_LIMIT, SIGN_IN_LIMIT
from services.runtime.requests import RequestFailed

TAG = "cuentas"
DENIED = (ErrorCode.UNAUTHENTICATED, ErrorCode.FORBIDDEN)

declare_forwards(
    TAG,
    Forward(
        "post_session",
        "POST /api/v1/sesion",
        accounts_operations.SESSION_SIGN_IN,
        "Iniciar sesión",
        (ErrorCode.UNAUTHENTICATED, ErrorCode.TOO_MANY_REQUESTS),
        body=SignIn,
        limit=SIGN_IN_LIMIT,
    ),
    Forward(
        "post_refresh",
        "POST /api/v1/sesion/renovacion",
        accounts_operations.SESSION_REFRESH,
        "Renovar la sesión (rota el token)",
        (ErrorCode.UNAUTHENTICATED,),
        body=Refresh,
    ),
    Forward(
        "delete_session",
        "DELETE /api/v1/sesion",
        accounts_operations.SESSION_SIGN_OUT,
        "Cerrar la sesión",
        (ErrorCode.UNAUTHENTICATED,),
    ),
    Forward(
        "post_activation_lookup",
        "POST /api/v1/activacion/consulta",
        accounts_operations.ACTIVATION_LOOKUP,
        "Consultar un código de activación",
        (ErrorCode.NOT_FOUND, ErrorCode.TOO_MANY_REQUESTS),
        body=ActivationCode,
        limit=ACTIVATION_LIMIT,
    ),
    Forward(
        "post_activation",
        "POST /api/v1/activacion",
        accounts_operations.ACTIVATION_ACTIVATE,
        "Activar una cuenta con su código",
        (ErrorCode.NOT_FOUND, ErrorCode.INVALID_REQUEST, ErrorCode.TOO_MANY_REQUESTS),
        body=Activate,
        limit=ACTIVATION_LIMIT,
    ),
    Forward(
        "post_totp",
        "POST /api/v1/activacion/segundo-factor",
        accounts_operations.ACTIVATION_CONFIRM_TOTP,
        "Confirmar el segundo factor",
        (ErrorCode.NOT_FOUND, ErrorCode.INVALID_REQUEST),
        body=ConfirmTotp,
        limit=ACTIVATION_LIMIT,
    ),
    Forward(
        "get_accounts",
        "GET /api/v1/cuentas",
        accounts_operations.ACCOUNT_LIST,
        "Listar cuentas (administración o partido)",
        DENIED,
        query=AccountQuery,
    ),
    Forward(
        "post_staff",
        "POST /api/v1/cuentas/personal",
        accounts_operations.ACCOUNT_ISSUE_STAFF,
        "Emitir una cuenta del instituto",
        (*DENIED, ErrorCode.CONFLICT, ErrorCode.INVALID_REQUEST),
        body=IssueStaff,
    ),
    Forward(
        "post_scope",
        "POST /api/v1/cuentas/ambito",
        accounts_operations.ACCOUNT_ISSUE_SCOPE,
        "Emitir las cuentas de un partido o independiente",
        (*DENIED, ErrorCode.NOT_FOUND),
        body=IssueScope,
    ),
    Forward(
        "post_sub_account",
        "POST /api/v1/subcuentas",
        accounts_operations.ACCOUNT_CREATE_SUB,
        "Crear una subcuenta del propio partido",
        DENIED,
        body=CreateSubAccount,
    ),
    Forward(
        "post_revoke",
        "POST /api/v1/cuentas/{account_id}/revocacion",
        accounts_operations.ACCOUNT_REVOKE,
        "Revocar una cuenta",
        (*DENIED, ErrorCode.NOT_FOUND, ErrorCode.CONFLICT),
    ),
    Forward(
        "post_reissue",
        "POST /api/v1/cuentas/{account_id}/reemision",
        accounts_operations.ACCOUNT_REISSUE,
        "Reemitir credenciales (las anteriores dejan de valer)",
        (*DENIED, ErrorCode.NOT_FOUND, ErrorCode.CONFLICT),
    ),
    Forward(
        "get_deliveries",
        "GET /api/v1/entregas",
        accounts_operations.DELIVERY_BOARD,
        "Entregas de cuentas: pendientes, vencidas, hechas",
        DENIED,
    ),
    Forward(
        "post_delivery",
        "POST /api/v1/entregas",
        accounts_operations.DELIVERY_RECORD,
        "Registrar la entrega de las cuentas",
        (*DENIED, ErrorCode.NOT_FOUND, ErrorCode.CONFLICT),
        body=RecordDelivery,
    ),
    Forward(
        "get_receipt",
        "GET /api/v1/entregas/acuse",
        accounts_operations.DELIVERY_RECEIPT,
        "Acuse de entrega en PDF",
        (*DENIED, ErrorCode.NOT_FOUND, ErrorCode.CONFLICT),
        query=ScopeRef,
        extra_statuses={200: "application/pdf"},
    ),
    Forward(
        "get_inbox",
        "GET /api/v1/avisos",
        accounts_operations.NOTICE_INBOX,
        "Bandeja de avisos de la cuenta",
        DENIED,
    ),
    Forward(
        "post_read",
        "POST /api/v1/avisos/{notice_id}/leido",
        accounts_operations.NOTICE_MARK_READ,
        "Marcar un aviso como leído",
        (*DENIED, ErrorCode.NOT_FOUND),
    ),
    Forward(
        "get_mailbox",
        "GET /api/v1/correo-local",
        accounts_operations.MAIL_MAILBOX,
        "Correo local (sin SMTP configurado)",
        DENIED,
    ),
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
