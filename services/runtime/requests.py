"""Request/reply over NATS: the service side (responders) and the gateway side (client).

A request travels on ``<prefix>.req.<service>.<operation>`` to the service's queue
group. The responder parses the typed payload, runs the handler and answers an
``OkReply`` or a ``FailedReply`` with a typed error; nothing escapes as a traceback.

Both sides use the NATS connection itself (nats-py), not FastStream's request and
subscriber: those cost about half of a service's time per request and three spans more
per hop (bench/hop.py). A trace of a hop is the caller's client span (``request
<service>.<operation>``) and the service's server span below it (``process …``), the
W3C context riding the NATS headers.
"""

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import nats.errors
import orjson
from faststream.nats import NatsBroker
from nats.aio.client import Client as NATS
from nats.aio.msg import Msg
from nats.aio.subscription import Subscription
from opentelemetry import propagate, trace
from opentelemetry.trace import SpanKind, Tracer
from pydantic import BaseModel, ValidationError

from contracts import subjects
from contracts.activity import DetailValue, Outcome
from contracts.errors import ErrorCode, ErrorReply
from contracts.operations import Operation
from contracts.requests import Empty, FailedReply, Principal, Request
from contracts.validation_messages import field_problems
from services.runtime.service_deps import ServiceDeps
from services.runtime.telemetry import span_unless_unkept

log = logging.getLogger(__name__)
MAX_IN_FLIGHT = 64
"""Requests one service process answers at once; the next wait in their subscription."""


class RequestRefused(Exception):
    """Raised by a handler to answer a typed error (the handler maps domain errors)."""

    def __init__(self, error: ErrorReply) -> None:
        super().__init__(error.detail)
        self.error = error


PayloadT = TypeVar("PayloadT", bound=BaseModel)
ReplyT = TypeVar("ReplyT", bound=BaseModel)


@dataclass(frozen=True)
class RequestRoute(Generic[PayloadT, ReplyT]):
    """The handler that answers ``operation``: it takes the operation's payload and must
    give its reply (mypy checks both against the operation's declaration)."""

    operation: Operation[PayloadT, ReplyT]
    handler: Callable[[ServiceDeps, Request[PayloadT]], Awaitable[ReplyT]]


OUTCOME_OF: dict[ErrorCode, Outcome] = {
    ErrorCode.UNAUTHENTICATED: Outcome.DENIED,
    ErrorCode.FORBIDDEN: Outcome.DENIED,
    ErrorCode.TOO_MANY_REQUESTS: Outcome.DENIED,
    ErrorCode.INVALID_REQUEST: Outcome.INVALID,
    ErrorCode.NOT_FOUND: Outcome.INVALID,
    ErrorCode.CONFLICT: Outcome.INVALID,
}


@dataclass(frozen=True)
class Refusal:
    """A signed-in caller's request that was refused or failed, for the activity log."""

    action: str
    outcome: Outcome
    principal: Principal
    request_id: str | None
    client_address: str | None
    detail: dict[str, DetailValue]


RefusalRecorder = Callable[[Refusal], Awaitable[None]]


ANY_REQUEST = Request[BaseModel]
"""Made once: pydantic makes a parametrised generic model anew once the last one made is
collected, which a request's every call did (a class built per request, bench/hop.py)."""
EMPTY_REQUEST = Request[Empty]


def _envelope_of(body: dict[str, Any]) -> Request[Empty] | None:
    """The request's envelope (principal, ids) even when its payload is invalid."""
    try:
        return EMPTY_REQUEST.model_validate({**body, "payload": {}})
    except ValidationError:
        return None


def _parsed(data: bytes) -> dict[str, Any]:
    try:
        body = orjson.loads(data)
    except orjson.JSONDecodeError:
        return {}
    return body if isinstance(body, dict) else {}


def _ok(result: BaseModel) -> bytes:
    """``OkReply(data=result)`` as JSON, serialised once (no dict in between)."""
    return (
        b'{"ok":true,"data":' + result.__pydantic_serializer__.to_json(result, by_alias=True) + b"}"
    )


def _failed(error: ErrorReply) -> bytes:
    return FailedReply(error=error).model_dump_json().encode()


