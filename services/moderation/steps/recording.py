"""Recording what a step of moderation did: who asked (``SignedIn``), the actor its
events carry, and its activity entry (services/runtime/callers.py)."""

from services.runtime.callers import SignedIn, on_candidacy, record

__all__ = ["SignedIn", "on_candidacy", "record"]
