-- The alternate's consent document is verified apart from the owner's (001 §3.III-V):
-- each person of a formula has a row of its own, the owner's as before.
ALTER TABLE consents ADD COLUMN persona text NOT NULL DEFAULT 'propietaria';  -- Person
ALTER TABLE consents DROP CONSTRAINT consents_pkey;
ALTER TABLE consents ADD PRIMARY KEY (candidacy_id, persona);

-- The Cédula scores each person of the formula (004 §46): the verifier's marks on the
-- alternate's are kept apart from the owner's.
ALTER TABLE cedula_marks ADD COLUMN persona text NOT NULL DEFAULT 'propietaria';  -- Person
ALTER TABLE cedula_marks DROP CONSTRAINT cedula_marks_pkey;
ALTER TABLE cedula_marks ADD PRIMARY KEY (candidacy_id, persona, scoring, variable_id);
DROP INDEX cedula_marks_latest;
CREATE INDEX cedula_marks_latest ON cedula_marks
    (candidacy_id, persona, rubric, variable_id, scoring DESC);

-- The formula's alternate, from its registration or its projection: the curricular
-- quality counts people, owners and alternates (004 §46-47).
ALTER TABLE candidacies ADD COLUMN alternate_name text;  -- NULL: no alternate known
