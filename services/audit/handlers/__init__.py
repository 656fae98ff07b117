"""Request handlers of the audit service, one module per operation prefix: checkpoint
(and key), proof, entries (and log)."""
