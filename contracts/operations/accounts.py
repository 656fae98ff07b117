"""Accounts' requests: sign-in and sessions, activation, issuing, deliveries and notices."""

from contracts.accounts import (
    AccountIds,
    AccountList,
    AccountNames,
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
    FoundAccount,
    Inbox,
    IssuedAccounts,
    IssueScope,
    IssueStaff,
    Mailbox,
    NoticeCount,
    NoticeRef,
    RecordDelivery,
    Refresh,
    RoleChange,
    ScopeRef,
    SendNotice,
    SendScopeNotice,
    Session,
    SignIn,
    TokenKeys,
    Username,
)
from contracts.operations import Operation
from contracts.requests import Document, Empty
from contracts.services import ServiceName

S = ServiceName.ACCOUNTS

SESSION_SIGN_IN = Operation(S, "session.sign_in", SignIn, Session)
SESSION_REFRESH = Operation(S, "session.refresh", Refresh, Session)
SESSION_SIGN_OUT = Operation(S, "session.sign_out", Empty, Empty)
KEYS_PUBLIC = Operation(S, "keys.public", Empty, TokenKeys)
ACTIVATION_LOOKUP = Operation(S, "activation.lookup", ActivationCode, ActivationInfo)
ACTIVATION_ACTIVATE = Operation(S, "activation.activate", Activate, Activated)
ACTIVATION_CONFIRM_TOTP = Operation(S, "activation.confirm_totp", ConfirmTotp, Empty)
ACCOUNT_ISSUE_STAFF = Operation(S, "account.issue_staff", IssueStaff, IssuedAccounts)
ACCOUNT_ISSUE_SCOPE = Operation(S, "account.issue_scope", IssueScope, IssuedAccounts)
ACCOUNT_CREATE_SUB = Operation(S, "account.create_sub", CreateSubAccount, IssuedAccounts)
ACCOUNT_LIST = Operation(S, "account.list", AccountQuery, AccountList)
ACCOUNT_NAMES = Operation(S, "account.names", AccountIds, AccountNames)
ACCOUNT_FIND = Operation(S, "account.find", Username, FoundAccount)
ACCOUNT_REVOKE = Operation(S, "account.revoke", AccountRef, AccountView)
ACCOUNT_REISSUE = Operation(S, "account.reissue", AccountRef, IssuedAccounts)
ACCOUNT_CHANGE_ROLE = Operation(S, "account.change_role", RoleChange, AccountView)
DELIVERY_RECEIPT = Operation(S, "delivery.receipt", ScopeRef, Document)
DELIVERY_RECORD = Operation(S, "delivery.record", RecordDelivery, DeliveryStatus)
DELIVERY_BOARD = Operation(S, "delivery.board", Empty, DeliveryBoard)
NOTICE_INBOX = Operation(S, "notice.inbox", Empty, Inbox)
NOTICE_MARK_READ = Operation(S, "notice.mark_read", NoticeRef, Empty)
NOTICE_SEND = Operation(S, "notice.send", SendNotice, NoticeRef)
NOTICE_SEND_TO_SCOPE = Operation(S, "notice.send_to_scope", SendScopeNotice, NoticeCount)
MAIL_MAILBOX = Operation(S, "mail.mailbox", Empty, Mailbox)
