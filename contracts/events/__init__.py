"""Event data models, one module per producing area; importing registers them."""

from contracts import accounts, activity, audit
from contracts.events import bus, capture, incidents, moderation, publication

__all__ = [
    "accounts",
    "activity",
    "audit",
    "bus",
    "capture",
    "incidents",
    "moderation",
    "publication",
]