def responder(
    deps: ServiceDeps, route: RequestRoute[Any, Any], record_refusal: RefusalRecorder
) -> Callable[[bytes], Awaitable[bytes]]:
    """What answers ``route``: a request's bytes in, the reply's bytes out; a refusal or
    failure of a signed-in caller's request is recorded in the activity log
    (``record_refusal``), with the operation as its action."""
    service, operation = deps.service, route.operation.name
    request_model = Request[route.operation.payload]  # type: ignore[name-defined]  # a model built at run time from the route's payload

    async def refuse(error: ErrorReply, data: bytes) -> bytes:
        envelope = _envelope_of(_parsed(data))
        if envelope is not None and envelope.principal is not None:
            await record_refusal(
                Refusal(
                    action=operation,
                    outcome=OUTCOME_OF.get(error.code, Outcome.ERROR),
                    principal=envelope.principal,
                    request_id=envelope.request_id,
                    client_address=envelope.client_address,
                    detail={"codigo": error.code.value, "campos": [p.field for p in error.fields]},
                )
            )
        return _failed(error)

    async def respond(data: bytes) -> bytes:
        try:
            request = request_model.model_validate_json(data)
        except ValidationError as invalid:
            reply = ErrorReply.of(
                ErrorCode.INVALID_REQUEST, "Revise los campos señalados."
            ).model_copy(update={"fields": field_problems(invalid, skip=("payload",))})
            return await refuse(reply, data)
        try:
            result = await route.handler(deps, request)
        except RequestRefused as refused:
            return await refuse(refused.error, data)
        except Exception:
            log.exception("request %s.%s failed", service, operation)
            failure = ErrorReply.of(
                ErrorCode.INTERNAL,
                "El servicio no pudo completar la solicitud. Si persiste, repórtelo citando "
                "el identificador de rastreo.",
            )
            return await refuse(failure, data)
        return _ok(result)

    return respond


class Responders:
    """A service's request subscriptions, on the NATS connection itself (nats-py): each
    request is answered in a task of its own, at most ``MAX_IN_FLIGHT`` at once, so a slow
    one does not hold those behind it, and under a server span of its own that continues
    the caller's trace (W3C ``traceparent`` in the NATS headers). ``stop`` takes no new
    request and lets those in hand finish."""

    def __init__(
        self,
        deps: ServiceDeps,
        routes: list[RequestRoute[Any, Any]],
        record_refusal: RefusalRecorder,
        tracer: Tracer,
    ) -> None:
        self._deps, self._routes, self._record, self._tracer = deps, routes, record_refusal, tracer
        self._subscriptions: list[Subscription] = []
        self._in_flight: set[asyncio.Task[None]] = set()
        self._slots = asyncio.Semaphore(MAX_IN_FLIGHT)

    async def start(self, connection: NATS) -> None:
        prefix, service = self._deps.settings.bus_prefix, self._deps.service
        for route in self._routes:
            subject = subjects.request_subject(prefix, service, route.operation.name)
            answer = self._answering(subject, responder(self._deps, route, self._record))
            subscription = await connection.subscribe(
                subject, queue=subjects.queue_group(service), cb=answer
            )
            self._subscriptions.append(subscription)

    def _answering(
        self, subject: str, respond: Callable[[bytes], Awaitable[bytes]]
    ) -> Callable[[Msg], Awaitable[None]]:
        name = "process " + subject.removeprefix(self._deps.settings.bus_prefix + ".req.")

        async def answer(msg: Msg) -> None:
            try:
                with span_unless_unkept(
                    self._tracer,
                    name,
                    context=propagate.extract(msg.headers or {}),
                    kind=SpanKind.SERVER,
                    attributes={
                        "messaging.system": "nats",
                        "messaging.destination.name": subject,
                        "messaging.operation": "process",
                        "messaging.message.payload_size_bytes": len(msg.data),
                    },
                ):
                    reply = await respond(msg.data)
                    if msg.reply:
                        await msg.respond(reply)
            except Exception:
                log.exception("request on %s not answered", subject)
            finally:
                self._slots.release()

        async def arrived(msg: Msg) -> None:
            await self._slots.acquire()  # when all are busy, the next waits in its queue
            task = asyncio.create_task(answer(msg))
            self._in_flight.add(task)
            task.add_done_callback(self._in_flight.discard)

        return arrived

    async def stop(self, grace_s: float) -> None:
        for subscription in self._subscriptions:
            with contextlib.suppress(nats.errors.Error):
                await subscription.drain()  # type: ignore[no-untyped-call]  # nats-py leaves it unannotated
        self._subscriptions = []
        if self._in_flight:
            await asyncio.wait(set(self._in_flight), timeout=grace_s)


