-- When a withdrawn candidacy's identity answers are to be suppressed (000 §9.5).
ALTER TABLE candidacies ADD COLUMN suppress_after timestamptz;
