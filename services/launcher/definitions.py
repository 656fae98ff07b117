"""Every backend service's ``ServiceDefinition``, and the hooks the launcher takes from them.

The launcher knows the services only by name (``contracts.services.BACKEND_SERVICES``)
and by what each declares in ``services/<name>/service.py``: it imports that module and
nothing else of a service (tests/unit/test_launcher_imports.py keeps it so).
"""

import importlib
from graphlib import TopologicalSorter
from typing import Any

from contracts.services import BACKEND_SERVICES, ServiceName
from services.runtime.service_hooks import DemoData, ServiceCommand
from services.runtime.service_host import ServiceDefinition


def service_definitions() -> dict[ServiceName, ServiceDefinition]:
    definitions = {}
    for name in BACKEND_SERVICES:
        definition = importlib.import_module(f"services.{name}.service").definition
        if not isinstance(definition, ServiceDefinition):
            raise TypeError(f"services.{name}.service.definition is not a ServiceDefinition")
        definitions[name] = definition
    return definitions


def demo_in_order(definitions: dict[ServiceName, ServiceDefinition]) -> list[DemoData]:
    """Each service's demo data after that of the services its own builds on
    (``DemoData.after``): accounts' demo people belong to the first party of capture's
    demo election, so the election is loaded first. A cycle raises graphlib.CycleError."""
    needs: TopologicalSorter[ServiceName] = TopologicalSorter()
    for name, definition in definitions.items():
        if definition.demo is not None:
            needs.add(name, *definition.demo.after)
    return [
        demo
        for name in needs.static_order()
        if (demo := definitions[name].demo) is not None  # a service named only in ``after``
    ]


def service_commands(
    definitions: dict[ServiceName, ServiceDefinition],
) -> list[ServiceCommand[Any]]:
    return [command for definition in definitions.values() for command in definition.commands]
