"""Event data models, one module per producing area; importing registers them."""

from contracts import activity, audit
from contracts.events import bus

__all__ = ["activity", "audit", "bus"]
