"""Capture's steps: the transactional actions that handlers, consumers, timers and the
demo share — load (store) → decide (domain) → save (store) + outbox event + activity
entry, in the caller's transaction. One file per action, named for it."""
