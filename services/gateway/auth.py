"""Who is calling: access tokens verified at the gateway, revocations learnt at once.

The gateway verifies each access token with the public keys accounts publishes (fetched
again when a token names a key it has not seen: rotation). Revocations arrive as
``sessions.revoked`` events: at start the gateway replays those of the last access-token
lifetime from the stream, then follows it live, so a revoked session or a reissued
account is refused by every gateway within milliseconds, not when its token expires.
"""

import asyncio
import logging
import time
from collections import OrderedDict
from datetime import timedelta
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from nats.aio.msg import Msg
from nats.js import JetStreamContext
from nats.js.api import ConsumerConfig, DeliverPolicy

from contracts import subjects
from contracts.accounts import SESSIONS_REVOKED, SessionsRevoked
from contracts.envelope import EventEnvelope, new_event_id, utc_now
from contracts.operations import accounts as accounts_operations
from contracts.requests import Empty, Principal
from contracts.services import ServiceName
from services.runtime import bus
from services.runtime.requests import RequestClient, RequestFailed
from services.runtime.settings import Settings
from services.runtime.tokens import (
    TokenRejected,
    VerifiedToken,
    public_key_from_text,
    token_kid,
    verify_access_token,
)

log = logging.getLogger(__name__)
KEY_FETCH_INTERVAL_S = 1.0
MAX_KID_LENGTH = 64
VERIFIED_CACHE_SIZE = 50_000


class Revocations:
    """Sessions and credential versions that no longer count."""

    def __init__(self) -> None:
        self.sessions: set[str] = set()
        self.min_version: dict[str, int] = {}

    def apply(self, revoked: SessionsRevoked) -> None:
        self.sessions.update(revoked.session_ids)
        if revoked.credential_version is not None:
            current = self.min_version.get(revoked.account_id, 0)
            self.min_version[revoked.account_id] = max(current, revoked.credential_version)

    def refuses(self, principal: Principal, credential_version: int) -> bool:
        if principal.session_id in self.sessions:
            return True
        return credential_version < self.min_version.get(principal.account_id, 0)


class Authenticator:
    def __init__(self, settings: Settings, services: RequestClient) -> None:
        self._settings = settings
        self._services = services
        self._keys: dict[str, Ed25519PublicKey] = {}
        self._issuer = ""
        self._fetched_at = 0.0
        self._fetch_lock = asyncio.Lock()
        self.revocations = Revocations()
        self._verified: OrderedDict[str, VerifiedToken] = OrderedDict()
        self._subscription: Any = None

    async def start(self, js: JetStreamContext) -> None:
        """Follow revocations from one token lifetime ago; then fetch the keys."""
        await bus.ensure_stream(js, bus.event_stream_config(self._settings, ServiceName.ACCOUNTS))
        since = utc_now() - timedelta(seconds=self._settings.access_token_ttl_s + 60)
        subject = subjects.event_subject(
            self._settings.bus_prefix,
            ServiceName.ACCOUNTS,
            SESSIONS_REVOKED.event_type,
            SESSIONS_REVOKED.version,
        )

        async def on_revocation(msg: Msg) -> None:
            envelope = EventEnvelope.model_validate_json(msg.data)
            self.revocations.apply(SessionsRevoked.model_validate(envelope.data))

        self._subscription = await js.subscribe(
            subject,
            cb=on_revocation,
            ordered_consumer=True,
            config=ConsumerConfig(
                deliver_policy=DeliverPolicy.BY_START_TIME,
                opt_start_time=since,
            ),
        )
        try:
            await self._refresh_keys(force=True)
        except RequestFailed as failed:  # accounts may start after the gateway
            log.warning("token keys not fetched yet: %s", failed.error.detail)

    async def stop(self) -> None:
        if self._subscription is not None:
            await self._subscription.unsubscribe()

    async def _refresh_keys(self, *, force: bool = False, wanted: str | None = None) -> None:
        """Fetch the published keys; at most once a second, so tokens naming made-up keys
        cannot flood accounts (a token of a just-rotated key waits that second at most)."""
        async with self._fetch_lock:
            if wanted is not None and wanted in self._keys:
                return  # another request fetched it meanwhile
            wait = KEY_FETCH_INTERVAL_S - (time.monotonic() - self._fetched_at)
            if not force and wait > 0:
                await asyncio.sleep(wait)  # allowed: the rate limit of key fetches
            self._fetched_at = time.monotonic()
            published = await self._services.ask(
                accounts_operations.KEYS_PUBLIC, Empty(), request_id=str(new_event_id())
            )
            self._issuer = published.issuer
            self._keys = {k.kid: public_key_from_text(k.public_key) for k in published.keys}

    async def verify(self, token: str) -> Principal:
        """The token's principal; raises TokenRejected when it is not (or no longer) good.

        A token's signature is checked once (Ed25519 costs ~120 µs here) and the result
        kept while it lives; expiry and revocation are checked on every request."""
        verified = self._verified.get(token)
        if verified is None:
            kid = token_kid(token)
            if kid is not None and kid not in self._keys and len(kid) <= MAX_KID_LENGTH:
                await self._refresh_keys(wanted=kid)
            verified = verify_access_token(token, self._keys, issuer=self._issuer, kid=kid)
            self._verified[token] = verified
            if len(self._verified) > VERIFIED_CACHE_SIZE:
                self._verified.popitem(last=False)
        if verified.expires_at_s <= time.time():
            self._verified.pop(token, None)
            raise TokenRejected
        if self.revocations.refuses(verified.principal, verified.credential_version):
            raise TokenRejected
        return verified.principal
