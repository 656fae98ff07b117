"""A durable JetStream pull consumer that hands its handler whole batches.

Why not FastStream's pull subscriber here: its plain mode handles a fetched batch's
messages concurrently (no order, one transaction each), and its batch mode waits to fill
the batch, which adds up to its timeout in latency when events trickle. This loop takes
at once whatever is already there (up to the batch size) and, when nothing is, waits for
the first message alone, so a lone event is handled as it arrives and a burst is handled
in batches.

Stopping lets the batch in hand finish; messages not yet handled are not acked and come
again after the ack wait.
"""

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

import nats.errors
from nats.aio.msg import Msg
from nats.js import JetStreamContext
from nats.js.api import ConsumerConfig

log = logging.getLogger(__name__)

BatchHandler = Callable[[list[Msg]], Awaitable[None]]
FIRST_MESSAGE_WAIT_S = 1.0
TAKE_WAITING_S = 0.001


class PullConsumer:
    def __init__(
        self,
        js: JetStreamContext,
        stream: str,
        config: ConsumerConfig,
        handle: BatchHandler,
        *,
        batch_size: int = 200,
    ) -> None:
        self._js = js
        self._stream = stream
        self._config = config
        self._handle = handle
        self._batch_size = batch_size
        self._stopping = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._fetching: asyncio.Task[list[Msg]] | None = None

    @property
    def durable(self) -> str:
        assert self._config.durable_name is not None
        return self._config.durable_name

    async def start(self) -> None:
        # Create, or bring an existing durable consumer in line with this config.
        await self._js.add_consumer(self._stream, self._config)
        subscription = await self._js.pull_subscribe_bind(
            self.durable, stream=self._stream, pending_msgs_limit=10 * self._batch_size
        )
        self._task = asyncio.create_task(self._run(subscription), name=f"consumer-{self.durable}")

    async def stop(self) -> None:
        self._stopping.set()
        if self._fetching is not None:
            self._fetching.cancel()
        if self._task is not None:
            await self._task

    async def _run(self, subscription: JetStreamContext.PullSubscription) -> None:
        while not self._stopping.is_set():
            try:
                batch = await self._next_batch(subscription)
            except asyncio.CancelledError:
                if self._stopping.is_set():
                    break
                raise
            except (nats.errors.Error, OSError) as error:
                log.warning("consumer %s could not fetch: %r", self.durable, error)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stopping.wait(), timeout=1.0)
                continue
            if batch:
                try:
                    await self._handle(batch)
                except Exception:
                    # The boundary of the loop: whatever a batch did, the consumer goes
                    # on; the batch's unacked messages come again after the ack wait.
                    log.exception("consumer %s failed on a batch of %s", self.durable, len(batch))
        with contextlib.suppress(Exception):
            await subscription.unsubscribe()

    async def _next_batch(self, subscription: JetStreamContext.PullSubscription) -> list[Msg]:
        """What is already there (up to a batch) at once; else wait for the first one."""
        with contextlib.suppress(TimeoutError):
            return await subscription.fetch(self._batch_size, timeout=TAKE_WAITING_S)
        self._fetching = asyncio.create_task(subscription.fetch(1, timeout=FIRST_MESSAGE_WAIT_S))
        try:
            return await self._fetching
        except TimeoutError:
            return []
        finally:
            self._fetching = None
