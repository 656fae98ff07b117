"""The accounts service's contracts: sign-in, tokens, issuing and delivering accounts,
notices, and the events other services rely on.

Field names people type are Spanish (they reach forms and the JSON API); field names of
machine values stay English.
"""

from datetime import date, datetime
from enum import StrEnum

from pydantic import AwareDatetime, BaseModel, ConfigDict, EmailStr, Field, model_validator

from contracts.catalog import EventSpec, register
from contracts.roles import Role
from contracts.services import ServiceName


class ScopeKind(StrEnum):
    PARTY = "party"
    INDEPENDENT = "independent"


class Scope(BaseModel):
    """Whose accounts: a party, or an independent candidacy's team. A value: frozen, so
    the events that carry it are immutable all the way down."""

    model_config = ConfigDict(frozen=True)

    kind: ScopeKind
    id: str = Field(min_length=1, max_length=60)


class AccountStatus(StrEnum):
    PENDING = "pending"  # issued; its activation code not used yet
    ENROLLING = "enrolling"  # password set; staff still to confirm TOTP
    ACTIVE = "active"
    REVOKED = "revoked"


# ----- sign-in and sessions ------------------------------------------------------------
# Passwords and tokens travel in clear inside the bus's TLS and never reach a log: they
# are left out of every repr, and no handler logs a payload.


class SignIn(BaseModel):
    usuario: str = Field(min_length=1, max_length=120)
    contrasena: str = Field(min_length=1, max_length=1024, repr=False)
    codigo_totp: str | None = Field(default=None, max_length=10)


ACCOUNT_STATUS_LABEL = {
    AccountStatus.PENDING: "Pendiente de activar",
    AccountStatus.ENROLLING: "Falta el segundo factor",
    AccountStatus.ACTIVE: "Activa",
    AccountStatus.REVOKED: "Revocada",
}


class AccountView(BaseModel):
    account_id: str
    usuario: str
    nombre: str
    role: Role = Field(description="A stable code.")
    role_label: str = Field(default="", description="The role, as a person reads it.")
    status: AccountStatus = Field(description="A stable code.")
    status_label: str = Field(default="", description="The status, as a person reads it.")
    election_id: str | None = None
    scope: Scope | None = None
    correo: str | None = None
    telefono: str | None = None
    created_at: datetime
    activated_at: datetime | None = None
    revoked_at: datetime | None = None
    code_expires_at: datetime | None = None


class Session(BaseModel):
    """A signed-in session: a short-lived access token and a rotating refresh token."""

    session_id: str
    access_token: str
    access_expires_at: datetime
    refresh_token: str
    refresh_expires_at: datetime
    account: AccountView


class Refresh(BaseModel):
    refresh_token: str = Field(min_length=1, max_length=200, repr=False)


class TokenKey(BaseModel):
    kid: str
    public_key: str = Field(description="Ed25519 public key, base64url (JWK 'x').")
    retired: bool = False


class TokenKeys(BaseModel):
    issuer: str
    keys: list[TokenKey]


# ----- activation ----------------------------------------------------------------------


class ActivationCode(BaseModel):
    codigo: str = Field(min_length=1, max_length=60)


class ActivationInfo(BaseModel):
    usuario: str
    nombre: str
    role: Role
    requires_totp: bool


class Activate(BaseModel):
    codigo: str = Field(min_length=1, max_length=60)
    contrasena: str = Field(min_length=1, max_length=1024, repr=False)
    confirmacion: str = Field(min_length=1, max_length=1024, repr=False)


class TotpEnrolment(BaseModel):
    ticket: str = Field(description="Proves the password step; valid for a few minutes.")
    secret: str
    otpauth_uri: str
    qr_svg: str


class Activated(BaseModel):
    usuario: str
    totp: TotpEnrolment | None = None


class ConfirmTotp(BaseModel):
    ticket: str = Field(min_length=1, max_length=200)
    codigo_totp: str = Field(min_length=6, max_length=10)


