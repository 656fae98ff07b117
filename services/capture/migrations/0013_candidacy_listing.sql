-- The candidacy list is read a page at a time, narrowed by office, district, municipality,
-- party, capture status, registry status or a name or key typed without its accents.
--
-- `folded_for_search` writes a text as a search compares it: decomposed (NFD), its
-- combining marks dropped (á → a, ñ → n, ü → u), lower case, its spaces collapsed.
-- PostgreSQL's `unaccent` is an extension, which the schema's owner may not install;
-- these functions are all built in and immutable, so a generated column may use them.
CREATE FUNCTION folded_for_search(text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT btrim(regexp_replace(
        lower(regexp_replace(normalize($1, NFD), U&'[\0300-\036F]', '', 'g')),
        '\s+', ' ', 'g'))
$$;

-- What the list filters on, kept beside the formula it comes from (the registry's
-- document is the only writer): the office, district and municipality ids, and the text
-- a search looks in — the key, the owner's names and nickname, the alternate's names.
ALTER TABLE candidacies
    ADD COLUMN office text GENERATED ALWAYS AS (formula ->> 'office') STORED,
    ADD COLUMN district text GENERATED ALWAYS AS (formula ->> 'district') STORED,
    ADD COLUMN municipality text GENERATED ALWAYS AS (formula ->> 'municipality') STORED,
    ADD COLUMN search_text text GENERATED ALWAYS AS (folded_for_search(
        candidacy_id
        || ' / ' || coalesce(formula -> 'owner' ->> 'names', '')
        || ' ' || coalesce(formula -> 'owner' ->> 'first_surname', '')
        || ' ' || coalesce(formula -> 'owner' ->> 'second_surname', '')
        || ' / ' || coalesce(formula -> 'owner' ->> 'nickname', '')
        || ' / ' || coalesce(formula -> 'alternate' ->> 'names', '')
        || ' ' || coalesce(formula -> 'alternate' ->> 'first_surname', '')
        || ' ' || coalesce(formula -> 'alternate' ->> 'second_surname', '')
    )) STORED;

-- A page is in key order (the primary key's); these find a party's, a status's or an
-- office's candidacies in that order without reading the others.
CREATE INDEX candidacies_listed_by_party ON candidacies (capturing_party, candidacy_id);
CREATE INDEX candidacies_listed_by_capture_status ON candidacies (capture_status, candidacy_id);
CREATE INDEX candidacies_listed_by_office ON candidacies (election_id, office, candidacy_id);
