"""The two accounts consoles: the admin's (issue a party's or staff accounts, print the
receipt, record delivery, revoke, reissue, read the local mailbox) and a party admin's
sub-accounts. Same conventions as account_pages.py, whose helpers they use."""

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from aiohttp import web

from contracts.accounts import (
    AccountList,
    AccountQuery,
    AccountRef,
    CreateSubAccount,
    DeliveryBoard,
    IssuedAccounts,
    IssueScope,
    IssueStaff,
    Mailbox,
    RecordDelivery,
    ScopeRef,
)
from contracts.errors import ErrorCode, ErrorReply
from contracts.requests import Document, Empty
from contracts.roles import STAFF_ROLES, SUB_ACCOUNT_ROLES, Role
from services.gateway.calls import principal_of
from services.gateway.documents import document_response
from services.gateway.routes.account_pages import (
    CONSOLE,
    DENIED,
    Problems,
    accounts_call,
    contract,
    filled,
    refusal_page,
    render,
    see_other,
    shown,
    signed_in,
    status_of,
    typed,
)
from services.runtime.requests import RequestFailed

SUB_ACCOUNTS = "/consola/subcuentas"
STAFF_CHOICES = [role for role in Role if role in STAFF_ROLES or role is Role.INE]
SUB_ACCOUNT_CHOICES = [role for role in Role if role in SUB_ACCOUNT_ROLES]
SCOPE_REF = ("election_id", "scope_kind", "scope_id")  # hidden in each row's forms
DONE = {  # what the console says after a redirect; the query names one of these, no more
    "entrega": "Se registró la entrega de las cuentas.",
    "revocada": "Se revocó la cuenta; sus sesiones terminaron.",
}


# ----- the admin's console -------------------------------------------------------------


async def console_page(
    request: web.Request, problems: Problems | None = None, status: int = 200
) -> web.Response:
    board = DeliveryBoard.model_validate(await accounts_call(request, "delivery.board", Empty()))
    listing = AccountList.model_validate(
        await accounts_call(request, "account.list", AccountQuery())
    )
    return render(
        request,
        "consola.html",
        {
            "board": board,
            "accounts": listing.accounts,
            "problems": problems,
            "staff_roles": STAFF_CHOICES,
            "done": DONE.get(request.query.get("hecho", "")),
        },
        status=status,
    )


def issued_page(
    request: web.Request, data: Any, *, back: str, receipt: str | None = None
) -> web.Response:
    issued = IssuedAccounts.model_validate(data)
    return render(
        request, "emitidas.html", {"issued": issued.accounts, "back": back, "receipt": receipt}
    )


@signed_in
async def console(request: web.Request) -> web.StreamResponse:
    return await console_page(request)


