"""Issuing accounts, each with its one-time activation code.

The admin issues staff accounts and each party's or independent's accounts (a generic
capture account, the designated supervisors — 000 §4.1 — and, where the profile says so,
a party admin — 004 §10-13); a party admin creates its own capturist and supervisor
sub-accounts; a candidacy's registration creates its candidate account. Each step runs
inside the caller's transaction, so the account, its code, its activity entry and its
events commit together.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from contracts.accounts import (
    CreateSubAccount,
    IssuedAccount,
    IssuedAccounts,
    IssueScope,
    IssueStaff,
    Scope,
    ScopeKind,
)
from contracts.envelope import new_event_id, utc_now
from contracts.events.capture import CandidacyRegistered
from contracts.requests import Principal
from contracts.roles import ROLE_LABEL, Role
from services.accounts.adapters.sealing import CODE_PURPOSE, sealer_for
from services.accounts.domain.account_model import gets_own_account, issued_by_the_institute
from services.accounts.domain.codes import new_activation_code, secret_hash
from services.accounts.domain.usernames import check_free, first_free, slug
from services.accounts.steps.locating import known_scope
from services.accounts.steps.recording import SYSTEM, Origin, account_target
from services.accounts.store import accounts, activation_codes, candidacies, elections, mail
from services.accounts.store.accounts import Account
from services.runtime.connections import Connection
from services.runtime.service_deps import ServiceDeps
from services.runtime.settings import Settings

SUB_ACCOUNT_NAME = {
    Role.CAPTURIST: "captura",
    Role.VALIDATOR: "validacion",
    Role.SUPERVISOR: "supervision",
}
"""How a sub-account's username reads its role (004 §10: capture, validation, supervision)."""


@dataclass(frozen=True)
class NewAccount:
    username_base: str
    display_name: str
    role: Role
    election_id: str | None = None
    scope: Scope | None = None
    candidacy_id: str | None = None
    email: str | None = None
    phone: str | None = None


async def issue_code(
    conn: Connection,
    settings: Settings,
    *,
    account_id: str,
    username: str,
    display_name: str,
    role: Role,
    now: datetime,
) -> IssuedAccount:
    """A new one-time code for the account, as its receipt prints it."""
    code = new_activation_code()
    sealed = sealer_for(settings).seal(code.encode(), purpose=CODE_PURPOSE)
    ttl = timedelta(days=settings.activation_code_ttl_days)
    expires_at = await activation_codes.insert_code(
        conn, secret_hash(code), account_id, sealed, now, ttl
    )
    return IssuedAccount(
        account_id=account_id,
        usuario=username,
        nombre=display_name,
        role=role,
        codigo=code,
        vence=expires_at,
    )


async def new_code(
    conn: Connection, settings: Settings, account: Account, now: datetime
) -> IssuedAccount:
    """The account's live codes voided and a new one issued (a start reprinting an
    unfinished account's code, a reissue)."""
    await activation_codes.void_codes(conn, account.account_id, now)
    return await issue_code(
        conn,
        settings,
        account_id=account.account_id,
        username=account.username,
        display_name=account.display_name,
        role=account.role,
        now=now,
    )


async def create_account(
    conn: Connection,
    settings: Settings,
    new: NewAccount,
    *,
    created_by: str | None,
    now: datetime,
) -> IssuedAccount:
    base = slug(new.username_base)
    username = first_free(base, await accounts.usernames_starting(conn, base))
    account_id = str(new_event_id())
    await accounts.insert_account(
        conn,
        account_id=account_id,
        username=username,
        display_name=new.display_name,
        role=new.role,
        election_id=new.election_id,
        scope=new.scope,
        candidacy_id=new.candidacy_id,
        email=new.email,
        phone=new.phone,
        created_by=created_by,
        created_at=now,
    )
    if new.email:
        await _tell_issued(conn, username, new, settings, now)
    return await issue_code(
        conn,
        settings,
        account_id=account_id,
        username=username,
        display_name=new.display_name,
        role=new.role,
        now=now,
    )


async def _tell_issued(
    conn: Connection, username: str, new: NewAccount, settings: Settings, now: datetime
) -> None:
    """Its holder hears of a new account by e-mail — never its activation code, which
    travels on the receipt or from the admin's hands (000 §3.6)."""
    assert new.email is not None
    await mail.insert_mail(
        conn,
        message_id=str(new_event_id()),
        to_address=new.email,
        subject="Se le emitió una cuenta en Conóceles",
        body=(
            f"El Instituto emitió a su nombre ({new.display_name}) la cuenta «{username}», "
            f"con el rol {ROLE_LABEL[new.role]}. El código para activarla no viaja por "
            "correo: se le entrega en el acuse de entrega de cuentas o de mano de la "
            f"administración. Con él, active la cuenta en {settings.public_url.rstrip('/')}"
            "/activar y elija su contraseña."
        ),
        created_at=now,
    )


async def _issue(
    conn: Connection,
    deps: ServiceDeps,
    origin: Origin,
    by: Principal,
    new: NewAccount,
    now: datetime,
) -> IssuedAccount:
    issued = await create_account(conn, deps.settings, new, created_by=by.account_id, now=now)
    await origin.record(
        conn,
        deps.outbox,
        "account.issue",
        target=account_target(issued.account_id),
        detail={"rol": issued.role.value, "usuario": issued.usuario},
    )
    return issued