# ----- issuing, listing, revoking ------------------------------------------------------


class Contact(BaseModel):
    nombre: str = Field(min_length=1, max_length=200)
    correo: EmailStr | None = None
    telefono: str | None = Field(default=None, max_length=30)


class IssueStaff(Contact):
    rol: Role
    usuario: str = Field(min_length=3, max_length=60, pattern=r"^[a-z0-9][a-z0-9._-]*$")
    election_id: str | None = Field(
        default=None,
        min_length=1,
        max_length=60,
        description="Only for the registration system's account (the one election it "
        "feeds) and a verifier's (the one election it moderates); by default, every "
        "election of the deployment.",
    )


class IssueScope(BaseModel):
    """Issue a party's (or an independent's) accounts (000 §3.3-3.4, 004 §10-13)."""

    election_id: str = Field(min_length=1, max_length=60)
    scope: Scope
    supervisores: list[Contact] = Field(default_factory=list, max_length=20)


class CreateSubAccount(Contact):
    rol: Role


class IssuedAccount(BaseModel):
    account_id: str
    usuario: str
    nombre: str
    role: Role
    codigo: str
    vence: datetime


class IssuedAccounts(BaseModel):
    accounts: list[IssuedAccount]


class AccountQuery(BaseModel):
    account_id: str | None = Field(default=None, max_length=60)
    election_id: str | None = None
    scope_kind: ScopeKind | None = None
    scope_id: str | None = None
    rol: Role | None = None
    estado: AccountStatus | None = None


class AccountIds(BaseModel):
    ids: list[str] = Field(max_length=100)


class Username(BaseModel):
    usuario: str = Field(min_length=1, max_length=120)


class FoundAccount(BaseModel):
    account_id: str


class AccountNames(BaseModel):
    """How each account is named where people read it: «usuario (nombre)». Support and
    the admin learn any account's; anyone else only their own."""

    names: dict[str, str]


class AccountList(BaseModel):
    accounts: list[AccountView]


class AccountRef(BaseModel):
    account_id: str = Field(min_length=1, max_length=60)


class RoleChange(AccountRef):
    rol: Role


class ScopeRef(BaseModel):
    election_id: str = Field(min_length=1, max_length=60)
    scope_kind: ScopeKind
    scope_id: str = Field(min_length=1, max_length=60)


class RecordDelivery(ScopeRef):
    entregado_en: AwareDatetime | None = Field(
        default=None, description="Cuándo se entregaron; por omisión, ahora."
    )
    candidacy_id: str | None = Field(
        default=None,
        min_length=1,
        max_length=60,
        description="La candidatura sustituta cuyas cuentas se entregan ahora (su plazo "
        "de captura corre desde esta entrega); por omisión, las del ámbito.",
    )


class DeliveryState(StrEnum):
    NOT_ISSUED = "sin_emitir"
    PENDING = "pendiente"
    OVERDUE = "vencida"
    DELIVERED = "entregada"


DELIVERY_STATE_LABEL = {
    DeliveryState.NOT_ISSUED: "Sin emitir",
    DeliveryState.PENDING: "Pendiente",
    DeliveryState.OVERDUE: "Vencida",
    DeliveryState.DELIVERED: "Entregada",
}
SCOPE_KIND_LABEL = {ScopeKind.PARTY: "Partido", ScopeKind.INDEPENDENT: "Candidatura independiente"}


