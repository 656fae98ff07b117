"""The owners of the ``candidacies`` table looked up by the pairs of words of their names
(``owner_name_pairs`` and its index, migration 0002): the people a submission may
mention, found without reading every owner of the election."""

from services.runtime.typed_rows import Conn, Row


class NamedOwner(Row):
    candidacy_id: str
    owner_name: str
    capturing_party: str | None


async def owners_named(conn: Conn, election_id: str, pairs: list[str]) -> list[NamedOwner]:
    """The election's live candidacies whose owner's name holds one of these pairs of
    plain words (each «one other», in alphabetical order)."""
    return await NamedOwner.many(
        conn,
        f"""SELECT {NamedOwner.columns()} FROM candidacies
            WHERE owner_name_pairs(owner_name) && $2::text[] AND election_id = $1
              AND withdrawn_at IS NULL
            ORDER BY candidacy_id""",
        election_id,
        pairs,
    )
