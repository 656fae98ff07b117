"""The publication service's commands: ``conoceles ine consumidor``.

INE reads every publication change (000 §5.2, 001 §29, 003 §28, 004 §29) from its own
durable consumer ``ine`` on publication's stream, filtered to the profile events
(``profile.published``, ``profile.updated``, ``profile.withdrawn``): the stream holds
publication's activity entries too, which are not INE's. INE's NATS user
(deploy/nats/users.conf) may only fetch from that consumer and ack, not create it; the
institute creates it, once, with this command, which binds to it when it exists. It
starts at the stream's first event, so INE receives every change ever published, and it
never gives up redelivering one INE has not acked.
"""

from typing import Any

import nats
from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig, ConsumerInfo, DeliverPolicy

from contracts import subjects
from contracts.services import ServiceName
from services.runtime.bus import ensure_stream, event_stream_config
from services.runtime.service_hooks import (
    CommandGroup,
    CommandServers,
    NoArguments,
    ServiceCommand,
)
from services.runtime.settings import Settings

INE_DURABLE = "ine"
INE_ACK_WAIT_S = 60.0


def ine_stream(settings: Settings) -> str:
    return subjects.stream_name(settings.bus_prefix, ServiceName.PUBLICATION)


def ine_filter(settings: Settings) -> str:
    """The subjects of the profile events, and of nothing else on the stream."""
    return f"{settings.bus_prefix}.evt.{ServiceName.PUBLICATION}.profile.>"


def ine_consumer_config(settings: Settings) -> ConsumerConfig:
    return ConsumerConfig(
        durable_name=INE_DURABLE,
        description="INE: cada cambio de lo publicado, firmado",
        ack_policy=AckPolicy.EXPLICIT,
        deliver_policy=DeliverPolicy.ALL,
        filter_subject=ine_filter(settings),
        max_deliver=-1,  # a change INE has not acked comes again, however long it is away
        ack_wait=INE_ACK_WAIT_S,
        num_replicas=settings.stream_replicas,
    )


async def ensure_ine_consumer(js: JetStreamContext, settings: Settings) -> ConsumerInfo:
    """Publication's stream (as the service creates it) and INE's durable consumer on it,
    created or brought in line with ``ine_consumer_config``; its state now."""
    await ensure_stream(js, event_stream_config(settings, ServiceName.PUBLICATION))
    return await js.add_consumer(ine_stream(settings), ine_consumer_config(settings))


async def print_ine_consumer(settings: Settings, _: NoArguments) -> int:
    nc = await nats.connect(settings.require_nats_urls())
    try:
        info = await ensure_ine_consumer(nc.jetstream(), settings)
    finally:
        await nc.close()
    print(
        f"Consumidor duradero «{info.name}» listo en el flujo {info.stream_name}\n"
        f"(filtro {ine_filter(settings)}). Cambios por entregar: {info.num_pending}; "
        f"entregados sin confirmar: {info.num_ack_pending}.\n"
        "INE lo lee con su usuario de NATS (deploy/nats/users.conf)."
    )
    return 0


INE_CONSUMER = ServiceCommand(
    group=CommandGroup("ine", "lo que INE recibe de la publicación"),
    name="consumidor",
    help="crea (o ajusta) el consumidor duradero de INE en el flujo de la publicación",
    arguments=NoArguments,
    run=print_ine_consumer,
    servers=CommandServers.RUNNING,
)
COMMANDS: list[ServiceCommand[Any]] = [INE_CONSUMER]
