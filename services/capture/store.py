"""Every SQL statement of the capture service, parameterised, named by intent."""

import json
from datetime import datetime
from typing import Any

import asyncpg

Conn = asyncpg.Connection | asyncpg.Pool


async def save_election(
    conn: Conn,
    election_id: str,
    config: dict[str, Any],
    profile: dict[str, Any],
    now: datetime,
    by: str | None,
) -> None:
    await conn.execute(
        """INSERT INTO elections (election_id, config, profile, updated_at, updated_by)
           VALUES ($1, $2::jsonb, $3::jsonb, $4, $5)
           ON CONFLICT (election_id) DO UPDATE
             SET config = $2::jsonb, profile = $3::jsonb, updated_at = $4, updated_by = $5""",
        election_id,
        json.dumps(config),
        json.dumps(profile),
        now,
        by,
    )


async def election(conn: Conn, election_id: str) -> asyncpg.Record | None:
    return await conn.fetchrow("SELECT * FROM elections WHERE election_id = $1", election_id)


async def elections(conn: Conn) -> list[asyncpg.Record]:
    return await conn.fetch("SELECT * FROM elections ORDER BY election_id")


async def candidacies_by_id(conn: Conn, ids: list[str]) -> dict[str, asyncpg.Record]:
    rows = await conn.fetch(
        "SELECT * FROM candidacies WHERE candidacy_id = ANY($1::text[]) FOR UPDATE", ids
    )
    return {row["candidacy_id"]: row for row in rows}


async def upsert_candidacies(conn: Conn, rows: list[tuple[Any, ...]]) -> None:
    await conn.executemany(
        """INSERT INTO candidacies (candidacy_id, election_id, formula, content_hash, status,
               capturing_party, replaces, registered_at, updated_at, withdrawn_at)
           VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7, $8, $8, $9)
           ON CONFLICT (candidacy_id) DO UPDATE SET formula = $3::jsonb, content_hash = $4,
               status = $5, capturing_party = $6, replaces = $7, updated_at = $8,
               withdrawn_at = coalesce(candidacies.withdrawn_at, $9)""",
        rows,
    )


async def withdraw(conn: Conn, candidacy_id: str, status: str, now: datetime) -> None:
    await conn.execute(
        "UPDATE candidacies SET status = $2, withdrawn_at = coalesce(withdrawn_at, $3), "
        "updated_at = $3 WHERE candidacy_id = $1",
        candidacy_id,
        status,
        now,
    )


async def candidacies(conn: Conn, election_id: str) -> list[asyncpg.Record]:
    return await conn.fetch(
        "SELECT * FROM candidacies WHERE election_id = $1 ORDER BY candidacy_id", election_id
    )


async def candidacy(conn: Conn, candidacy_id: str) -> asyncpg.Record | None:
    return await conn.fetchrow("SELECT * FROM candidacies WHERE candidacy_id = $1", candidacy_id)


async def candidacy_for_update(conn: Conn, candidacy_id: str) -> asyncpg.Record | None:
    """The candidacy, locked until the transaction ends: a step that decides on its
    capture status (a save of a draft, a submission) holds it, so no other step can
    change that status between the check and the commit (one chance, 000 §3.16)."""
    return await conn.fetchrow(
        "SELECT * FROM candidacies WHERE candidacy_id = $1 FOR UPDATE", candidacy_id
    )


async def curricular_answers(conn: Conn, candidacy_id: str) -> asyncpg.Record | None:
    return await conn.fetchrow(
        "SELECT * FROM curricular_answers WHERE candidacy_id = $1", candidacy_id
    )


async def save_curricular(
    conn: Conn,
    candidacy_id: str,
    answers: dict[str, Any],
    completeness: dict[str, int],
    now: datetime,
    by: str,
) -> None:
    await conn.execute(
        """INSERT INTO curricular_answers (candidacy_id, answers, completeness, updated_at,
               updated_by) VALUES ($1, $2::jsonb, $3::jsonb, $4, $5)
           ON CONFLICT (candidacy_id) DO UPDATE SET answers = $2::jsonb,
               completeness = $3::jsonb, updated_at = $4, updated_by = $5""",
        candidacy_id,
        json.dumps(answers),
        json.dumps(completeness),
        now,
        by,
    )


async def data_key(conn: Conn, candidacy_id: str) -> asyncpg.Record | None:
    return await conn.fetchrow("SELECT * FROM data_keys WHERE candidacy_id = $1", candidacy_id)