class RequestFailed(Exception):
    def __init__(self, error: ErrorReply) -> None:
        super().__init__(error.detail)
        self.error = error


class RequestClient:
    """Calls services from the gateway (or from another service), with a timeout."""

    def __init__(
        self, broker: NatsBroker, prefix: str, timeout_s: float, tracer: Tracer | None = None
    ) -> None:
        """``tracer``: where the client spans go (the process's tracer provider's unless
        told, as the gateway tells its own)."""
        self._broker = broker
        self._prefix = prefix
        self._timeout_s = timeout_s
        self._tracer = tracer or trace.get_tracer(__name__)

    async def ask(
        self,
        operation: Operation[PayloadT, ReplyT],
        payload: PayloadT,
        *,
        request_id: str,
        principal: Principal | None = None,
        client_address: str | None = None,
        timeout_s: float | None = None,
    ) -> ReplyT:
        """The reply as the model ``operation`` declares; raises RequestFailed with a typed
        error otherwise (a reply that does not fit the model is the service's failure)."""
        data = await self.call(
            operation.service,
            operation.name,
            payload,
            request_id=request_id,
            principal=principal,
            client_address=client_address,
            timeout_s=timeout_s,
        )
        try:
            return operation.reply.model_validate(data)
        except ValidationError:
            log.exception("reply of %s does not fit %s", operation, operation.reply.__name__)
            raise RequestFailed(
                ErrorReply.of(
                    ErrorCode.INTERNAL, f"Respuesta ilegible del servicio «{operation.service}»."
                )
            ) from None

    async def call(
        self,
        service: str,
        operation: str,
        payload: BaseModel,
        *,
        request_id: str,
        principal: Principal | None = None,
        client_address: str | None = None,
        timeout_s: float | None = None,
    ) -> dict[str, Any]:
        """The reply's data; raises RequestFailed with a typed error otherwise."""
        body = ANY_REQUEST(
            principal=principal,
            request_id=request_id,
            client_address=client_address,
            payload=payload,
        ).model_dump_json(serialize_as_any=True)
        subject = subjects.request_subject(self._prefix, service, operation)
        with span_unless_unkept(
            self._tracer,
            f"request {service}.{operation}",
            kind=SpanKind.CLIENT,
            attributes={
                "messaging.system": "nats",
                "messaging.destination.name": subject,
                "messaging.operation": "request",
            },
        ):
            headers: dict[str, str] = {}
            propagate.inject(headers)
            try:
                message = await self._broker.connection.request(
                    subject, body.encode(), timeout=timeout_s or self._timeout_s, headers=headers
                )
            except (TimeoutError, nats.errors.TimeoutError):
                raise RequestFailed(
                    ErrorReply.of(
                        ErrorCode.TIMEOUT, f"El servicio «{service}» no respondió a tiempo."
                    )
                ) from None
            except (nats.errors.NoRespondersError, nats.errors.ConnectionClosedError):
                raise RequestFailed(
                    ErrorReply.of(
                        ErrorCode.SERVICE_UNAVAILABLE,
                        f"El servicio «{service}» no está disponible.",
                    )
                ) from None
        reply = _parsed(message.data)
        if reply.get("ok") is True and isinstance(reply.get("data"), dict):
            data: dict[str, Any] = reply["data"]
            return data
        try:
            failed = FailedReply.model_validate(reply)
        except ValidationError:
            raise RequestFailed(
                ErrorReply.of(ErrorCode.INTERNAL, f"Respuesta ilegible del servicio «{service}».")
            ) from None
        raise RequestFailed(failed.error)
