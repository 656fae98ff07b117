"""The catalogue of event types: each one's data model, producer and meaning.

A producer may only write an event whose type is catalogued here; AsyncAPI is generated
from this catalogue.
"""

from dataclasses import dataclass

from pydantic import BaseModel

from contracts.services import ServiceName


@dataclass(frozen=True)
class EventSpec:
    event_type: str
    version: int
    producer: ServiceName | str
    data_model: type[BaseModel]
    summary: str


_CATALOG: dict[tuple[str, int], EventSpec] = {}


def register(spec: EventSpec) -> EventSpec:
    key = (spec.event_type, spec.version)
    if key in _CATALOG and _CATALOG[key] != spec:
        raise ValueError(f"event {spec.event_type} v{spec.version} is already registered")
    _CATALOG[key] = spec
    return spec


def all_specs() -> list[EventSpec]:
    # Importing the event modules registers their specs.
    import contracts.events  # noqa: F401

    return sorted(_CATALOG.values(), key=lambda s: (str(s.producer), s.event_type, s.version))
