"""The audit service's steps: appending entries, signing checkpoints, verifying the log,
and searching it, each in the caller's transaction or its own."""
