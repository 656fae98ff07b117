"""Recording what a step of capture did: who asked and from where (``Caller``), the actor
its events carry, and its activity entry (services/runtime/callers.py); ``SYSTEM`` is
capture acting on its own (the demo, the timers)."""

from services.runtime.callers import Caller, SignedIn, on_candidacy, on_election, record

SYSTEM = Caller(system="capture")

__all__ = ["SYSTEM", "Caller", "SignedIn", "on_candidacy", "on_election", "record"]
