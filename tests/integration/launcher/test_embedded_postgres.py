"""An embedded PostgreSQL stopped and started again in one process, as ``make bench``
does for each benchmark: the second one answers (the package's handle of the first one,
kept for the process's life, once named a socket that was gone)."""

from pathlib import Path

import asyncpg

from services.launcher.embedded import EmbeddedPostgres


async def test_a_server_stopped_and_started_again_in_one_process_answers(tmp_path: Path) -> None:
    first = EmbeddedPostgres(tmp_path / "pg", stop_at_exit=False)
    connection = await asyncpg.connect(first.url)
    await connection.execute("CREATE TABLE marca (nota text)")
    await connection.execute("INSERT INTO marca VALUES ('antes de detenerlo')")
    await connection.close()
    first.stop()

    again = EmbeddedPostgres(tmp_path / "pg", stop_at_exit=False)
    try:
        connection = await asyncpg.connect(again.url)
        assert await connection.fetchval("SELECT nota FROM marca") == "antes de detenerlo"
        await connection.close()
    finally:
        again.stop()
