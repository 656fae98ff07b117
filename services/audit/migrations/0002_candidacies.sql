-- Which party captures each candidacy (from capture's events), so that a party or a
-- candidate can read the entries about its own candidacies: the transparency view.
CREATE TABLE candidacies (
    candidacy_id        text PRIMARY KEY,
    election_id         text NOT NULL,
    capturing_party_id  text
);
CREATE INDEX candidacies_by_party ON candidacies (capturing_party_id);
