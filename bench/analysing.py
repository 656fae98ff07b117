"""Tables loaded by COPY, vacuumed and analysed as autovacuum would have done by then: as
their owner, since PostgreSQL skips a table the service's own role does not own with
nothing but a warning (the planner then guesses: screening at 10,000 candidacies scanned
the whole election, 196 ms a submission, bench/RESULTS.md of 2026-12-08)."""

import asyncpg

from services.runtime import database
from services.runtime.settings import Settings


async def analysed(settings: Settings, *tables: str) -> None:
    """``VACUUM ANALYZE`` of ``tables`` (each with its schema) in this run's database."""
    admin = await asyncpg.connect(database.admin_dsn(settings, database=settings.instance))
    try:
        await admin.execute(f"VACUUM ANALYZE {', '.join(tables)}")
    finally:
        await admin.close()
