"""The ``known_addresses`` table: the client addresses each account has signed in or
activated from, which the lockout per address does not hold back (domain/lockout.py)."""

from datetime import datetime

from services.runtime.typed_rows import Conn


async def remember_address(conn: Conn, account_id: str, address: str | None, now: datetime) -> None:
    """The account succeeded from ``address`` now (nothing to remember without one)."""
    if not address:
        return
    await conn.execute(
        "INSERT INTO known_addresses (account_id, client_address, last_success_at) "
        "VALUES ($1, $2, $3) ON CONFLICT (account_id, client_address) "
        "DO UPDATE SET last_success_at = $3",
        account_id,
        address,
        now,
    )


async def knows_address(conn: Conn, account_id: str, address: str, since: datetime) -> bool:
    """Did the account sign in or activate from ``address`` since then?"""
    return bool(
        await conn.fetchval(
            "SELECT EXISTS (SELECT 1 FROM known_addresses WHERE account_id = $1 "
            "AND client_address = $2 AND last_success_at > $3)",
            account_id,
            address,
            since,
        )
    )
