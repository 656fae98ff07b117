"""Request/reply over NATS: the service side (responders) and the gateway side (client).

A request travels on ``<prefix>.req.<service>.<operation>`` to the service's queue
group. The responder parses the typed payload, runs the handler and answers an
``OkReply`` or a ``FailedReply`` with a typed error; nothing escapes as a traceback.
"""

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import nats.errors
from faststream.nats import NatsBroker
from pydantic import BaseModel, ValidationError

from contracts import subjects
from contracts.activity import DetailValue, Outcome
from contracts.errors import ErrorCode, ErrorReply
from contracts.operations import Operation
from contracts.requests import Empty, FailedReply, OkReply, Principal, Request
from contracts.validation_messages import field_problems
from services.runtime.service_deps import ServiceDeps

log = logging.getLogger(__name__)


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


def _envelope_of(body: dict[str, Any]) -> Request[Empty] | None:
    """The request's envelope (principal, ids) even when its payload is invalid."""
    try:
        return Request[Empty].model_validate({**body, "payload": {}})
    except ValidationError:
        return None


def subscribe_route(
    broker: NatsBroker,
    prefix: str,
    deps: ServiceDeps,
    route: RequestRoute[Any, Any],
    record_refusal: RefusalRecorder,
) -> None:
    """Answer ``route``; a refusal or failure of a signed-in caller's request is recorded
    in the activity log (``record_refusal``), with the operation as its action."""
    service, operation = deps.service, route.operation.name
    request_model = Request[route.operation.payload]  # type: ignore[name-defined]  # a model built at run time from the route's payload

    async def refuse(error: ErrorReply, body: dict[str, Any]) -> dict[str, Any]:
        envelope = _envelope_of(body)
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
        return FailedReply(error=error).model_dump(mode="json")

    async def respond(body: dict[str, Any]) -> dict[str, Any]:
        try:
            request = request_model.model_validate(body)
        except ValidationError as invalid:
            reply = ErrorReply.of(
                ErrorCode.INVALID_REQUEST, "Revise los campos señalados."
            ).model_copy(update={"fields": field_problems(invalid, skip=("payload",))})
            return await refuse(reply, body)
        try:
            result = await route.handler(deps, request)
        except RequestRefused as refused:
            return await refuse(refused.error, body)
        except Exception:
            log.exception("request %s.%s failed", service, operation)
            failure = ErrorReply.of(
                ErrorCode.INTERNAL,
                "El servicio no pudo completar la solicitud. Si persiste, repórtelo citando "
                "el identificador de rastreo.",
            )
            return await refuse(failure, body)
        return OkReply(data=result.model_dump(mode="json", by_alias=True)).model_dump(mode="json")

    broker.subscriber(
        subjects.request_subject(prefix, service, operation),
        queue=subjects.queue_group(service),
        title=f"{service}.{operation}",
    )(respond)


class RequestFailed(Exception):
    def __init__(self, error: ErrorReply) -> None:
        super().__init__(error.detail)
        self.error = error


class RequestClient:
    """Calls services from the gateway (or from another service), with a timeout."""

    def __init__(self, broker: NatsBroker, prefix: str, timeout_s: float) -> None:
        self._broker = broker
        self._prefix = prefix
        self._timeout_s = timeout_s

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
        body = Request[BaseModel](
            principal=principal,
            request_id=request_id,
            client_address=client_address,
            payload=payload,
        ).model_dump(mode="json", serialize_as_any=True)
        subject = subjects.request_subject(self._prefix, service, operation)
        try:
            message = await self._broker.request(
                body, subject, timeout=timeout_s or self._timeout_s
            )
        except (TimeoutError, nats.errors.TimeoutError):
            raise RequestFailed(
                ErrorReply.of(ErrorCode.TIMEOUT, f"El servicio «{service}» no respondió a tiempo.")
            ) from None
        except (nats.errors.NoRespondersError, nats.errors.ConnectionClosedError):
            raise RequestFailed(
                ErrorReply.of(
                    ErrorCode.SERVICE_UNAVAILABLE, f"El servicio «{service}» no está disponible."
                )
            ) from None
        reply = await message.decode()
        if isinstance(reply, dict) and reply.get("ok") is True:
            return OkReply.model_validate(reply).data
        try:
            failed = FailedReply.model_validate(reply)
        except ValidationError:
            raise RequestFailed(
                ErrorReply.of(ErrorCode.INTERNAL, f"Respuesta ilegible del servicio «{service}».")
            ) from None
        raise RequestFailed(failed.error)