class DeliveryStatus(BaseModel):
    """A scope's (or a substitute's) accounts on the admin's board: codes for programs,
    labels for people."""

    election_id: str
    scope: Scope
    candidacy_id: str | None = Field(default=None, description="A substitute's own delivery.")
    name: str
    accounts: int
    due_at: datetime | None
    delivery_days: int | None = Field(
        default=None,
        description="The profile's deadline: days after the candidacy's approval within "
        "which its accounts are delivered (002 §II.A); None where it sets none.",
    )
    delivered_at: datetime | None
    state: DeliveryState = Field(description="A stable code.")
    state_label: str = Field(default="", description="The state, as a person reads it.")
    kind_label: str = Field(default="", description="The scope's kind, as a person reads it.")
    supervisor_designated: bool | None = Field(
        default=None,
        description="A party has designated its supervisor, with name and a contact "
        "(000 §4.1, 001 §24); None where it does not apply (independents, substitutes).",
    )
    designate_by: date | None = Field(
        default=None,
        description="The last day to designate the supervisor: before the campaigns start "
        "(000 §4.1); None where the calendar gives no start, or it does not apply.",
    )
    admin_account_only: bool = Field(
        default=False,
        description="The institute issues this party or independent only its admin "
        "account, which creates its capture, validation and supervision accounts (004 §10-13).",
    )

    @model_validator(mode="after")
    def _labelled(self) -> "DeliveryStatus":
        self.state_label = DELIVERY_STATE_LABEL[self.state]
        self.kind_label = SCOPE_KIND_LABEL[self.scope.kind]
        return self


class DeliveryBoard(BaseModel):
    deliveries: list[DeliveryStatus]


# ----- notices -------------------------------------------------------------------------


class Notice(BaseModel):
    notice_id: str
    subject: str
    body: str
    created_at: datetime
    read_at: datetime | None


class Inbox(BaseModel):
    notices: list[Notice]
    unread: int


class NoticeRef(BaseModel):
    notice_id: str = Field(min_length=1, max_length=60)


class SendNotice(BaseModel):
    """Another service's notice to one account (moderation, deadlines, incidents)."""

    account_id: str
    subject: str = Field(min_length=1, max_length=200)
    body: str = Field(min_length=1, max_length=5000)


class SendScopeNotice(BaseModel):
    """A service's notice to a party's (or independent's) accounts of some roles, and to a
    candidacy's own account; ``key`` makes a repeated send reach each inbox once."""

    election_id: str
    scope: Scope
    roles: list[Role] = Field(default_factory=list)
    candidacy_id: str | None = None
    subject: str = Field(min_length=1, max_length=200)
    body: str = Field(min_length=1, max_length=5000)
    key: str = Field(min_length=1, max_length=200)


class NoticeCount(BaseModel):
    sent: int


class MailMessage(BaseModel):
    message_id: str
    to: str
    subject: str
    body: str
    created_at: datetime
    sent_at: datetime | None


class Mailbox(BaseModel):
    messages: list[MailMessage]


# ----- events --------------------------------------------------------------------------


class CredentialsDelivered(BaseModel):
    """The moment a party's or independent's accounts were handed over: it starts their
    15-day capture window (000 §3.2)."""

    model_config = ConfigDict(frozen=True)

    election_id: str
    scope: Scope
    delivered_at: AwareDatetime
    candidacy_id: str | None = Field(
        default=None, description="A substitute's accounts, delivered after its party's."
    )


class SessionsRevoked(BaseModel):
    """Sessions that must die at once, everywhere (sign-out, revocation, reissue)."""

    model_config = ConfigDict(frozen=True)

    account_id: str
    session_ids: tuple[str, ...] = ()
    credential_version: int | None = Field(
        default=None, description="Tokens of an older credential version are dead too."
    )


CREDENTIALS_DELIVERED = register(
    EventSpec(
        event_type="credentials.delivered",
        version=1,
        producer=ServiceName.ACCOUNTS,
        data_model=CredentialsDelivered,
        summary="Se entregaron las cuentas de un partido o candidatura independiente.",
    )
)
SESSIONS_REVOKED = register(
    EventSpec(
        event_type="sessions.revoked",
        version=1,
        producer=ServiceName.ACCOUNTS,
        data_model=SessionsRevoked,
        summary="Sesiones que dejan de valer de inmediato (cierre, revocación o reemisión).",
    )
)
