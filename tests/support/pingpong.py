"""Two services built only from the runtime, used to prove the backbone.

``sender`` answers ``ping.send`` by writing N pings, each with a ``ping.sent`` event in
the same transaction; ``receiver`` consumes ``ping.sent`` and records one row per effect
(no unique key, so a duplicated effect would show). Events whose batch is ``flaky``
always fail in the receiver, to exercise retries and dead letters.

Run as processes: ``python -m tests.support.pingpong sender|receiver``.
"""

import sys
from pathlib import Path
from uuid import UUID, uuid4

from pydantic import BaseModel, Field

from contracts.catalog import EventSpec, register
from contracts.envelope import Actor, EventEnvelope
from contracts.errors import ErrorCode, ErrorReply
from contracts.operations import Operation
from contracts.requests import Request
from services.runtime.connections import Connection
from services.runtime.inbox import EventConsumer
from services.runtime.requests import RequestRefused, RequestRoute
from services.runtime.service_deps import ServiceDeps
from services.runtime.service_host import ServiceDefinition, run_service

MIGRATIONS = Path(__file__).parent / "migrations"
SENDER, RECEIVER = "sender", "receiver"


class PingSent(BaseModel):
    ping_id: UUID
    batch: str
    number: int


PING_SENT = register(
    EventSpec(
        event_type="ping.sent",
        version=1,
        producer=SENDER,
        data_model=PingSent,
        summary="Prueba: un ping enviado.",
    )
)


class SendPings(BaseModel):
    batch: str = Field(min_length=1)
    count: int = Field(ge=1, le=100_000)
    per_transaction: int = Field(default=1, ge=1)


class PingsSent(BaseModel):
    batch: str
    count: int


async def send_pings(deps: ServiceDeps, request: Request[SendPings]) -> PingsSent:
    command = request.payload
    numbers = list(range(command.count))
    for start in range(0, command.count, command.per_transaction):
        async with deps.pool.acquire() as conn, conn.transaction():
            for number in numbers[start : start + command.per_transaction]:
                ping = PingSent(ping_id=uuid4(), batch=command.batch, number=number)
                await conn.execute(
                    "INSERT INTO pings (id, batch, number) VALUES ($1, $2, $3)",
                    ping.ping_id,
                    ping.batch,
                    ping.number,
                )
                await deps.outbox.add(conn, PING_SENT, ping, actor=Actor.system("test"))
    return PingsSent(batch=command.batch, count=command.count)


async def refuse_always(deps: ServiceDeps, request: Request[SendPings]) -> PingsSent:
    raise RequestRefused(ErrorReply.of(ErrorCode.FORBIDDEN, "No puede enviar pings."))


class FlakyEffectFailed(RuntimeError):
    pass


async def on_ping(_: ServiceDeps, conn: Connection, event: EventEnvelope) -> None:
    ping = PingSent.model_validate(event.data)
    if ping.batch == "flaky":
        raise FlakyEffectFailed(f"ping {ping.number} always fails")
    await conn.execute(
        "INSERT INTO received (event_id, batch, number) VALUES ($1, $2, $3)",
        event.id,
        ping.batch,
        ping.number,
    )


sender = ServiceDefinition(
    name=SENDER,
    migrations=MIGRATIONS / SENDER,
    requests=[
        RequestRoute(Operation(SENDER, "ping.send", SendPings, PingsSent), send_pings),
        RequestRoute(Operation(SENDER, "ping.refuse", SendPings, PingsSent), refuse_always),
    ],
)

receiver = ServiceDefinition(
    name=RECEIVER,
    migrations=MIGRATIONS / RECEIVER,
    consumers=[
        EventConsumer(
            name="record_ping",
            producer=SENDER,
            event_type=PING_SENT.event_type,
            version=PING_SENT.version,
            handler=on_ping,
        )
    ],
)

if __name__ == "__main__":
    run_service({SENDER: sender, RECEIVER: receiver}[sys.argv[1]])