@signed_in
async def issue_scope(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    ref = filled(form, *SCOPE_REF)
    key = f"emitir-{ref.get('scope_kind')}-{ref.get('scope_id')}"
    contact = ("nombre", "correo", "telefono")
    supervisor = filled(form, *contact)
    try:
        payload = contract(
            IssueScope,
            {
                "election_id": ref.get("election_id"),
                "scope": {"kind": ref.get("scope_kind"), "id": ref.get("scope_id")},
                "supervisores": [supervisor] if supervisor else [],
            },
            prefix="supervisores.0.",
        )
        issued = await accounts_call(request, "account.issue_scope", payload)
    except RequestFailed as failed:
        if failed.error.code in DENIED:
            raise  # not a form to fix: the refusal page says why
        problems = Problems.of(failed.error, key, shown(form, *contact))
        return await console_page(request, problems, status_of(failed.error))
    receipt = f"{CONSOLE}/acuse?{urlencode(ref)}"
    return issued_page(request, issued, back=CONSOLE, receipt=receipt)


@signed_in
async def record_delivery(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    ref = filled(form, *SCOPE_REF)
    typed_moment = typed(form, "entregado_en")
    try:
        # datetime-local carries no zone: the label says the time is UTC.
        payload = contract(
            RecordDelivery, {**ref, "entregado_en": f"{typed_moment}Z" if typed_moment else None}
        )
        await accounts_call(request, "delivery.record", payload)
    except RequestFailed as failed:
        if failed.error.code in DENIED:
            raise  # not a form to fix: the refusal page says why
        key = f"entrega-{ref.get('scope_kind')}-{ref.get('scope_id')}"
        problems = Problems.of(failed.error, key, shown(form, "entregado_en"))
        return await console_page(request, problems, status_of(failed.error))
    return see_other(f"{CONSOLE}?hecho=entrega")


@signed_in
async def receipt(request: web.Request) -> web.StreamResponse:
    ref = contract(ScopeRef, {k: v for k in SCOPE_REF if (v := request.query.get(k))})
    document = Document.model_validate(await accounts_call(request, "delivery.receipt", ref))
    return document_response(document)


@signed_in
async def issue_staff(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    names = ("rol", "nombre", "usuario", "correo", "telefono")
    try:
        payload = contract(IssueStaff, filled(form, *names))
        issued = await accounts_call(request, "account.issue_staff", payload)
    except RequestFailed as failed:
        if failed.error.code in DENIED:
            raise  # not a form to fix: the refusal page says why
        problems = Problems.of(failed.error, "personal", shown(form, *names))
        return await console_page(request, problems, status_of(failed.error))
    return issued_page(request, issued, back=CONSOLE)


def _account_ref(request: web.Request) -> AccountRef:
    return contract(AccountRef, {"account_id": request.match_info["account_id"][:60]})


def _console_of(request: web.Request) -> str:
    return SUB_ACCOUNTS if request.path.startswith(SUB_ACCOUNTS) else CONSOLE


@dataclass(frozen=True)
class Confirmation:
    """What the page asking before a destructive action says."""

    title: str
    verb: str
    consequence: str
    button: str


REVOKING = Confirmation(
    title="¿Revocar la cuenta?",
    verb="revocar",
    consequence="Al confirmar, sus sesiones terminan de inmediato, su código de activación "
    "deja de valer y nadie podrá volver a entrar con ella; solo una reemisión de la "
    "administración del instituto la devolvería.",
    button="Sí, revocar la cuenta",
)
REISSUING = Confirmation(
    title="¿Reemitir las credenciales?",
    verb="reemitir las credenciales de",
    consequence="Al confirmar, su contraseña y su segundo factor dejan de valer, sus "
    "sesiones terminan de inmediato y se genera un código de activación nuevo, que se "
    "mostrará una sola vez.",
    button="Sí, reemitir las credenciales",
)


async def _confirmed(request: web.Request) -> bool:
    """Only a POST carrying ``confirmar`` acts; the button's first POST (or a GET of the
    same address) shows what will happen, so a stray click changes nothing."""
    return request.method == "POST" and (await request.post()).get("confirmar") == "si"


async def _confirmation_page(
    request: web.Request, ref: AccountRef, confirmation: Confirmation
) -> web.Response:
    listing = AccountList.model_validate(
        await accounts_call(request, "account.list", AccountQuery(account_id=ref.account_id))
    )
    if not listing.accounts:
        return refusal_page(request, ErrorReply.of(ErrorCode.NOT_FOUND, "No existe esa cuenta."))
    return render(
        request,
        "confirmar.html",
        {
            "confirmation": confirmation,
            "account": listing.accounts[0],
            "action": request.path,
            "back": _console_of(request),
        },
    )


@signed_in
async def revoke(request: web.Request) -> web.StreamResponse:
    ref = _account_ref(request)
    if not await _confirmed(request):
        return await _confirmation_page(request, ref, REVOKING)
    await accounts_call(request, "account.revoke", ref)
    return see_other(f"{_console_of(request)}?hecho=revocada")


@signed_in
async def reissue(request: web.Request) -> web.StreamResponse:
    ref = _account_ref(request)
    if not await _confirmed(request):
        return await _confirmation_page(request, ref, REISSUING)
    issued = await accounts_call(request, "account.reissue", ref)
    return issued_page(request, issued, back=CONSOLE)


@signed_in
async def mailbox(request: web.Request) -> web.StreamResponse:
    mail = Mailbox.model_validate(await accounts_call(request, "mail.mailbox", Empty()))
    return render(request, "correo.html", {"messages": mail.messages})


# ----- a party admin's sub-accounts ----------------------------------------------------


async def sub_accounts_page(
    request: web.Request, problems: Problems | None = None, status: int = 200
) -> web.Response:
    listing = AccountList.model_validate(
        await accounts_call(request, "account.list", AccountQuery())
    )
    return render(
        request,
        "subcuentas.html",
        {
            "accounts": listing.accounts,
            "roles": SUB_ACCOUNT_CHOICES,
            "problems": problems,
            "done": DONE.get(request.query.get("hecho", "")),
        },
        status=status,
    )


@signed_in
async def sub_accounts(request: web.Request) -> web.StreamResponse:
    principal = principal_of(request)
    if principal is None or principal.role != Role.PARTY_ADMIN:
        # The admin may list every account too, but this page is the party admin's own.
        return refusal_page(
            request,
            ErrorReply.of(ErrorCode.FORBIDDEN, "Esta página es de la administración del partido."),
        )
    return await sub_accounts_page(request)


@signed_in
async def create_sub_account(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    names = ("rol", "nombre", "correo", "telefono")
    try:
        payload = contract(CreateSubAccount, filled(form, *names))
        issued = await accounts_call(request, "account.create_sub", payload)
    except RequestFailed as failed:
        if failed.error.code in DENIED:
            raise  # not a form to fix: the refusal page says why
        problems = Problems.of(failed.error, "subcuenta", shown(form, *names))
        return await sub_accounts_page(request, problems, status_of(failed.error))
    return issued_page(request, issued, back=SUB_ACCOUNTS)
