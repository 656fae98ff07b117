"""Requests to the capture service, one module per area: parse → authorise → load →
decide → save+outbox → reply."""
