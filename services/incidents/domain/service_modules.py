"""Which module of the system a failing service stands for, as the bitácora names it."""

from contracts.incidents import Module
from contracts.services import ServiceName

_MODULE_OF_SERVICE = {
    ServiceName.CAPTURE: Module.CAPTURE,
    ServiceName.MODERATION: Module.MODERATION,
    ServiceName.PUBLICATION: Module.PUBLICATION,
    ServiceName.ACCOUNTS: Module.ACCOUNTS,
}


def module_of(service: str) -> Module:
    """A service's module by its name; «Otro» for the rest (audit, the gateway)."""
    return next((m for s, m in _MODULE_OF_SERVICE.items() if s.value == service), Module.OTHER)