async def insert_data_key(conn: Conn, candidacy_id: str, wrapped: bytes, now: datetime) -> None:
    await conn.execute(
        "INSERT INTO data_keys (candidacy_id, wrapped_key, created_at) VALUES ($1, $2, $3) "
        "ON CONFLICT DO NOTHING",
        candidacy_id,
        wrapped,
        now,
    )


async def destroy_data_key(conn: Conn, candidacy_id: str, now: datetime) -> None:
    await conn.execute(
        "UPDATE data_keys SET wrapped_key = NULL, destroyed_at = $2 WHERE candidacy_id = $1",
        candidacy_id,
        now,
    )


async def identity_answers(conn: Conn, candidacy_id: str) -> asyncpg.Record | None:
    return await conn.fetchrow(
        "SELECT * FROM identity_answers WHERE candidacy_id = $1", candidacy_id
    )


async def save_identity(
    conn: Conn,
    candidacy_id: str,
    sealed: bytes,
    completeness: dict[str, int],
    now: datetime,
    by: str,
) -> None:
    await conn.execute(
        """INSERT INTO identity_answers (candidacy_id, sealed, completeness, updated_at,
               updated_by) VALUES ($1, $2, $3::jsonb, $4, $5)
           ON CONFLICT (candidacy_id) DO UPDATE SET sealed = $2, completeness = $3::jsonb,
               updated_at = $4, updated_by = $5""",
        candidacy_id,
        sealed,
        json.dumps(completeness),
        now,
        by,
    )


async def record_save(
    conn: Conn,
    candidacy_id: str,
    questionnaire: str,
    now: datetime,
    by: str,
    fields: list[str],
) -> None:
    await conn.execute(
        "INSERT INTO saves (candidacy_id, questionnaire, saved_at, saved_by, fields) "
        "VALUES ($1, $2, $3, $4, $5)",
        candidacy_id,
        questionnaire,
        now,
        by,
        fields,
    )


async def advance_capture_status(
    conn: Conn, candidacy_id: str, *, from_status: str, to_status: str, now: datetime, by: str
) -> bool:
    """Move draft → submitted or submitted → validated; False if the candidacy was not in
    ``from_status`` any more (the guard holds even for a caller that forgot the lock)."""
    column = {"submitted": "submitted", "validated": "validated"}[to_status]
    done = await conn.execute(
        f"UPDATE candidacies SET capture_status = $2, {column}_at = $3, {column}_by = $4 "
        "WHERE candidacy_id = $1 AND capture_status = $5",
        candidacy_id,
        to_status,
        now,
        by,
        from_status,
    )
    return bool(done == "UPDATE 1")


async def set_correction_requested(conn: Conn, candidacy_id: str, now: datetime) -> None:
    await conn.execute(
        "UPDATE candidacies SET correction_requested_at = $2 WHERE candidacy_id = $1",
        candidacy_id,
        now,
    )


async def consent(conn: Conn, candidacy_id: str) -> asyncpg.Record | None:
    return await conn.fetchrow("SELECT * FROM consents WHERE candidacy_id = $1", candidacy_id)


async def set_consent_decision(conn: Conn, candidacy_id: str, column: str, now: datetime) -> None:
    if column not in ("verified_at", "rejected_at", "revoked_at"):
        raise ValueError(column)
    await conn.execute(
        f"INSERT INTO consents (candidacy_id, {column}) VALUES ($1, $2) "
        f"ON CONFLICT (candidacy_id) DO UPDATE SET {column} = $2",
        candidacy_id,
        now,
    )


async def candidacies_in_scope(
    conn: Conn,
    *,
    election_id: str | None,
    party: str | None,
    candidacy_id: str | None,
    status: str | None = None,
) -> list[asyncpg.Record]:
    """Candidacies with their completeness; a filter left None does not filter."""
    return await conn.fetch(
        """SELECT c.*, cu.completeness AS curricular_completeness,
                  ia.completeness AS identity_completeness
           FROM candidacies c
           LEFT JOIN curricular_answers cu USING (candidacy_id)
           LEFT JOIN identity_answers ia USING (candidacy_id)
           WHERE ($1::text IS NULL OR c.election_id = $1)
             AND ($2::text IS NULL OR c.capturing_party = $2)
             AND ($3::text IS NULL OR c.candidacy_id = $3)
             AND ($4::text IS NULL OR c.capture_status = $4)
           ORDER BY c.candidacy_id LIMIT 5000""",
        election_id,
        party,
        candidacy_id,
        status,
    )


