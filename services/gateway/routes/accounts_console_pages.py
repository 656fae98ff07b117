"""The two accounts consoles: the admin's (issue a party's or staff accounts, print the
receipt, record delivery, revoke, reissue, read the local mailbox) and a party admin's
sub-accounts. Same conventions as account_pages.py."""

from dataclasses import dataclass
from urllib.parse import urlencode

from aiohttp import web

from contracts.accounts import (
    AccountQuery,
    AccountRef,
    CreateSubAccount,
    IssuedAccounts,
    IssueScope,
    IssueStaff,
    RecordDelivery,
    ScopeRef,
)
from contracts.errors import ErrorCode, ErrorReply
from contracts.operations import accounts as accounts_operations
from contracts.requests import Empty
from contracts.roles import STAFF_ROLES, SUB_ACCOUNT_ROLES, SYSTEM_ROLES, Role
from contracts.spanish_dates import long_date
from services.gateway.calls import ask, principal_of
from services.gateway.documents import document_response
from services.gateway.forms import (
    Problems,
    contract,
    filled,
    form_action,
    refusal_shown_on,
    shown,
    typed,
)
from services.gateway.local_time import typed_moment_in, zone_of_reader
from services.gateway.params import path_parameter
from services.gateway.rendering import refusal_page, render, see_other, signed_in
from services.gateway.routes.account_pages import CONSOLE
from services.gateway.routing import pages

SUB_ACCOUNTS = "/consola/subcuentas"
STAFF_CHOICES = [role for role in Role if role in STAFF_ROLES or role in SYSTEM_ROLES]
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
    board = await ask(request, accounts_operations.DELIVERY_BOARD, Empty())
    listing = await ask(request, accounts_operations.ACCOUNT_LIST, AccountQuery())
    return render(
        request,
        "consola.html",
        {
            "board": board,
            "accounts": listing.accounts,
            "problems": problems,
            "staff_roles": STAFF_CHOICES,
            "done": DONE.get(request.query.get("hecho", "")),
            "long_date": long_date,
        },
        status=status,
    )


def issued_page(
    request: web.Request, issued: IssuedAccounts, *, back: str, receipt: str | None = None
) -> web.Response:
    return render(
        request, "emitidas.html", {"issued": issued.accounts, "back": back, "receipt": receipt}
    )


@pages.route("GET", CONSOLE)
@signed_in
async def console(request: web.Request) -> web.StreamResponse:
    return await console_page(request)


@pages.route("POST", "/consola/cuentas/emitir")
@signed_in
@form_action
async def issue_scope(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    ref = filled(form, *SCOPE_REF)
    key = f"emitir-{ref.get('scope_kind')}-{ref.get('scope_id')}"
    contact = ("nombre", "correo", "telefono")
    supervisor = filled(form, *contact)
    with refusal_shown_on(console_page, key, shown(form, *contact)):
        payload = contract(
            IssueScope,
            {
                "election_id": ref.get("election_id"),
                "scope": {"kind": ref.get("scope_kind"), "id": ref.get("scope_id")},
                "supervisores": [supervisor] if supervisor else [],
            },
            prefix="supervisores.0.",
        )
        issued = await ask(request, accounts_operations.ACCOUNT_ISSUE_SCOPE, payload)
    receipt = f"{CONSOLE}/acuse?{urlencode(ref)}"
    return issued_page(request, issued, back=CONSOLE, receipt=receipt)


@pages.route("POST", "/consola/cuentas/entrega")
@signed_in
@form_action
async def record_delivery(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    ref = filled(form, *SCOPE_REF, "candidacy_id")
    typed_moment = typed(form, "entregado_en")
    substitute = f"-{ref['candidacy_id']}" if ref.get("candidacy_id") else ""
    key = f"entrega-{ref.get('scope_kind')}-{ref.get('scope_id')}{substitute}"
    with refusal_shown_on(console_page, key, shown(form, "entregado_en")):
        # datetime-local carries no zone: the label says it is the institute's.
        moment = typed_moment_in(typed_moment, zone_of_reader(request)) if typed_moment else None
        payload = contract(RecordDelivery, {**ref, "entregado_en": moment})
        await ask(request, accounts_operations.DELIVERY_RECORD, payload)
    return see_other(f"{CONSOLE}?hecho=entrega")


@pages.route("GET", "/consola/cuentas/acuse")
@signed_in
async def receipt(request: web.Request) -> web.StreamResponse:
    ref = contract(ScopeRef, {k: v for k in SCOPE_REF if (v := request.query.get(k))})
    document = await ask(request, accounts_operations.DELIVERY_RECEIPT, ref)
    return document_response(document)


@pages.route("POST", "/consola/cuentas/personal")
@signed_in
@form_action
async def issue_staff(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    names = ("rol", "nombre", "usuario", "correo", "telefono")
    with refusal_shown_on(console_page, "personal", shown(form, *names)):
        payload = contract(IssueStaff, filled(form, *names))
        issued = await ask(request, accounts_operations.ACCOUNT_ISSUE_STAFF, payload)
    return issued_page(request, issued, back=CONSOLE)


def _account_ref(request: web.Request) -> AccountRef:
    return contract(AccountRef, {"account_id": path_parameter(request, "account_id")})


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
    query = AccountQuery(account_id=ref.account_id)
    listing = await ask(request, accounts_operations.ACCOUNT_LIST, query)
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


@pages.route(("GET", "POST"), "/consola/cuentas/{account_id}/revocar")
@pages.route(("GET", "POST"), "/consola/subcuentas/{account_id}/revocar")
@signed_in
async def revoke(request: web.Request) -> web.StreamResponse:
    ref = _account_ref(request)
    if not await _confirmed(request):
        return await _confirmation_page(request, ref, REVOKING)
    await ask(request, accounts_operations.ACCOUNT_REVOKE, ref)
    return see_other(f"{_console_of(request)}?hecho=revocada")


@pages.route(("GET", "POST"), "/consola/cuentas/{account_id}/reemitir")
@signed_in
async def reissue(request: web.Request) -> web.StreamResponse:
    ref = _account_ref(request)
    if not await _confirmed(request):
        return await _confirmation_page(request, ref, REISSUING)
    issued = await ask(request, accounts_operations.ACCOUNT_REISSUE, ref)
    return issued_page(request, issued, back=CONSOLE)


@pages.route("GET", "/consola/correo")
@signed_in
async def mailbox(request: web.Request) -> web.StreamResponse:
    mail = await ask(request, accounts_operations.MAIL_MAILBOX, Empty())
    return render(request, "correo.html", {"messages": mail.messages})


# ----- a party admin's sub-accounts ----------------------------------------------------


async def sub_accounts_page(
    request: web.Request, problems: Problems | None = None, status: int = 200
) -> web.Response:
    listing = await ask(request, accounts_operations.ACCOUNT_LIST, AccountQuery())
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


@pages.route("GET", SUB_ACCOUNTS)
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


@pages.route("POST", SUB_ACCOUNTS)
@signed_in
@form_action
async def create_sub_account(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    names = ("rol", "nombre", "correo", "telefono")
    with refusal_shown_on(sub_accounts_page, "subcuenta", shown(form, *names)):
        payload = contract(CreateSubAccount, filled(form, *names))
        issued = await ask(request, accounts_operations.ACCOUNT_CREATE_SUB, payload)
    return issued_page(request, issued, back=SUB_ACCOUNTS)
