"""Wiring of the accounts service: its requests, event consumers, timers and migrations.

Staff, party, candidate and INE accounts; activation codes, passwords (argon2id),
TOTP for staff, access and refresh tokens, and the scope every permission carries
(DESIGN §1, 000 §4.1, 004 §10-13); notices to each account's inbox and e-mail.
"""

from pathlib import Path

from contracts.operations import accounts as accounts_operations
from contracts.services import ServiceName
from services.accounts.bootstrap import FIRST_ADMIN_COMMAND
from services.accounts.consumers import CONSUMERS
from services.accounts.demo import load_demo
from services.accounts.handlers import account, activation, delivery, notice, session
from services.accounts.timers import TIMERS
from services.runtime.requests import RequestRoute
from services.runtime.service_hooks import DemoData
from services.runtime.service_host import ServiceDefinition

definition = ServiceDefinition(
    name=ServiceName.ACCOUNTS,
    migrations=Path(__file__).parent / "migrations",
    requests=[
        RequestRoute(accounts_operations.SESSION_SIGN_IN, session.sign_in),
        RequestRoute(accounts_operations.SESSION_REFRESH, session.refresh),
        RequestRoute(accounts_operations.SESSION_SIGN_OUT, session.sign_out),
        RequestRoute(accounts_operations.KEYS_PUBLIC, session.public_keys),
        RequestRoute(accounts_operations.ACTIVATION_LOOKUP, activation.lookup),
        RequestRoute(accounts_operations.ACTIVATION_ACTIVATE, activation.activate),
        RequestRoute(accounts_operations.ACTIVATION_CONFIRM_TOTP, activation.confirm_totp),
        RequestRoute(accounts_operations.ACCOUNT_ISSUE_STAFF, account.issue_staff),
        RequestRoute(accounts_operations.ACCOUNT_ISSUE_SCOPE, account.issue_scope),
        RequestRoute(accounts_operations.ACCOUNT_CREATE_SUB, account.create_sub_account),
        RequestRoute(accounts_operations.ACCOUNT_LIST, account.list_accounts),
        RequestRoute(accounts_operations.ACCOUNT_NAMES, account.names),
        RequestRoute(accounts_operations.ACCOUNT_FIND, account.find),
        RequestRoute(accounts_operations.ACCOUNT_REVOKE, account.revoke),
        RequestRoute(accounts_operations.ACCOUNT_REISSUE, account.reissue),
        RequestRoute(accounts_operations.ACCOUNT_CHANGE_ROLE, account.change_role),
        RequestRoute(accounts_operations.DELIVERY_RECEIPT, delivery.receipt),
        RequestRoute(accounts_operations.DELIVERY_RECORD, delivery.record_delivery),
        RequestRoute(accounts_operations.DELIVERY_BOARD, delivery.board),
        RequestRoute(accounts_operations.NOTICE_INBOX, notice.inbox),
        RequestRoute(accounts_operations.NOTICE_MARK_READ, notice.mark_read),
        RequestRoute(accounts_operations.NOTICE_SEND, notice.send),
        RequestRoute(accounts_operations.NOTICE_SEND_TO_SCOPE, notice.send_to_scope),
        RequestRoute(accounts_operations.MAIL_MAILBOX, notice.mailbox),
    ],
    consumers=CONSUMERS,
    timers=TIMERS,
    # The demo's people belong to the demo election's first party: capture loads it first.
    demo=DemoData(load_demo, after=(ServiceName.CAPTURE,)),
    commands=[FIRST_ADMIN_COMMAND],
)