async def record_delivery(
    conn: Conn, election_id: str, kind: str, scope_id: str, delivered_at: datetime
) -> None:
    await conn.execute(
        "INSERT INTO deliveries VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
        election_id,
        kind,
        scope_id,
        delivered_at,
    )


async def delivered_scopes(conn: Conn, election_id: str) -> dict[tuple[str, str], datetime]:
    rows = await conn.fetch("SELECT * FROM deliveries WHERE election_id = $1", election_id)
    return {(r["scope_kind"], r["scope_id"]): r["delivered_at"] for r in rows}


async def windows_to_open(
    conn: Conn, election_id: str, kind: str, scope_id: str
) -> list[asyncpg.Record]:
    """Live candidacies of a party or independent whose window has not opened yet."""
    column = "capturing_party" if kind == "party" else "candidacy_id"
    return await conn.fetch(
        f"SELECT * FROM candidacies WHERE election_id = $1 AND {column} = $2 "
        "AND status = 'registrada' AND deadline_at IS NULL AND "
        + ("capturing_party IS NOT NULL" if kind == "party" else "capturing_party IS NULL"),
        election_id,
        scope_id,
    )


async def open_window(conn: Conn, candidacy_id: str, opened: datetime, closes: datetime) -> None:
    await conn.execute(
        "UPDATE candidacies SET window_opened_at = $2, deadline_at = $3 "
        "WHERE candidacy_id = $1 AND deadline_at IS NULL",
        candidacy_id,
        opened,
        closes,
    )


async def open_windows(conn: Conn, now: datetime) -> list[asyncpg.Record]:
    """Drafts whose window is open now, for reminders."""
    return await conn.fetch(
        "SELECT * FROM candidacies WHERE status = 'registrada' AND capture_status = 'draft' "
        "AND deadline_at > $1",
        now,
    )


async def note_reminder(conn: Conn, candidacy_id: str, key: str) -> None:
    await conn.execute(
        "UPDATE candidacies SET reminders_sent = array_append(reminders_sent, $2) "
        "WHERE candidacy_id = $1 AND NOT ($2 = ANY(reminders_sent))",
        candidacy_id,
        key,
    )


async def store_file(
    conn: Conn, sha256: str, media_type: str, content: bytes, now: datetime
) -> None:
    await conn.execute(
        "INSERT INTO files (sha256, media_type, content, size, stored_at) "
        "VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
        sha256,
        media_type,
        content,
        len(content),
        now,
    )


async def file(conn: Conn, sha256: str) -> asyncpg.Record | None:
    return await conn.fetchrow("SELECT * FROM files WHERE sha256 = $1", sha256)


async def attach_consent(conn: Conn, candidacy_id: str, sha256: str, now: datetime) -> None:
    """A new document: whatever the institute said of the previous one no longer holds."""
    await conn.execute(
        """INSERT INTO consents (candidacy_id, document_sha256, uploaded_at)
           VALUES ($1, $2, $3)
           ON CONFLICT (candidacy_id) DO UPDATE SET document_sha256 = $2, uploaded_at = $3,
               verified_at = NULL, rejected_at = NULL, revoked_at = NULL""",
        candidacy_id,
        sha256,
        now,
    )


async def accept_privacy(
    conn: Conn, candidacy_id: str, version: str, account_id: str, now: datetime
) -> None:
    await conn.execute(
        "INSERT INTO privacy_acceptances VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
        candidacy_id,
        version,
        account_id,
        now,
    )


async def privacy_accepted(conn: Conn, candidacy_id: str, version: str) -> bool:
    return bool(
        await conn.fetchval(
            "SELECT true FROM privacy_acceptances WHERE candidacy_id = $1 AND version = $2",
            candidacy_id,
            version,
        )
    )


async def schedule_suppression(conn: Conn, candidacy_id: str, when: datetime) -> None:
    await conn.execute(
        "UPDATE candidacies SET suppress_after = coalesce(suppress_after, $2) "
        "WHERE candidacy_id = $1",
        candidacy_id,
        when,
    )


async def due_suppressions(conn: Conn, now: datetime) -> list[str]:
    rows = await conn.fetch(
        "SELECT c.candidacy_id FROM candidacies c JOIN data_keys k USING (candidacy_id) "
        "WHERE c.suppress_after <= $1 AND k.wrapped_key IS NOT NULL LIMIT 1000",
        now,
    )
    return [r["candidacy_id"] for r in rows]