ELECTION_BOUND_STAFF = frozenset({Role.REGISTRY, Role.VERIFIER})
"""Staff whose account may be bound to one election: the registration system's feed, and
a verifier who moderates one election and sees nothing of another."""


async def issue_staff(
    conn: Connection, deps: ServiceDeps, origin: Origin, by: Principal, form: IssueStaff
) -> IssuedAccounts:
    """A staff (or INE) account under the user name the admin chose."""
    check_free(form.usuario, await accounts.usernames_starting(conn, form.usuario))
    new = NewAccount(
        username_base=form.usuario,
        display_name=form.nombre,
        role=form.rol,
        election_id=form.election_id if form.rol in ELECTION_BOUND_STAFF else None,
        email=form.correo,
        phone=form.telefono,
    )
    return IssuedAccounts(accounts=[await _issue(conn, deps, origin, by, new, utc_now())])


async def issue_scope(
    conn: Connection, deps: ServiceDeps, origin: Origin, by: Principal, form: IssueScope
) -> IssuedAccounts:
    """Issue what a party or independent lacks: where the profile has a party admin, that
    account alone (004 §10-13); elsewhere its capture account (parties) and one
    supervisor account per person named."""
    now = utc_now()  # one moment for them all: they list in user-name order
    known = await known_scope(conn, form.election_id, form.scope)
    name = known.short
    live = await accounts.live_accounts_in_scope(conn, form.election_id, form.scope)
    roles_now = {account.role for account in live}

    def account(base: str, display: str, role: Role, **contact: str | None) -> NewAccount:
        return NewAccount(
            username_base=base,
            display_name=display,
            role=role,
            election_id=form.election_id,
            scope=form.scope,
            **contact,
        )

    kinds = issued_by_the_institute(
        form.scope.kind is ScopeKind.PARTY,
        known.election.party_admin_accounts,
        len(form.supervisores),
    )
    wanted: list[NewAccount] = []
    if "capture" in kinds and Role.CAPTURIST not in roles_now:
        wanted.append(account(f"{name}-captura", f"Captura — {name}", Role.CAPTURIST))
    if "admin" in kinds and Role.PARTY_ADMIN not in roles_now:
        wanted.append(account(f"{name}-admin", f"Administración — {name}", Role.PARTY_ADMIN))
    for person in form.supervisores:
        wanted.append(
            account(
                f"{name}-supervision",
                person.nombre,
                Role.SUPERVISOR,
                email=person.correo,
                phone=person.telefono,
            )
        )
    issued = [await _issue(conn, deps, origin, by, new, now) for new in wanted]
    return IssuedAccounts(accounts=issued)


async def create_sub_account(
    conn: Connection,
    deps: ServiceDeps,
    origin: Origin,
    by: Principal,
    scope: Scope,
    form: CreateSubAccount,
) -> IssuedAccounts:
    """A party admin's capture, validation or supervision account, in its own scope."""
    name = (await known_scope(conn, str(by.election_id), scope)).short
    new = NewAccount(
        username_base=f"{name}-{SUB_ACCOUNT_NAME.get(form.rol, 'cuenta')}",
        display_name=form.nombre,
        role=form.rol,
        election_id=by.election_id,
        scope=scope,
        email=form.correo,
        phone=form.telefono,
    )
    return IssuedAccounts(accounts=[await _issue(conn, deps, origin, by, new, utc_now())])


async def issue_candidacy_account(
    conn: Connection, deps: ServiceDeps, candidacy: CandidacyRegistered
) -> None:
    """A registered candidacy's own account, once, where the profile gives one: a
    candidate account in its capturing party's scope where every candidacy has its own
    (001 §9, 002 §I.A.1.III), an independent's in the candidacy's own — except where the
    institute issues only admin accounts, which create the rest (004 §10-13)."""
    await candidacies.upsert_candidacy(conn, candidacy)
    if await accounts.live_account_of_candidacy(conn, candidacy.candidacy_id) is not None:
        return
    independent = candidacy.capturing_party_id is None
    election = await elections.election(conn, candidacy.election_id)
    rules = (election.candidacy_accounts, election.party_admin_accounts) if election else None
    if rules is not None and not gets_own_account(independent, *rules):
        return
    scope = Scope(
        kind=ScopeKind.INDEPENDENT if independent else ScopeKind.PARTY,
        id=candidacy.candidacy_id if independent else str(candidacy.capturing_party_id),
    )
    party_prefix = "independiente" if independent else scope.id
    issued = await create_account(
        conn,
        deps.settings,
        NewAccount(
            username_base=f"{party_prefix}-{candidacy.owner_name}",
            display_name=candidacy.owner_name,
            role=Role.INDEPENDENT if independent else Role.CANDIDATE,
            election_id=candidacy.election_id,
            scope=scope,
            candidacy_id=candidacy.candidacy_id,
        ),
        created_by=None,
        now=utc_now(),
    )
    await SYSTEM.record(
        conn,
        deps.outbox,
        "account.issue",
        target=account_target(issued.account_id),
        detail={"rol": issued.role.value, "candidatura": candidacy.candidacy_id},
    )
