"""The owners of the ``candidacies`` table looked up by the words of their names (the
``candidacies_owner_words`` index of migration 0002): the people a submission may
mention, found without reading every owner of the election."""

from services.runtime.typed_rows import Conn, Row

WORDS = (
    "regexp_split_to_array(lower(translate(owner_name, 'ÁÉÍÓÚÜÀÈÌÒÙáéíóúüàèìòùÑ', "
    "'AEIOUUAEIOUaeiouuaeiouñ')), '[^a-zñ]+')"
)
"""The index's expression: it must stay the same text as the migration's."""


class NamedOwner(Row):
    candidacy_id: str
    owner_name: str
    capturing_party: str | None


async def owners_named(
    conn: Conn, election_id: str, words: list[str], at_least: int = 2
) -> list[NamedOwner]:
    """The election's live candidacies whose owner's name holds at least ``at_least`` of
    these plain words (or all of its words, if it has fewer)."""
    return await NamedOwner.many(
        conn,
        f"""SELECT {NamedOwner.columns()} FROM candidacies
            WHERE {WORDS} && $2::text[] AND election_id = $1 AND withdrawn_at IS NULL
              AND cardinality(ARRAY(SELECT unnest({WORDS}) INTERSECT SELECT unnest($2::text[])))
                  >= least($3, cardinality({WORDS}))
            ORDER BY candidacy_id""",
        election_id,
        words,
        at_least,
    )
