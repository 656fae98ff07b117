"""The AsyncAPI document of the events, generated from the contracts' catalogue.

Each catalogued event becomes a documented FastStream publisher on its subject, with the
envelope's schema specialised to that event's data; FastStream writes the AsyncAPI 3.0
document from them (``make docs``).
"""

from pydantic import BaseModel, create_model

from contracts import subjects
from contracts.catalog import EventSpec, all_specs
from contracts.envelope import EventEnvelope

DOCUMENTED_PREFIX = "conoceles"
ANY_PRODUCER = "any"


def event_model(spec: EventSpec) -> type[BaseModel]:
    name = "".join(part.title() for part in spec.event_type.replace(".", "_").split("_"))
    return create_model(
        f"{name}V{spec.version}",
        __base__=EventEnvelope,
        __doc__=spec.summary,
        data=(spec.data_model, ...),
    )


def documented_subject(spec: EventSpec) -> str:
    producer = "productor" if spec.producer == ANY_PRODUCER else str(spec.producer)
    return subjects.event_subject(DOCUMENTED_PREFIX, producer, spec.event_type, spec.version)


def asyncapi_json() -> str:
    from faststream.nats import NatsBroker
    from faststream.specification import AsyncAPI

    broker = NatsBroker(logger=None)
    for spec in all_specs():
        broker.publisher(
            documented_subject(spec),
            schema=event_model(spec),
            title=f"{spec.event_type}.v{spec.version}",
            description=spec.summary,
        )
    document = AsyncAPI(
        broker,
        title="Conóceles — eventos",
        version="1",
        description=(
            "Eventos de dominio publicados en NATS JetStream. El sujeto es "
            "`<instancia>.evt.<productor>.<tipo>.v<versión>` (aquí con la instancia "
            f"`{DOCUMENTED_PREFIX}`); cada productor tiene su flujo `<INSTANCIA>_EVT_<PRODUCTOR>`. "
            "`Nats-Msg-Id` es el id del evento (UUIDv7) y `traceparent` lleva el contexto W3C."
        ),
        schema_version="3.0.0",
    )
    return document.to_specification().to_json()
