"""The gateway's copy of the public documents: the public bucket, watched into memory.

Publication materialises every public document into the bucket (contracts/publication.py);
each gateway replica keeps the latest value of every key here, so a public read is a
dictionary lookup, never a trip over the bus (DESIGN §6). The copy is disposable: a new
replica rebuilds it from the bucket before it reports ready.

Each held value carries a strong ETag (its content's digest) and its gzip'd bytes, both
computed once when it arrives, not per request. Whoever needs more than the raw values
(the search index) listens for changes with ``on_change``.
"""

import asyncio
import contextlib
import hashlib
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from isal import igzip
from nats.js import JetStreamContext
from nats.js.kv import KV_DEL, KV_PURGE, KeyValue
from opentelemetry import trace

from contracts import subjects
from services.runtime import bus
from services.runtime.settings import Settings

log = logging.getLogger(__name__)
tracer = trace.get_tracer(__name__)

INITIAL_LOAD_TIMEOUT_S = 120.0


class Held:
    """One document as the gateway serves it: its bytes, a strong ETag (its content's
    digest) and its revision, computed once when it arrives; its gzip'd bytes made the
    first time a client asks for them (ISA-L's level 1: a third of zlib's time for as small
    an answer), so that a replica loading 100,000 documents compresses none of them."""

    __slots__ = ("_gzipped", "etag", "revision", "value")

    def __init__(self, value: bytes, etag: str, revision: int) -> None:
        self.value = value
        self.etag = etag
        self.revision = revision
        self._gzipped: bytes | None = None

    @property
    def gzipped(self) -> bytes:
        if self._gzipped is None:
            self._gzipped = igzip.compress(self.value, compresslevel=1)
        return self._gzipped


def held(value: bytes, revision: int) -> Held:
    digest = hashlib.sha256(value).hexdigest()[:32]
    return Held(value=value, etag=f'"{digest}"', revision=revision)


Listener = Callable[[str, Held | None], None]
"""Called with a key and its new value (None: the key was deleted)."""


@dataclass
class PublicReadModel:
    _held: dict[str, Held] = field(default_factory=dict)
    _listeners: list[Listener] = field(default_factory=list)
    _task: asyncio.Task[None] | None = None
    _watcher: KeyValue.KeyWatcher | None = None
    ready: asyncio.Event = field(default_factory=asyncio.Event)
    _loaded_through: int = 0
    """The bucket's last sequence when the watch started: held once it has arrived."""
    version: int = 0
    """Grows with every change: what a listing's ETag is made of."""

    def get(self, key: str) -> Held | None:
        return self._held.get(key)

    def keys(self, prefix: str) -> Iterator[str]:
        return (k for k in self._held if k.startswith(prefix))

    def on_change(self, listener: Listener) -> None:
        """``listener`` hears of every key held now and of every later change."""
        self._listeners.append(listener)
        for key, value in self._held.items():
            listener(key, value)

    def apply(self, key: str, value: bytes | None, revision: int) -> None:
        current = self._held.get(key)
        if current is not None and current.revision >= revision:
            return  # a redelivery, or older than what is held
        new = None if value is None else held(value, revision)
        if new is None:
            self._held.pop(key, None)
        else:
            self._held[key] = new
        self.version += 1
        for listener in self._listeners:
            listener(key, new)

    async def start(self, js: JetStreamContext, settings: Settings) -> None:
        """Watch the bucket; return once every value already in it is held.

        Held means: the watch has delivered the bucket's last message at the moment it
        started. nats-py's own end-of-initial-values marker can arrive before values the
        server has already sent (its check races with the subscription's queue), so it
        is not trusted; the bucket keeps one message per key, its last one included, so
        that message always arrives.
        """
        kv = await bus.public_bucket(js, settings)
        state = (await js.stream_info(f"KV_{subjects.public_bucket(settings.bus_prefix)}")).state
        self._loaded_through = state.last_seq if state.messages else 0
        if not self._loaded_through:
            self.ready.set()
        self._watcher = await kv.watchall()
        self._task = asyncio.create_task(self._follow(self._watcher), name="public-read-model")
        with tracer.start_as_current_span("public_read_model.load"):
            await asyncio.wait_for(self.ready.wait(), INITIAL_LOAD_TIMEOUT_S)
        log.info("public documents loaded", extra={"documents": len(self._held)})

    async def _follow(self, watcher: KeyValue.KeyWatcher) -> None:
        async for entry in watcher:
            if entry is None:  # nats-py's marker: not trusted (see start)
                continue
            deleted = entry.operation in (KV_DEL, KV_PURGE)
            self.apply(entry.key, None if deleted else entry.value, entry.revision or 0)
            if (entry.revision or 0) >= self._loaded_through:
                self.ready.set()

    async def stop(self) -> None:
        if self._watcher is not None:
            with contextlib.suppress(Exception):
                await self._watcher.stop()  # type: ignore[no-untyped-call]  # nats-py is untyped here
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