async def attach_file(conn: Conn, sha256: str, candidacy_id: str, kind: str, now: datetime) -> None:
    """Note that this file was uploaded for this candidacy, as its photo or consent."""
    await conn.execute(
        "INSERT INTO candidacy_files (sha256, candidacy_id, kind, attached_at) "
        "VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
        sha256,
        candidacy_id,
        kind,
        now,
    )


async def is_attached(conn: Conn, sha256: str, candidacy_id: str, kind: str) -> bool:
    return bool(
        await conn.fetchval(
            "SELECT true FROM candidacy_files WHERE sha256 = $1 AND candidacy_id = $2 "
            "AND kind = $3",
            sha256,
            candidacy_id,
            kind,
        )
    )


async def file_owners(conn: Conn, sha256: str) -> list[asyncpg.Record]:
    """The candidacies this file was uploaded for, each with the kind and whether it is
    that candidacy's photo now (``shown``)."""
    return await conn.fetch(
        """SELECT c.candidacy_id, c.election_id, c.capturing_party, c.status,
                  c.capture_status, f.kind,
                  coalesce(a.answers ->> 'fotografia' = f.sha256, false) AS shown
           FROM candidacy_files f JOIN candidacies c USING (candidacy_id)
           LEFT JOIN curricular_answers a USING (candidacy_id)
           WHERE f.sha256 = $1""",
        sha256,
    )


async def save_chunk(
    conn: asyncpg.Connection,
    chunk: tuple[str, int, int, bytes],
    purpose: str,
    target: str,
    by: str,
    now: datetime,
    max_pending: int,
) -> bool:
    """Keep one chunk ``(upload_id, index, total, data)``; False when the account's
    pending uploads would exceed ``max_pending`` bytes, and then the chunks of this upload
    already kept are dropped too: it can no longer be completed."""
    upload_id, index, total, data = chunk
    async with conn.transaction():
        # one account's chunks are counted one at a time, so two cannot both fit the quota
        await conn.execute("SELECT pg_advisory_xact_lock(hashtext('upload:' || $1))", by)
        pending = await conn.fetchval(
            "SELECT coalesce(sum(octet_length(data)), 0) FROM uploads "
            "WHERE uploaded_by = $1 AND NOT (upload_id = $2::uuid AND idx = $3)",
            by,
            upload_id,
            index,
        )
        if pending + len(data) > max_pending:
            await conn.execute(
                "DELETE FROM uploads WHERE upload_id = $1::uuid AND uploaded_by = $2",
                upload_id,
                by,
            )
            return False
        await conn.execute(
            "INSERT INTO uploads (upload_id, idx, total, data, uploaded_by, received_at, "
            "purpose, target) VALUES ($1::uuid, $2, $3, $4, $5, $6, $7, $8) "
            "ON CONFLICT (upload_id, idx) DO UPDATE SET data = $4, total = $3, "
            "received_at = $6 WHERE uploads.uploaded_by = $5",
            upload_id,
            index,
            total,
            data,
            by,
            now,
            purpose,
            target,
        )
    return True


async def take_upload(
    conn: Conn, upload_id: str, by: str, purpose: str, target: str
) -> bytes | None:
    """The whole file, if every chunk arrived from the same account for this purpose and
    target; then forgotten, whatever becomes of the request that takes it."""
    rows = await conn.fetch(
        "DELETE FROM uploads WHERE upload_id = $1::uuid AND uploaded_by = $2 "
        "AND purpose = $3 AND target = $4 RETURNING idx, total, data",
        upload_id,
        by,
        purpose,
        target,
    )
    if not rows or len(rows) != rows[0]["total"]:
        return None
    return b"".join(row["data"] for row in sorted(rows, key=lambda r: r["idx"]))


async def expire_uploads(conn: Conn, received_before: datetime) -> list[asyncpg.Record]:
    """Forget every upload whose last chunk arrived before ``received_before``: each
    one's id, account and bytes."""
    return await conn.fetch(
        "WITH gone AS (DELETE FROM uploads WHERE upload_id IN (SELECT upload_id FROM uploads "
        "GROUP BY upload_id HAVING max(received_at) < $1) RETURNING upload_id, uploaded_by, "
        "octet_length(data) AS size) SELECT upload_id::text, uploaded_by, sum(size) AS size "
        "FROM gone GROUP BY upload_id, uploaded_by",
        received_before,
    )


async def pending_upload_bytes(conn: Conn, by: str) -> int:
    return int(
        await conn.fetchval(
            "SELECT coalesce(sum(octet_length(data)), 0) FROM uploads WHERE uploaded_by = $1",
            by,
        )
    )
