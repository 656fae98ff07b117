-- The Cédula de Evaluación (001 §6; reference §3.2, §7.4): the verifier's marks on each
-- candidacy's variables, with who marked them and when. Each scoring adds its marks and
-- never changes an earlier one, so the history of a Cédula is kept; the mechanical
-- variables are not stored, they are scored from the projection whenever it is read.

CREATE TABLE cedula_marks (
    candidacy_id text NOT NULL REFERENCES candidacies,
    scoring integer NOT NULL,            -- 1, 2, … : the candidacy's scorings in order
    rubric text NOT NULL,                -- the rubric file (analysis.cedula_rubric)
    variable_id text NOT NULL,
    met boolean NOT NULL,                -- cumple / no cumple
    marked_by text NOT NULL,             -- the verifier's account
    marked_at timestamptz NOT NULL,
    PRIMARY KEY (candidacy_id, scoring, variable_id)
);
CREATE INDEX cedula_marks_latest ON cedula_marks (candidacy_id, rubric, variable_id, scoring DESC);

CREATE FUNCTION cedula_marks_are_kept() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'cedula_marks keeps its history: a new scoring adds marks';
END $$;
CREATE TRIGGER cedula_marks_kept BEFORE UPDATE OR DELETE ON cedula_marks
    FOR EACH ROW EXECUTE FUNCTION cedula_marks_are_kept();
