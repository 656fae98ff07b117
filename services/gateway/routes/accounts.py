"""The accounts JSON API: sessions, activation, issuing, deliveries and notices.

Mobile clients sign in here and send ``Authorization: Bearer``; the web console uses the
same services through its pages (account_pages.py).
"""

from aiohttp import web
from pydantic import BaseModel, ValidationError

from contracts.accounts import (
    AccountList,
    AccountQuery,
    AccountRef,
    AccountView,
    Activate,
    Activated,
    ActivationCode,
    ActivationInfo,
    ConfirmTotp,
    CreateSubAccount,
    DeliveryBoard,
    DeliveryStatus,
    Inbox,
    IssuedAccounts,
    IssueScope,
    IssueStaff,
    Mailbox,
    NoticeRef,
    RecordDelivery,
    Refresh,
    RoleChange,
    ScopeRef,
    Session,
    SignIn,
)
from contracts.errors import ErrorCode, ErrorReply
from contracts.requests import Document, Empty
from contracts.services import ServiceName
from services.gateway.api import api
from services.gateway.calls import ask
from services.gateway.documents import document_response
from services.gateway.params import body_of, query_of
from services.gateway.rate_limits import SlidingWindow
from services.gateway.state import ACTIVATION_LIMIT, SIGN_IN_LIMIT
from services.runtime.requests import RequestFailed
from services.runtime.validation_messages import field_problems

TAG = "cuentas"
DENIED = (ErrorCode.UNAUTHENTICATED, ErrorCode.FORBIDDEN)


def check_rate(request: web.Request, limit: SlidingWindow) -> None:
    wait = limit.retry_after(request.remote or "?")
    if wait is not None:
        raise RequestFailed(
            ErrorReply.of(
                ErrorCode.TOO_MANY_REQUESTS,
                f"Demasiados intentos desde su dirección; espere {int(wait) + 1} s.",
            )
        )


async def answer(request: web.Request, operation: str, payload: BaseModel) -> web.Response:
    return web.json_response(await ask(request, ServiceName.ACCOUNTS, operation, payload))


@api.route(
    "POST",
    "/api/v1/sesion",
    summary="Iniciar sesión",
    request=SignIn,
    response=Session,
    tag=TAG,
    errors=(ErrorCode.UNAUTHENTICATED, ErrorCode.TOO_MANY_REQUESTS),
)
async def post_session(request: web.Request) -> web.Response:
    check_rate(request, request.app[SIGN_IN_LIMIT])
    return await answer(request, "session.sign_in", await body_of(request, SignIn))


@api.route(
    "POST",
    "/api/v1/sesion/renovacion",
    summary="Renovar la sesión (rota el token)",
    request=Refresh,
    response=Session,
    tag=TAG,
    errors=(ErrorCode.UNAUTHENTICATED,),
)
async def post_refresh(request: web.Request) -> web.Response:
    return await answer(request, "session.refresh", await body_of(request, Refresh))


@api.route(
    "DELETE",
    "/api/v1/sesion",
    summary="Cerrar la sesión",
    response=None,
    tag=TAG,
    errors=(ErrorCode.UNAUTHENTICATED,),
)
async def delete_session(request: web.Request) -> web.Response:
    await ask(request, ServiceName.ACCOUNTS, "session.sign_out", Empty())
    return web.Response(status=204)


@api.route(
    "POST",
    "/api/v1/activacion/consulta",
    summary="Consultar un código de activación",
    request=ActivationCode,
    response=ActivationInfo,
    tag=TAG,
    errors=(ErrorCode.NOT_FOUND, ErrorCode.TOO_MANY_REQUESTS),
)
async def post_activation_lookup(request: web.Request) -> web.Response:
    check_rate(request, request.app[ACTIVATION_LIMIT])
    return await answer(request, "activation.lookup", await body_of(request, ActivationCode))


@api.route(
    "POST",
    "/api/v1/activacion",
    summary="Activar una cuenta con su código",
    request=Activate,
    response=Activated,
    tag=TAG,
    errors=(ErrorCode.NOT_FOUND, ErrorCode.INVALID_REQUEST, ErrorCode.TOO_MANY_REQUESTS),
)
async def post_activation(request: web.Request) -> web.Response:
    check_rate(request, request.app[ACTIVATION_LIMIT])
    return await answer(request, "activation.activate", await body_of(request, Activate))


@api.route(
    "POST",
    "/api/v1/activacion/segundo-factor",
    summary="Confirmar el segundo factor",
    request=ConfirmTotp,
    response=None,
    tag=TAG,
    errors=(ErrorCode.NOT_FOUND, ErrorCode.INVALID_REQUEST),
)
async def post_totp(request: web.Request) -> web.Response:
    check_rate(request, request.app[ACTIVATION_LIMIT])
    await ask(
        request,
        ServiceName.ACCOUNTS,
        "activation.confirm_totp",
        await body_of(request, ConfirmTotp),
    )
    return web.Response(status=204)


@api.route(
    "GET",
    "/api/v1/cuentas",
    summary="Listar cuentas (administración o partido)",
    query=AccountQuery,
    response=AccountList,
    tag=TAG,
    errors=DENIED,
)
async def get_accounts(request: web.Request) -> web.Response:
    return await answer(request, "account.list", query_of(request, AccountQuery))


