"""The ``photos`` table: the photos of validated candidacies, by SHA-256 (DESIGN §8),
served at their content-addressed URL once their profile is public. Kept by content,
not by candidacy: the owner's and the alternate's photos of one formula are two rows."""

from datetime import datetime

from services.runtime.typed_rows import Conn, Row


class StoredPhoto(Row):
    sha256: str
    media_type: str
    content: bytes


async def store_photo(
    conn: Conn, sha256: str, media_type: str, content: bytes, now: datetime
) -> None:
    await conn.execute(
        "INSERT INTO photos (sha256, media_type, content, received_at) VALUES ($1, $2, $3, $4) "
        "ON CONFLICT DO NOTHING",
        sha256,
        media_type,
        content,
        now,
    )


async def is_stored(conn: Conn, sha256: str) -> bool:
    return bool(await conn.fetchval("SELECT 1 FROM photos WHERE sha256 = $1", sha256))


async def public_photo(conn: Conn, sha256: str, url: str) -> StoredPhoto | None:
    """The photo, only while a public profile shows it at ``url`` (the owner's or the
    alternate's)."""
    return await StoredPhoto.one(
        conn,
        f"""SELECT {StoredPhoto.columns("p")} FROM photos p
            WHERE p.sha256 = $1 AND EXISTS (
                SELECT 1 FROM profiles WHERE state = 'public'
                AND (document ->> 'photo_url' = $2
                     OR document ->> 'alternate_photo_url' = $2))""",
        sha256,
        url,
    )
