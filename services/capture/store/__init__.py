"""Every SQL statement of the capture service, one module per group of tables; each
function named by intent, returning typed rows (never a record, never ``SELECT *``)."""

from typing import TypeAlias

from services.runtime.connections import Reader

Conn: TypeAlias = Reader
"""What a store function runs on: a connection, or the pool for a single read."""
