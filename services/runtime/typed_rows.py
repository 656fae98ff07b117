"""Typed rows: what the store hands back instead of asyncpg records.

A row type is a frozen model whose fields are the columns it reads; ``columns()`` names
them for the SELECT (so no statement reads ``*``), and ``one()`` and ``many()`` run the
SELECT and build the rows, converting text to the enums they hold.
"""

from typing import Self, TypeAlias

import asyncpg
from pydantic import BaseModel, ConfigDict

from services.runtime.connections import Reader

Conn: TypeAlias = Reader
"""What a store function runs on: a connection, or the pool for a single read."""


class Row(BaseModel):
    model_config = ConfigDict(frozen=True)

    @classmethod
    def columns(cls, table: str = "") -> str:
        """The row's columns for a SELECT list, qualified by ``table`` when given."""
        prefix = f"{table}." if table else ""
        return ", ".join(prefix + name for name in cls.model_fields)

    @classmethod
    def of(cls, record: asyncpg.Record) -> Self:
        return cls.model_validate(dict(record))

    @classmethod
    async def one(cls, conn: Conn, query: str, *args: object) -> Self | None:
        """The row ``query`` finds, or None."""
        record = await conn.fetchrow(query, *args)
        return None if record is None else cls.of(record)

    @classmethod
    async def many(cls, conn: Conn, query: str, *args: object) -> list[Self]:
        return [cls.of(record) for record in await conn.fetch(query, *args)]
