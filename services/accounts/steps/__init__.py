"""The accounts steps: what handlers, consumers, timers and the demo share, each a load
(store) → decide (domain) → save (store) + outbox event + activity entry in the caller's
transaction. Files are named for the action; a step refuses with a domain exception,
which handlers/refusals.py turns into a reply."""