@api.route(
    "POST",
    "/api/v1/cuentas/personal",
    summary="Emitir una cuenta del instituto",
    request=IssueStaff,
    response=IssuedAccounts,
    tag=TAG,
    errors=(*DENIED, ErrorCode.CONFLICT, ErrorCode.INVALID_REQUEST),
)
async def post_staff(request: web.Request) -> web.Response:
    return await answer(request, "account.issue_staff", await body_of(request, IssueStaff))


@api.route(
    "POST",
    "/api/v1/cuentas/ambito",
    summary="Emitir las cuentas de un partido o independiente",
    request=IssueScope,
    response=IssuedAccounts,
    tag=TAG,
    errors=(*DENIED, ErrorCode.NOT_FOUND),
)
async def post_scope(request: web.Request) -> web.Response:
    return await answer(request, "account.issue_scope", await body_of(request, IssueScope))


@api.route(
    "POST",
    "/api/v1/subcuentas",
    summary="Crear una subcuenta del propio partido",
    request=CreateSubAccount,
    response=IssuedAccounts,
    tag=TAG,
    errors=DENIED,
)
async def post_sub_account(request: web.Request) -> web.Response:
    return await answer(request, "account.create_sub", await body_of(request, CreateSubAccount))


def _account_ref(request: web.Request) -> AccountRef:
    return AccountRef(account_id=request.match_info["account_id"][:60])


@api.route(
    "POST",
    "/api/v1/cuentas/{account_id}/revocacion",
    summary="Revocar una cuenta",
    response=AccountView,
    tag=TAG,
    errors=(*DENIED, ErrorCode.NOT_FOUND, ErrorCode.CONFLICT),
)
async def post_revoke(request: web.Request) -> web.Response:
    return await answer(request, "account.revoke", _account_ref(request))


@api.route(
    "POST",
    "/api/v1/cuentas/{account_id}/reemision",
    summary="Reemitir credenciales (las anteriores dejan de valer)",
    response=IssuedAccounts,
    tag=TAG,
    errors=(*DENIED, ErrorCode.NOT_FOUND, ErrorCode.CONFLICT),
)
async def post_reissue(request: web.Request) -> web.Response:
    return await answer(request, "account.reissue", _account_ref(request))


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
async def post_role(request: web.Request) -> web.Response:
    body = await body_of(request, NewRole)
    try:
        change = RoleChange.model_validate({**_account_ref(request).model_dump(), "rol": body.rol})
    except ValidationError as error:
        raise RequestFailed(
            ErrorReply.of(ErrorCode.INVALID_REQUEST, "El rol no existe.").model_copy(
                update={"fields": field_problems(error)}
            )
        ) from None
    return await answer(request, "account.change_role", change)


@api.route(
    "GET",
    "/api/v1/entregas",
    summary="Entregas de cuentas: pendientes, vencidas, hechas",
    response=DeliveryBoard,
    tag=TAG,
    errors=DENIED,
)
async def get_deliveries(request: web.Request) -> web.Response:
    return await answer(request, "delivery.board", Empty())


@api.route(
    "POST",
    "/api/v1/entregas",
    summary="Registrar la entrega de las cuentas",
    request=RecordDelivery,
    response=DeliveryStatus,
    tag=TAG,
    errors=(*DENIED, ErrorCode.NOT_FOUND, ErrorCode.CONFLICT),
)
async def post_delivery(request: web.Request) -> web.Response:
    return await answer(request, "delivery.record", await body_of(request, RecordDelivery))


@api.route(
    "GET",
    "/api/v1/entregas/acuse",
    summary="Acuse de entrega en PDF",
    query=ScopeRef,
    response=None,
    tag=TAG,
    errors=(*DENIED, ErrorCode.NOT_FOUND, ErrorCode.CONFLICT),
    extra_statuses={200: "application/pdf"},
)
async def get_receipt(request: web.Request) -> web.Response:
    document = Document.model_validate(
        await ask(request, ServiceName.ACCOUNTS, "delivery.receipt", query_of(request, ScopeRef))
    )
    return document_response(document)


@api.route(
    "GET",
    "/api/v1/avisos",
    summary="Bandeja de avisos de la cuenta",
    response=Inbox,
    tag=TAG,
    errors=DENIED,
)
async def get_inbox(request: web.Request) -> web.Response:
    return await answer(request, "notice.inbox", Empty())


@api.route(
    "POST",
    "/api/v1/avisos/{notice_id}/leido",
    summary="Marcar un aviso como leído",
    response=None,
    tag=TAG,
    errors=(*DENIED, ErrorCode.NOT_FOUND),
)
async def post_read(request: web.Request) -> web.Response:
    ref = NoticeRef(notice_id=request.match_info["notice_id"][:60])
    await ask(request, ServiceName.ACCOUNTS, "notice.mark_read", ref)
    return web.Response(status=204)


@api.route(
    "GET",
    "/api/v1/correo-local",
    summary="Correo local (sin SMTP configurado)",
    response=Mailbox,
    tag=TAG,
    errors=DENIED,
)
async def get_mailbox(request: web.Request) -> web.Response:
    return await answer(request, "mail.mailbox", Empty())
