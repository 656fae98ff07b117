"""Recording what a step of the incidents service did: who asked (``SignedIn``, or the
system for the failures it sees), the actor its events carry, and its activity entry
(services/runtime/callers.py): every change of the bitácora is one (issue 16 item 4)."""

from contracts.activity import ActivityTarget
from services.runtime.callers import Caller, SignedIn, record

__all__ = ["Caller", "SignedIn", "on_incident", "record"]


def on_incident(incident_id: str) -> ActivityTarget:
    return ActivityTarget(kind="incident", id=incident_id)
