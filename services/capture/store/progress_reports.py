"""The ``progress_reports`` table: each capture-progress report as it was made, kept
unchanged (0015_progress_reports.sql); a scheduled cut-off has one report at most."""

from datetime import datetime

from contracts.analysis import ReportKind
from services.capture.store import Conn
from services.runtime.typed_rows import Row


class Made(Row):
    """A report as its list shows it."""

    report_id: str
    election_id: str
    kind: ReportKind
    cutoff_at: datetime
    made_at: datetime
    made_by: str | None
    candidacies: int
    validated: int


class Files(Row):
    report_id: str
    election_id: str
    cutoff_at: datetime
    csv: bytes
    pdf: bytes


async def save_report(conn: Conn, made: Made, csv: bytes, pdf: bytes) -> bool:
    """Keep the report; False when its scheduled cut-off already has one (nothing kept)."""
    saved = await conn.fetchval(
        """INSERT INTO progress_reports (report_id, election_id, kind, cutoff_at, made_at,
               made_by, candidacies, validated, csv, pdf)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
           ON CONFLICT (election_id, cutoff_at) WHERE kind <> 'a_peticion' DO NOTHING
           RETURNING true""",
        made.report_id,
        made.election_id,
        made.kind.value,
        made.cutoff_at,
        made.made_at,
        made.made_by,
        made.candidacies,
        made.validated,
        csv,
        pdf,
    )
    return bool(saved)


async def reports_of(conn: Conn, election_id: str) -> list[Made]:
    return await Made.many(
        conn,
        f"""SELECT {Made.columns()} FROM progress_reports WHERE election_id = $1
            ORDER BY made_at DESC, report_id""",
        election_id,
    )


async def scheduled_made(conn: Conn, election_id: str) -> set[datetime]:
    """The scheduled cut-offs whose report is made."""
    rows = await conn.fetch(
        "SELECT cutoff_at FROM progress_reports WHERE election_id = $1 AND kind <> 'a_peticion'",
        election_id,
    )
    return {row["cutoff_at"] for row in rows}


async def report_files(conn: Conn, report_id: str) -> Files | None:
    return await Files.one(
        conn,
        f"SELECT {Files.columns()} FROM progress_reports WHERE report_id = $1",
        report_id,
    )
