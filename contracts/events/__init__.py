"""Event data models, one module per producing area; importing registers them."""

from contracts import activity
from contracts.events import bus

__all__ = ["activity", "bus"]
