"""Wiring of the accounts service: its requests, event consumers, timers and migrations.

Staff, party, candidate and INE accounts; activation codes, passwords (argon2id),
TOTP for staff, access and refresh tokens, and the scope every permission carries
(DESIGN §1, 000 §4.1, 004 §10-13); notices to each account's inbox and e-mail.
"""

from pathlib import Path

from contracts.accounts import (
    AccountQuery,
    AccountRef,
    Activate,
    ActivationCode,
    ConfirmTotp,
    CreateSubAccount,
    IssueScope,
    IssueStaff,
    NoticeRef,
    RecordDelivery,
    Refresh,
    RoleChange,
    ScopeRef,
    SendNotice,
    SendScopeNotice,
    SignIn,
)
from contracts.requests import Empty
from contracts.services import ServiceName
from services.accounts.consumers import accounts_consumers
from services.accounts.handlers import activation, deliveries, issuing, notices, sign_in
from services.accounts.notices import MAIL_TIMER
from services.runtime.requests import RequestRoute
from services.runtime.service_host import ServiceDefinition

definition = ServiceDefinition(
    name=ServiceName.ACCOUNTS,
    migrations=Path(__file__).parent / "migrations",
    requests=[
        RequestRoute("session.sign_in", SignIn, sign_in.sign_in),
        RequestRoute("session.refresh", Refresh, sign_in.refresh),
        RequestRoute("session.sign_out", Empty, sign_in.sign_out),
        RequestRoute("keys.public", Empty, sign_in.public_keys),
        RequestRoute("activation.lookup", ActivationCode, activation.lookup),
        RequestRoute("activation.activate", Activate, activation.activate),
        RequestRoute("activation.confirm_totp", ConfirmTotp, activation.confirm_totp),
        RequestRoute("account.issue_staff", IssueStaff, issuing.issue_staff),
        RequestRoute("account.issue_scope", IssueScope, issuing.issue_scope),
        RequestRoute("account.create_sub", CreateSubAccount, issuing.create_sub_account),
        RequestRoute("account.list", AccountQuery, issuing.list_accounts),
        RequestRoute("account.revoke", AccountRef, issuing.revoke),
        RequestRoute("account.reissue", AccountRef, issuing.reissue),
        RequestRoute("account.change_role", RoleChange, issuing.change_role),
        RequestRoute("delivery.receipt", ScopeRef, deliveries.receipt),
        RequestRoute("delivery.record", RecordDelivery, deliveries.record_delivery),
        RequestRoute("delivery.board", Empty, deliveries.board),
        RequestRoute("notice.inbox", Empty, notices.inbox),
        RequestRoute("notice.mark_read", NoticeRef, notices.mark_read),
        RequestRoute("notice.send", SendNotice, notices.send),
        RequestRoute("notice.send_to_scope", SendScopeNotice, notices.send_to_scope),
        RequestRoute("mail.mailbox", Empty, notices.mailbox),
    ],
    build_consumers=accounts_consumers,
    timers=[MAIL_TIMER],
)
